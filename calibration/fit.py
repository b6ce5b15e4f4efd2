"""The fit: method of simulated moments with differential evolution, run to convergence.

An evaluation runs the simulated study (calibration/study.py) on a few study-sized cohorts with
fixed, spawned seeds, averages each moment over them and scores the averages against the hard
targets (calibration/targets.py). Fixed seeds make the loss a deterministic function of the
parameters, so the optimiser compares parameter sets, not luck. The studies of a whole
generation go to an executor at once (a process pool or Dask), a chunk per worker.

The search stops on scipy's convergence criterion (the population's losses agree to within
`atol + tol * |mean|`), not after a budget picked in advance; the budget is only a ceiling,
and a fit that reaches it is reported as not converged. Every evaluation is cached on disk
(`EvaluationCache`): the optimiser is seeded, so a search killed at any moment and started
again replays the same points and reads them from the cache instead of running them again.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import importlib
import json
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
from sim.experiments.executors import Executor, InProcess, JobCrashed
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
class Fixed:
    """A parameter no hard target informs: written to fitted.toml at `value`, not searched."""

    name: str
    keys: tuple[str, ...]
    value: float
    reason: str


@dataclass(frozen=True)
class HoldOut:
    """An emergent target kept out of the fit as validation, with the reason."""

    moment: str
    reason: str


@dataclass(frozen=True)
class MatchSettings:
    """fit.toml [history_matching]: the size of the waves and when they stop
    (calibration/emulate.py says what each one does)."""

    first_wave: int = 120  # points of the first design (Latin hypercube over the ranges)
    wave: int = 60  # points of each later wave
    max_waves: int = 5
    replicates: int = 3  # cohorts per design point (the fit's first seeds)
    cutoff: float = 3.0  # implausibility above which a point is ruled out
    candidates: int = 20000  # draws that map the non-implausible part in each wave
    local_share: float = 0.25  # share of a later wave placed around the emulated best fit
    confirm: int = 4  # best candidates run on the fit's full cohorts to choose the fit
    ensemble_wave: int = 300  # points drawn from the final non-implausible part for the ensemble
    ensemble_cutoff: float = 2.0  # ... where every prediction is within its band, give or take
    near_best: float = 1.0  # if nothing meets every band: sets within this loss of the best
    settled: float = 0.2  # stop when the non-implausible share changes by less than this ...
    moved: float = 0.05  # ... and the emulated best fit moves less than this share of a range
    batch: int = 12  # points evaluated (and cached) at a time
    root_seed: int = 2031
    polish_step: float = 0.1  # compass search step, share of each range (calibration/polish.py)
    polish_moves: int = 8  # at most this many moves; 0 skips the polish
    screen_draws: int = 0  # if nothing meets every band: sets drawn around the fit (0: none)
    screen_cohorts: int = 8  # ... each run on this many of the fit's cohorts
    screen_spread: float = 0.05  # ... from a normal cloud of this sd, share of each range

    @classmethod
    def from_dict(cls, doc: dict, where: str = "fit.toml [history_matching]") -> MatchSettings:
        known = cls.__dataclass_fields__
        unknown = sorted(set(doc) - set(known))
        if unknown:
            raise ValueError(f"{where}: unknown key {unknown[0]}; keys: {', '.join(known)}")
        values = {}
        for k, v in doc.items():
            kind = type(getattr(cls(), k))
            ok = isinstance(v, int | float) and not isinstance(v, bool)
            if not ok or (kind is int and v != int(v)):
                raise ValueError(
                    f"{where}: {k} = {v!r} must be {'a whole' if kind is int else 'a'} number"
                )
            values[k] = kind(v)
        s = cls(**values)
        for name in (
            "first_wave",
            "wave",
            "max_waves",
            "replicates",
            "candidates",
            "batch",
            "ensemble_wave",
        ):
            if getattr(s, name) < 1:
                raise ValueError(f"{where}: {name} = {getattr(s, name)} must be at least 1")
        if not 0 < s.local_share < 1 or s.cutoff <= 0 or s.ensemble_cutoff <= 0:
            raise ValueError(
                f"{where}: local_share must lie in (0, 1), cutoff and ensemble_cutoff above 0"
            )
        if s.ensemble_cutoff > s.cutoff:
            raise ValueError(f"{where}: ensemble_cutoff must not exceed cutoff ({s.cutoff:g})")
        if not 0 < s.polish_step <= 0.5:
            raise ValueError(f"{where}: polish_step = {s.polish_step:g} must lie in (0, 0.5]")
        if s.polish_moves < 0:
            raise ValueError(f"{where}: polish_moves = {s.polish_moves} must be at least 0")
        if s.screen_draws < 0 or s.screen_cohorts < 1 or not 0 < s.screen_spread <= 0.5:
            raise ValueError(
                f"{where}: screen_draws at least 0, screen_cohorts at least 1 and screen_spread "
                "in (0, 0.5]"
            )
        if s.confirm < 1 or s.near_best <= 0 or s.settled < 0 or not 0 < s.moved <= 1:
            raise ValueError(
                f"{where}: confirm at least 1, near_best above 0, settled at least 0 and moved "
                "in (0, 1]"
            )
        return s


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
    fixed: tuple[Fixed, ...] = ()
    hold_out: tuple[HoldOut, ...] = ()
    tol: float = 0.01
    atol: float = 0.05
    match: MatchSettings = field(default_factory=MatchSettings)

    @property
    def fixed_values(self) -> dict[str, float]:
        return {key: f.value for f in self.fixed for key in f.keys}

    def fit_targets(self, targets: list[Target]) -> list[Target]:
        """The targets the loss uses: all but the held-out ones."""
        out = {h.moment for h in self.hold_out}
        return [t for t in targets if t.moment not in out]

    @property
    def seeds(self) -> list[int]:
        return replicate_seed_ints(self.root_seed, self.replicates)

    @property
    def check_seeds(self) -> list[int]:
        return replicate_seed_ints(self.check_seed, self.check_replicates)


def _check_keys(path: Path, what: str, name: str, keys, lo: float, hi: float) -> None:
    for key in keys:
        group, _, field_name = key.partition(".")
        try:
            meta = field_meta(group, field_name)
        except KeyError:
            raise FitError(f"{path}: {what} {name}: unknown parameter {key}") from None
        if not meta["lo"] <= lo <= hi <= meta["hi"]:
            raise FitError(
                f"{path}: {what} {name}: [{lo:g}, {hi:g}] is outside the bounds of {key} "
                f"[{meta['lo']}, {meta['hi']}]"
            )


def load_settings(
    path: str | Path = FIT_FILE, targets_path: str | Path | None = None
) -> FitSettings:
    """Read fit.toml; every free range and fixed value must lie inside its parameters'
    metadata bounds, a parameter may be free or fixed but not both, and a held-out target
    must exist and be emergent (holding out a fitted moment would test nothing)."""
    from calibration.targets import TARGETS_FILE, load_targets

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
        _check_keys(path, "free", f.name, f.keys, f.lo, f.hi)
        free.append(f)
    fixed = []
    for entry in doc.get("fixed", []):
        missing = [k for k in ("name", "keys", "value", "reason") if k not in entry]
        if missing:
            raise FitError(f"{path}: fixed {entry.get('name', '?')}: missing {', '.join(missing)}")
        x = Fixed(entry["name"], tuple(entry["keys"]), float(entry["value"]), entry["reason"])
        _check_keys(path, "fixed", x.name, x.keys, x.value, x.value)
        fixed.append(x)
    searched = {k for f in free for k in f.keys}
    both = sorted(searched & {k for f in fixed for k in f.keys})
    if both:
        raise FitError(f"{path}: {both[0]} is both free and fixed")
    targets, _ = load_targets(targets_path or TARGETS_FILE)
    by_moment = {t.moment: t for t in targets}
    hold_out = []
    for entry in doc.get("hold_out", []):
        moment = entry.get("moment", "?")
        if moment not in by_moment:
            raise FitError(
                f"{path}: hold_out {moment}: no such target; targets: {', '.join(by_moment)}"
            )
        if not by_moment[moment].emergent:
            raise FitError(
                f"{path}: hold_out {moment}: a fitted moment tests nothing when held out; "
                "hold out emergent targets only"
            )
        if not str(entry.get("reason", "")).strip():
            raise FitError(f"{path}: hold_out {moment}: give the reason")
        hold_out.append(HoldOut(moment, entry["reason"]))
    s = doc["settings"]
    settings = FitSettings(
        free=tuple(free),
        replicates=int(s["replicates"]),
        root_seed=int(s["root_seed"]),
        check_replicates=int(s["check_replicates"]),
        check_seed=int(s["check_seed"]),
        popsize=int(s["popsize"]),
        budget=int(s["budget"]),
        spread=float(s.get("spread", 0.1)),
        fixed=tuple(fixed),
        hold_out=tuple(hold_out),
        tol=float(s.get("tol", 0.01)),
        atol=float(s.get("atol", 0.05)),
        match=_match_settings(path, doc.get("history_matching", {})),
    )
    if settings.match.replicates > settings.replicates:
        raise FitError(
            f"{path}: [history_matching] replicates = {settings.match.replicates} must not "
            f"exceed [settings] replicates = {settings.replicates} (its cohorts are the fit's "
            "first ones)"
        )
    return settings


def _match_settings(path: Path, doc: dict) -> MatchSettings:
    try:
        return MatchSettings.from_dict(doc, f"{path} [history_matching]")
    except (TypeError, ValueError) as exc:
        raise FitError(str(exc)) from None


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


@functools.cache
def model_version() -> str:
    """A hash of the model's and the estimators' source: a cached evaluation is reused only
    by the same model measured the same way (a changed rule or estimator invalidates it)."""
    root = HERE.parent
    digest = hashlib.sha256()
    sources = sorted((root / "sim" / "core").rglob("*.py"))
    sources += [HERE / "study.py", HERE / "estimators.py"]
    for path in sources:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def mean_moments(
    cohorts: list[dict[str, float]], names: list[str] | None = None
) -> dict[str, float]:
    """Each moment's mean over the cohorts, in their order (a cohort without it counts as NaN);
    `names` defaults to every moment any cohort has."""
    names = names if names is not None else sorted({k for r in cohorts for k in r})
    return {m: float(np.mean([r.get(m, np.nan) for r in cohorts])) for m in names}


@dataclass
class Evaluation:
    x: np.ndarray
    loss: float
    moments: dict[str, float]
    cohorts: int = 0  # cohorts the moments are averaged over


class EvaluationCache:
    """Evaluations on disk, one CSV row each (the point, the seeds, the loss and the moments
    as JSON), appended as they finish. Keyed by the point and the seeds, so a changed fit
    set-up never reads another's numbers. A row cut short by a kill is skipped on reading."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._rows: dict[str, dict[str, float]] = {}
        if self.path.exists():
            with self.path.open(encoding="utf-8", newline="") as fh:
                for row in csv.reader(fh):
                    if len(row) != 2:
                        continue
                    try:
                        self._rows[row[0]] = json.loads(row[1])
                    except json.JSONDecodeError:
                        continue

    @staticmethod
    def key(x: np.ndarray, seeds: list[int], study: str) -> str:
        return json.dumps([[float(f"{v:.12g}") for v in x], list(seeds), study, model_version()])

    def get(self, key: str) -> dict[str, float] | None:
        return self._rows.get(key)

    def put(self, key: str, moments: dict[str, float]) -> None:
        self._rows[key] = moments
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerow([key, json.dumps(moments)])
            fh.flush()

    def __len__(self) -> int:
        return len(self._rows)


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
    cache: EvaluationCache | None = None
    fixed: dict[str, float] = field(default_factory=dict)

    def moments(self, points: list[np.ndarray]) -> list[dict[str, float]]:
        """Mean moments over the seeds, per point (NaN where a study failed); points already
        in the cache are read from it."""
        keys = [EvaluationCache.key(x, self.seeds, self.study) for x in points]
        known = [self.cache.get(k) if self.cache else None for k in keys]
        todo = [i for i, m in enumerate(known) if m is None]
        fresh = self._compute([points[i] for i in todo]) if todo else []
        for i, m in zip(todo, fresh, strict=True):
            known[i] = m
            # A point with a failed cohort (NaN) is not cached: the failure may be the
            # machine's (a worker killed), and a rerun should try again.
            if self.cache is not None and all(np.isfinite(v) for v in m.values()):
                self.cache.put(keys[i], m)
        return known

    def _compute(self, points: list[np.ndarray]) -> list[dict[str, float]]:
        per_point = self.cohort_moments(points)
        names = sorted({k for rs in per_point for r in rs for k in r})
        names = names or [t.moment for t in self.targets]
        return [mean_moments(rs, names) for rs in per_point]

    def cohort_moments(self, points: list[np.ndarray]) -> list[list[dict[str, float]]]:
        """Each point's moments cohort by cohort, in the order of the seeds (an empty dict for
        a cohort whose study failed); never cached. The report's profile uses them to tell a
        change in loss from the cohorts' noise."""
        base = self.base.with_values(**self.fixed).to_dict() if self.fixed else self.base.to_dict()
        jobs = [
            (i, overrides(self.free, x), seed) for i, x in enumerate(points) for seed in self.seeds
        ]
        per_worker = max(1, self.executor.workers)
        size = max(1, math.ceil(len(jobs) / (2 * per_worker)))
        chunks = [(base, jobs[k : k + size], self.study) for k in range(0, len(jobs), size)]
        by_seed: dict[int, dict[int, dict[str, float]]] = {i: {} for i in range(len(points))}
        for part in self.executor.imap_unordered(evaluate_chunk, chunks):
            if isinstance(part, JobCrashed):
                # The worker died on this chunk (out of memory, killed): its studies count as
                # failed, like a study that raised, and the fit goes on.
                part = [(point, seed, part.cause) for point, _values, seed in part.job[1]]
            for point, seed, result in part:
                by_seed[point][seed] = result if isinstance(result, dict) else {}
        # In the order of the seeds, not of arrival: averaged, the same sums give the same last
        # digits on every executor (a history match proposes its next points from them).
        return [[by_seed[i][seed] for seed in self.seeds] for i in range(len(points))]

    def map(self, _objective: Callable, points) -> list[float]:
        points = [np.asarray(p, dtype=float) for p in points]
        out = []
        for x, m in zip(points, self.moments(points), strict=True):
            ev = Evaluation(x, loss(self.targets, m), m, len(self.seeds))
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
    converged: bool = False
    message: str = ""
    generations: int = 0
    population_sd: float = float("nan")


def fit(
    evaluator: Evaluator,
    *,
    budget: int,
    popsize: int,
    seed: int,
    x0: np.ndarray | None = None,
    spread: float = 0.1,
    tol: float = 0.01,
    atol: float = 0.05,
) -> FitResult:
    """Differential evolution within the free ranges until the population's losses agree
    (sd <= atol + tol * |mean|, scipy's criterion) or about `budget` evaluations are spent.

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
    spreads: list[float] = []

    def watch(intermediate_result) -> None:
        # scipy hands the population's losses to the callback each generation: keep their
        # spread for the convergence diagnostics the report shows.
        energies = getattr(intermediate_result, "population_energies", None)
        if energies is not None:
            spreads.append(float(np.std(energies)))

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
        tol=tol,
        atol=atol,
        callback=watch,
    )
    best = min(evaluator.history, key=lambda e: e.loss)
    converged = bool(result.success) and "maximum number of iterations" not in result.message
    return FitResult(
        x=np.asarray(result.x),
        loss=float(result.fun),
        moments=best.moments,
        evaluations=len(evaluator.history),
        seconds=time.perf_counter() - start,
        history=evaluator.history,
        converged=converged,
        message=str(result.message),
        generations=int(result.nit),
        population_sd=spreads[-1] if spreads else float("nan"),
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
