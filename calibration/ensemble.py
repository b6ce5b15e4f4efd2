"""Parameter uncertainty: an ensemble of parameter sets consistent with the targets (ABC-SMC).

A best fit is one point; many parameter sets may meet the published figures about as well and
still disagree on what a planner asks ("parallel or staircase?"). Approximate Bayesian
computation with sequential Monte Carlo (pyabc, Klinger et al. 2018) keeps a population of
parameter sets and tightens, generation by generation, how close their simulated study must
come to the targets. The prior is uniform on the free ranges of fit.toml; the fixed values and
held-out targets are those of the fit. Each particle is one study-sized cohort: the published
figures come from one cohort of about 3,500 citizens (P1), so the cohort-to-cohort spread is
part of what the ensemble must allow, not noise to average away.

Distance: the root of the fit's loss, i.e. band distances over the hard fitted targets; a
distance of sqrt(number of targets) means every target sits, on average, at its band's edge.
The run stops when the tolerance reaches that (`minimum_epsilon`), when fewer than
`min_acceptance_rate` of the proposals are accepted (more generations would cost much and
change little), or after `max_generations`; ensemble.toml records which.

Execution: pyabc's own samplers on the executor the command line chose: one process
(`--workers 1`), a pool of local processes, or the Dask cluster. pyabc keeps every generation
in an SQLite database; a run killed at any moment resumes from its last finished generation.
The model's seed for a particle is derived from its parameter values (no global random state
in the model); pyabc's own proposals draw from NumPy's global generator, which is seeded
once from `root_seed` here, so a one-process run is repeatable; parallel samplers accept
particles in the order they finish, so those are repeatable in distribution only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
import platform
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from calibration.fit import FITTED_FILE, FitSettings, _resolve, overrides
from calibration.study import MOMENTS
from calibration.targets import Target, load_targets
from sim.core import Params
from sim.experiments.executors import Executor
from sim.experiments.scenario import _toml_value

ENSEMBLE_FILE = FITTED_FILE.with_name("ensemble.toml")
DATABASE_FILE = FITTED_FILE.with_name("ensemble.db")
STUDY = "calibration.study:study_moments"


@dataclass(frozen=True)
class EnsembleSettings:
    """How large the ensemble is and when its search stops (fit.toml [ensemble])."""

    population: int = 100  # parameter sets kept per generation and shipped
    max_generations: int = 12
    min_acceptance_rate: float = 0.02
    root_seed: int = 2026

    @classmethod
    def from_toml(cls, path: Path) -> EnsembleSettings:
        doc = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("ensemble", {})
        s = cls(
            population=int(doc.get("population", cls.population)),
            max_generations=int(doc.get("max_generations", cls.max_generations)),
            min_acceptance_rate=float(doc.get("min_acceptance_rate", cls.min_acceptance_rate)),
            root_seed=int(doc.get("root_seed", cls.root_seed)),
        )
        if not 2 <= s.population <= 10_000:
            raise ValueError(f"{path}: [ensemble] population {s.population} not in 2..10000")
        if s.max_generations < 1:
            raise ValueError(f"{path}: [ensemble] max_generations must be at least 1")
        if not 0 < s.min_acceptance_rate < 1:
            raise ValueError(f"{path}: [ensemble] min_acceptance_rate must be in (0, 1)")
        return s


def particle_seed(values: dict[str, float], root_seed: int) -> int:
    """A model seed from a particle's values: the same particle always sees the same cohort,
    different particles different cohorts, and nothing reads a global generator."""
    text = ",".join(f"{k}={v:.12g}" for k, v in sorted(values.items()))
    digest = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
    return int(np.random.SeedSequence([root_seed, digest]).generate_state(1, dtype=np.uint32)[0])


class StudyModel:
    """What pyabc calls for a particle: the study's moments for those parameter values.
    A plain class (not a closure), so process pools and Dask can pickle it."""

    def __init__(
        self,
        base: dict[str, dict[str, Any]],
        settings: FitSettings,
        study: str,
        root_seed: int,
    ) -> None:
        self.base = base
        self.free = settings.free
        self.fixed = settings.fixed_values
        self.study = study
        self.root_seed = root_seed

    def __call__(self, particle: dict[str, float]) -> dict[str, float]:
        x = np.array([float(particle[f.name]) for f in self.free])
        values = {**self.fixed, **overrides(self.free, x)}
        params = Params.from_dict(self.base).with_values(**values)
        seed = particle_seed({f.name: float(particle[f.name]) for f in self.free}, self.root_seed)
        try:
            moments = _resolve(self.study)(params, seed)
        except Exception:  # an impossible parameter set is far away, not the end of the run
            return {m: float("nan") for m in MOMENTS}
        return {k: float(v) for k, v in moments.items()}


class BandDistance:
    """The root of the fit's loss: band distances over the hard targets the fit uses."""

    def __init__(self, targets: list[Target]) -> None:
        self.targets = [t for t in targets if t.hard]

    def __call__(self, x: dict[str, float], _x0: dict[str, float]) -> float:
        total = sum(t.distance(float(x.get(t.moment, float("nan")))) ** 2 for t in self.targets)
        return float(math.sqrt(total))


def make_sampler(executor: Executor | None):
    """pyabc's sampler for the executor the command line chose (same flags as sweeps)."""
    from pyabc.sampler import (
        DaskDistributedSampler,
        MulticoreEvalParallelSampler,
        SingleCoreSampler,
    )

    name = getattr(executor, "name", "in-process")
    if name == "dask":
        return DaskDistributedSampler(executor.client)
    if name == "local-pool" and executor.workers > 1:
        return MulticoreEvalParallelSampler(n_procs=executor.workers)
    return SingleCoreSampler()


@dataclass
class Generation:
    t: int
    epsilon: float
    acceptance_rate: float
    particles: int


def run_ensemble(
    fit_settings: FitSettings,
    settings: EnsembleSettings,
    executor: Executor | None = None,
    *,
    base: Params | None = None,
    database: Path = DATABASE_FILE,
    study: str = STUDY,
    on_generation: Callable[[Generation], None] | None = None,
    targets: list[Target] | None = None,
):
    """Run (or resume) ABC-SMC and return pyabc's History. A database that already holds a
    run is continued from its last finished generation. `targets` replaces targets.toml
    (tests use a toy study that estimates only a few moments)."""
    import pyabc

    for name in ("ABC", "Sampler", "Epsilon", "Distance", "Acceptor", "Adaptation", "pyabc"):
        logging.getLogger(name).setLevel(logging.WARNING)
    np.random.seed(settings.root_seed)  # pyabc proposes from NumPy's global generator
    targets = targets if targets is not None else load_targets()[0]
    fit_targets = fit_settings.fit_targets(targets)
    prior = pyabc.Distribution(
        **{f.name: pyabc.RV("uniform", f.lo, f.hi - f.lo) for f in fit_settings.free}
    )
    model = StudyModel((base or Params()).to_dict(), fit_settings, study, settings.root_seed)
    sampler = _ProgressSampler.wrap(make_sampler(executor), on_generation)
    abc = pyabc.ABCSMC(
        model,
        prior,
        BandDistance(fit_targets),
        population_size=settings.population,
        sampler=sampler,
    )
    database = Path(database)
    url = f"sqlite:///{database}"
    done = 0
    if database.exists() and database.stat().st_size > 0:
        abc.load(url, 1)
        done = abc.history.max_t + 1
    else:
        database.parent.mkdir(parents=True, exist_ok=True)
        abc.new(url, {t.moment: t.value for t in fit_targets})
    n_hard = sum(t.hard for t in fit_targets)
    remaining = settings.max_generations - done
    if remaining > 0:
        abc.run(
            minimum_epsilon=math.sqrt(n_hard),
            max_nr_populations=remaining,
            min_acceptance_rate=settings.min_acceptance_rate,
        )
    return abc.history


class _ProgressSampler:
    """Adds a per-generation report to any pyabc sampler, without changing what it does."""

    @staticmethod
    def wrap(sampler, on_generation):
        if on_generation is None:
            return sampler
        inner = sampler.sample_until_n_accepted

        def sample(n, simulate_one, t, **kwargs):
            sample_ = inner(n, simulate_one, t, **kwargs)
            if t < 0:  # pyabc's draw from the prior that sets the first tolerance
                return sample_
            evaluations = max(1, int(getattr(sampler, "nr_evaluations_", n)))
            distances = [p.distance for p in sample_.accepted_particles]
            on_generation(
                Generation(
                    t=int(t),
                    epsilon=float(max(distances)) if distances else float("nan"),
                    acceptance_rate=len(distances) / evaluations,
                    particles=len(distances),
                )
            )
            return sample_

        sampler.sample_until_n_accepted = sample
        return sampler


def resample(history, n: int, seed: int) -> list[dict[str, float]]:
    """`n` equally weighted parameter sets from the last generation (systematic resampling
    with a seeded generator), so a comparison can draw any of them with equal chance."""
    frame, weights = history.get_distribution()
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    positions = (rng.random() + np.arange(n)) / n
    index = np.minimum(np.searchsorted(np.cumsum(w), positions), len(w) - 1)
    rows = frame.iloc[index]
    return [{c: float(r[c]) for c in frame.columns} for _, r in rows.iterrows()]


def write_ensemble(
    history,
    fit_settings: FitSettings,
    settings: EnsembleSettings,
    path: Path = ENSEMBLE_FILE,
    n: int | None = None,
    targets: list[Target] | None = None,
) -> Path:
    """ensemble.toml: `n` parameter sets (model keys, fixed values included) and how the
    search ended, for `fremdrift compare --ensemble`."""
    sets = resample(history, n or settings.population, settings.root_seed)
    pops = history.get_all_populations()
    last = pops[pops["t"] >= 0].iloc[-1]
    targets = targets if targets is not None else load_targets()[0]
    n_hard = sum(t.hard for t in fit_settings.fit_targets(targets))
    reached = float(last["epsilon"]) <= math.sqrt(n_hard)
    lines = [
        "# Written by `fremdrift calibrate --ensemble`; do not edit by hand.",
        "# Parameter sets consistent with the published targets (ABC-SMC, see ensemble.py).",
        "# Each [[set]] holds model parameters; anything not listed keeps fitted.toml's value.",
        "",
        "[ensemble]",
        'method = "ABC-SMC (pyabc)"',
        f"sets = {len(sets)}",
        f"generations = {int(last['t']) + 1}",
        f"final_epsilon = {float(last['epsilon']):.6g}",
        f"target_epsilon = {math.sqrt(n_hard):.6g}",
        f"converged = {'true' if reached else 'false'}",
        f"evaluations = {int(pops['samples'].sum())}",
        f"root_seed = {settings.root_seed}",
        f"date = {_toml_value(dt.date.today().isoformat())}",
        f"python = {_toml_value(platform.python_version())}",
    ]
    for particle in sets:
        x = np.array([particle[f.name] for f in fit_settings.free])
        values = {**fit_settings.fixed_values, **overrides(fit_settings.free, x)}
        lines += ["", "[[set]]"]
        lines += [f'"{k}" = {_toml_value(float(f"{v:.6g}"))}' for k, v in values.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
