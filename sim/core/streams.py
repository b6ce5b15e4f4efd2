"""Named random streams, one per kind of decision, all derived from one root seed.

Each stream is keyed by a stable hash of its name, so adding a stream never shifts the others.
Each stream draws one vector over all citizen slots per step (never only over the eligible ones),
so citizen i sees the same luck under every strategy: common random numbers.
"""

from __future__ import annotations

import zlib

import numpy as np

STREAM_NAMES: tuple[str, ...] = (
    "population",  # initial citizen draws
    "caseworkers",  # initial and newly hired caseworkers
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
        for name in STREAM_NAMES:
            child = np.random.SeedSequence(
                entropy=root.entropy,
                spawn_key=(*root.spawn_key, zlib.crc32(name.encode())),
            )
            self._gens[name] = np.random.Generator(np.random.PCG64(child))

    def __getattr__(self, name: str) -> np.random.Generator:
        try:
            return self.__dict__["_gens"][name]
        except KeyError:
            raise AttributeError(f"no random stream named {name!r}") from None

    def int_seed(self, name: str) -> int:
        """An integer seed for a library that wants one (networkx, mesa.Model)."""
        return int(self._gens[name].integers(0, 2**31 - 1))


def replicate_seeds(root_seed: int, n: int) -> list[np.random.SeedSequence]:
    """Seeds for n replicates, spawned from the root (never root + i)."""
    return as_seed_sequence(root_seed).spawn(n)
