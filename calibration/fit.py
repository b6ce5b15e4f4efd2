"""The fit: method of simulated moments with differential evolution.

An evaluation runs the simulated study (calibration/study.py) on a few study-sized cohorts with
fixed, spawned seeds, averages each moment over them and scores the averages against the hard
targets (calibration/targets.py). Fixed seeds make the loss a deterministic function of the
parameters, so the optimiser compares parameter sets, not luck. The studies of a whole
generation go to an executor at once (a process pool or Dask), a chunk per worker.
"""

from __future__ import annotations

import importlib
import math
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import differential_evolution

from calibration.targets import Target, loss
from sim.core import Params
from sim.core.params import field_meta
from sim.experiments.executors import Executor, InProcess
from sim.experiments.worker import replicate_seed_ints

HERE = Path(__file__).resolve().parent
FIT_FILE = HERE / "fit.toml"
FITTED_FILE = HERE / "fitted.toml"
STUDY = "calibration.study:study_moments"


class FitError(ValueError):
    """A fit set-up that cannot be used; the message names the file and entry."""


@dataclass(frozen=True)
class Free:
    """One searched value, written to every model parameter in `keys`."""

    name: str
    keys: tuple[str, ...]
    lo: float
    hi: float
    start: float | None = None


@dataclass(frozen=True)
class FitSettings:
    free: tuple[Free, ...]
    replicates: int
    root_seed: int
    check_replicates: int
    check_seed: int
    popsize: int
    budget: int
    spread: float = 0.1

    @property
    def seeds(self) -> list[int]:
        return replicate_seed_ints(self.root_seed, self.replicates)

    @property
    def check_seeds(self) -> list[int]:
        return replicate_seed_ints(self.check_seed, self.check_replicates)


def load_settings(path: str | Path = FIT_FILE) -> FitSettings:
    """Read fit.toml; every free range must lie inside its parameters' metadata bounds."""
    path = Path(path)
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    free = []
    for entry in doc.get("free", []):
        start = entry.get("start")
        f = Free(
            entry["name"],
            tuple(entry["keys"]),
            float(entry["lo"]),
            float(entry["hi"]),
            None if start is None else float(start),
        )
        if not f.lo < f.hi:
            raise FitError(f"{path}: free {f.name}: lo must be below hi")
        if f.start is not None and not f.lo <= f.start <= f.hi:
            raise FitError(f"{path}: free {f.name}: start {f.start} is outside [{f.lo}, {f.hi}]")
        for key in f.keys:
            group, _, name = key.partition(".")
            try:
                meta = field_meta(group, name)
            except KeyError:
                raise FitError(f"{path}: free {f.name}: unknown parameter {key}") from None
            if not meta["lo"] <= f.lo < f.hi <= meta["hi"]:
                raise FitError(
                    f"{path}: free {f.name}: [{f.lo}, {f.hi}] is outside the bounds of {key} "
                    f"[{meta['lo']}, {meta['hi']}]"
                )
        free.append(f)
    s = doc["settings"]
    return FitSettings(
        free=tuple(free),
        replicates=int(s["replicates"]),
        root_seed=int(s["root_seed"]),
        check_replicates=int(s["check_replicates"]),
        check_seed=int(s["check_seed"]),
        popsize=int(s["popsize"]),
        budget=int(s["budget"]),
        spread=float(s.get("spread", 0.1)),
    )


def overrides(free: tuple[Free, ...], x: np.ndarray) -> dict[str, float]:
    """{"group.field": value} for one point of the search."""
    return {key: float(v) for f, v in zip(free, x, strict=True) for key in f.keys}


def _resolve(path: str) -> Callable:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def evaluate_chunk(
    base: dict[str, dict[str, Any]], jobs: list[tuple[int, dict[str, float], int]], study: str
) -> list[tuple[int, int, dict[str, float] | str]]:
    """Worker side: run the study for each (point, overrides, seed); a failure is returned as
    its message, so one impossible parameter set does not stop the fit."""
    simulate = _resolve(study)
    base_params = Params.from_dict(base)
    out = []
    for point, values, seed in jobs:
        try:
            out.append((point, seed, simulate(base_params.with_values(**values), seed)))
        except Exception as exc:
            out.append((point, seed, f"{type(exc).__name__}: {exc}"))
    return out


@dataclass
class Evaluation:
    x: np.ndarray
    loss: float
    moments: dict[str, float]


@dataclass
class Evaluator:
    """Scores parameter points; `map` is handed to differential evolution as its `workers`,
    so a whole generation is computed in parallel on the executor."""

    base: Params
    free: tuple[Free, ...]
    targets: list[Target]
    seeds: list[int]
    executor: Executor = field(default_factory=InProcess)
    study: str = STUDY
    on_evaluation: Callable[[Evaluation], None] | None = None
    history: list[Evaluation] = field(default_factory=list)

    def moments(self, points: list[np.ndarray]) -> list[dict[str, float]]:
        """Mean moments over the seeds, per point (NaN where a study failed)."""
        base = self.base.to_dict()
        jobs = [
            (i, overrides(self.free, x), seed) for i, x in enumerate(points) for seed in self.seeds
        ]
        per_worker = max(1, self.executor.workers)
        size = max(1, math.ceil(len(jobs) / (2 * per_worker)))
        chunks = [(base, jobs[k : k + size], self.study) for k in range(0, len(jobs), size)]
        collected: dict[int, list[dict[str, float]]] = {i: [] for i in range(len(points))}
        for part in self.executor.imap_unordered(evaluate_chunk, chunks):
            for point, _seed, result in part:
                collected[point].append(result if isinstance(result, dict) else {})
        names = [t.moment for t in self.targets]
        return [
            {m: float(np.mean([r.get(m, np.nan) for r in collected[i]])) for m in names}
            for i in range(len(points))
        ]

    def map(self, _objective: Callable, points) -> list[float]:
        points = [np.asarray(p, dtype=float) for p in points]
        out = []
        for x, m in zip(points, self.moments(points), strict=True):
            ev = Evaluation(x, loss(self.targets, m), m)
            self.history.append(ev)
            if self.on_evaluation:
                self.on_evaluation(ev)
            out.append(ev.loss)
        return out

    def __call__(self, x: np.ndarray) -> float:
        return self.map(None, [x])[0]


@dataclass
class FitResult:
    x: np.ndarray
    loss: float
    moments: dict[str, float]
    evaluations: int
    seconds: float
    history: list[Evaluation]


def fit(
    evaluator: Evaluator,
    *,
    budget: int,
    popsize: int,
    seed: int,
    x0: np.ndarray | None = None,
    spread: float = 0.1,
) -> FitResult:
    """Differential evolution within the free ranges, for about `budget` evaluations.

    Without `x0` the first population covers the ranges (Latin hypercube); with `x0` it is
    scattered around that point (`start_population`).

    Deferred updating evaluates a whole generation at once (that is what makes it parallel);
    a fixed `seed` for the optimiser makes the whole fit repeatable.
    """
    free = evaluator.free
    bounds = [(f.lo, f.hi) for f in free]
    n_pop = popsize * len(free)
    maxiter = max(1, budget // n_pop - 1)
    start = time.perf_counter()
    result = differential_evolution(
        lambda x: evaluator(x),
        bounds,
        popsize=popsize,
        maxiter=maxiter,
        init="latinhypercube" if x0 is None else start_population(free, x0, n_pop, seed, spread),
        seed=seed,
        updating="deferred",
        workers=evaluator.map,
        polish=False,
        tol=0.0,
        atol=1e-4,
    )
    best = min(evaluator.history, key=lambda e: e.loss)
    return FitResult(
        x=np.asarray(result.x),
        loss=float(result.fun),
        moments=best.moments,
        evaluations=len(evaluator.history),
        seconds=time.perf_counter() - start,
        history=evaluator.history,
    )


def start_population(
    free: tuple[Free, ...], x0: np.ndarray, size: int, seed: int, spread: float = 0.1
) -> np.ndarray:
    """A population around a known good point: x0 itself, and the rest scattered around it
    by `spread` of each range. A refit then searches near the last fit instead of starting
    over, which with twenty-odd parameters and a budget of hundreds is the difference between
    refining and wandering."""
    lo = np.array([f.lo for f in free])
    hi = np.array([f.hi for f in free])
    rng = np.random.default_rng(seed)
    pop = x0 + spread * (hi - lo) * rng.standard_normal((size, len(free)))
    pop[0] = x0
    return np.clip(pop, lo, hi)
