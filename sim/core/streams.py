"""Named random streams, one per kind of decision, all derived from one root seed.

Each stream is keyed by a stable hash of its name, so adding a stream never shifts the others.
A stream serves in two ways. The weekly decisions about each citizen take counter-based draws
(sim.core.draws) from the stream's `key`: a hash of the key, the week and the citizen's slot,
so citizen i sees the same luck under every strategy (common random numbers) and nothing is
drawn for citizens a decision does not concern. Draws whose number depends on the run's course
(a hire, a batch of new contacts, a caseworker's noisy view) come from the stream's
`numpy.random.Generator`, `streams.<name>`.
"""

from __future__ import annotations

import zlib

import numpy as np

STREAM_NAMES: tuple[str, ...] = (
    "population",  # initial citizen draws
    "caseworkers",  # initial and newly hired caseworkers
    "skill",  # each hired caseworker's skill (its own stream: it shifts no other draw)
    "employers",  # employer attributes
    "network",  # caseworker-employer contacts (also seeds networkx)
    "life",  # life crises
    "turnover",  # caseworkers leaving, vacancies, sick leave
    "transfer",  # case transfers by reorganisation
    "belief",  # noise in the caseworker's answer
    "refer",  # referral decisions at meetings
    "waiting",  # waiting-list places lost at a change
    "placement",  # choice of employer for a placement
    "job",  # job readiness and matching
    "phase",  # phase moves
    "exit",  # education, flexjob, pension
    "returns",  # jobs ending, education dropout
    "measure",  # measurement noise in the panel
    "inflow",  # who arrives when, in an open population
    "mesa",  # seed handed to mesa.Model for its own generators
)


_KEY_BRANCH = 1
"""Spawn-key suffix that sets a stream's counter-based key apart from its Generator."""


def as_seed_sequence(seed: int | np.random.SeedSequence) -> np.random.SeedSequence:
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    return np.random.SeedSequence(int(seed))


class Streams:
    """A bundle of independent generators, `streams.phase`, `streams.job`, ..."""

    def __init__(self, seed: int | np.random.SeedSequence) -> None:
        root = as_seed_sequence(seed)
        self.root = root
        self._gens: dict[str, np.random.Generator] = {}
        self._keys: dict[str, np.uint64] = {}
        for name in STREAM_NAMES:
            branch = (*root.spawn_key, zlib.crc32(name.encode()))
            child = np.random.SeedSequence(entropy=root.entropy, spawn_key=branch)
            self._gens[name] = np.random.Generator(np.random.PCG64(child))
            # The key for counter-based draws has a child of its own, independent of the
            # Generator's.
            own = np.random.SeedSequence(entropy=root.entropy, spawn_key=(*branch, _KEY_BRANCH))
            self._keys[name] = own.generate_state(1, dtype=np.uint64)[0]

    def __getattr__(self, name: str) -> np.random.Generator:
        try:
            return self.__dict__["_gens"][name]
        except KeyError:
            raise AttributeError(f"no random stream named {name!r}") from None

    def key(self, name: str) -> np.uint64:
        """The stream's 64-bit key for counter-based draws (sim.core.draws.uniform)."""
        try:
            return self._keys[name]
        except KeyError:
            raise AttributeError(f"no random stream named {name!r}") from None

    def int_seed(self, name: str) -> int:
        """An integer seed for a library that wants one (networkx, mesa.Model)."""
        return int(self._gens[name].integers(0, 2**31 - 1))


def replicate_seeds(root_seed: int, n: int) -> list[np.random.SeedSequence]:
    """Seeds for n replicates, spawned from the root (never root + i)."""
    return as_seed_sequence(root_seed).spawn(n)
