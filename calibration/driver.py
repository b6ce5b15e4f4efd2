"""What `fremdrift calibrate` does: fit, write calibration/fitted.toml and the fit history,
then (re)build the report. `--report-only` starts from the saved fit."""

from __future__ import annotations

import datetime as dt
import platform
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from calibration.emulate import MatchResult, history_match
from calibration.fit import (
    FITTED_FILE,
    Evaluation,
    EvaluationCache,
    Evaluator,
    FitResult,
    FitSettings,
    fit,
    overrides,
)
from calibration.polish import Move, compass_search
from calibration.screen import Screen, screen_around, with_screen
from calibration.targets import load_targets
from sim.core import Params
from sim.experiments.executors import Executor
from sim.experiments.scenario import _toml_value

HISTORY_FILE = FITTED_FILE.with_name("fit_history.csv")
CACHE_FILE = FITTED_FILE.with_name("fit_cache.csv")
ENSEMBLE_FILE = FITTED_FILE.with_name("ensemble.toml")


def start_point(settings: FitSettings, fitted: Path = FITTED_FILE, *, fresh: bool = False):
    """Where the search begins: the shipped fit's values, so a refit only has to improve on
    what is shipped; or, with `fresh` or no fit yet, the hand-tuned `start` of fit.toml
    (None if that is incomplete: the search then covers the whole ranges)."""
    if fitted.exists() and not fresh:
        params = load_fitted(fitted)
        x = []
        for f in settings.free:
            group, _, name = f.keys[0].partition(".")
            x.append(float(np.clip(params.get(f"{group}.{name}"), f.lo, f.hi)))
        return np.array(x)
    if all(f.start is not None for f in settings.free):
        return np.array([f.start for f in settings.free])
    return None


def run_fit(
    settings: FitSettings,
    executor: Executor,
    *,
    budget: int | None = None,
    on_evaluation: Callable[[Evaluation], None] | None = None,
    x0: np.ndarray | None = None,
    cache: Path | None = CACHE_FILE,
) -> FitResult:
    """The fit on the hard targets less the held-out ones, with the fixed values in place.
    `cache` (None for none) makes a killed fit resume where it stopped."""
    targets, _ = load_targets()
    evaluator = Evaluator(
        base=Params(),
        free=settings.free,
        targets=settings.fit_targets(targets),
        seeds=settings.seeds,
        executor=executor,
        on_evaluation=on_evaluation,
        cache=EvaluationCache(cache) if cache else None,
        fixed=settings.fixed_values,
    )
    return fit(
        evaluator,
        budget=budget or settings.budget,
        popsize=settings.popsize,
        seed=settings.root_seed,
        x0=x0,
        spread=settings.spread,
        tol=settings.tol,
        atol=settings.atol,
    )


def _shared(settings: FitSettings, executor: Executor, cache: Path | None, base) -> dict:
    """What every evaluator of a history match shares: the fit's targets, fixed values and
    cache."""
    targets, _ = load_targets()
    return {
        "base": base or Params(),
        "free": settings.free,
        "targets": settings.fit_targets(targets),
        "executor": executor,
        "cache": EvaluationCache(cache) if cache else None,
        "fixed": settings.fixed_values,
    }


def run_match(
    settings: FitSettings,
    executor: Executor,
    *,
    x0: np.ndarray | None = None,
    on_wave: Callable | None = None,
    on_points: Callable[[int], None] | None = None,
    on_move: Callable[[Move], None] | None = None,
    on_polish_points: Callable[[int], None] | None = None,
    on_screen_points: Callable[[int], None] | None = None,
    cache: Path | None = CACHE_FILE,
    base: Params | None = None,
) -> tuple[FitResult, MatchResult]:
    """History matching (calibration/emulate.py) on the fit's targets, fixed values and
    cache: design points on the first `[history_matching] replicates` of the fit's cohorts,
    the chosen fit on all of them, then the compass search from it on the same cohorts
    (calibration/polish.py). If no set met every band, the ensemble is drawn around the
    fit by simulation (calibration/screen.py). Returns the fit in the form `write_fitted` and
    `save_history` take, and the waves and the ensemble."""
    shared = _shared(settings, executor, cache, base)
    design = Evaluator(seeds=settings.seeds[: settings.match.replicates], **shared)
    confirm = Evaluator(seeds=settings.seeds, **shared)
    match = history_match(
        design, confirm, settings.match, x0=x0, on_wave=on_wave, on_points=on_points
    )
    if settings.match.polish_moves:
        start = Evaluation(match.x, match.loss, match.moments, len(settings.seeds))
        match.apply_polish(
            compass_search(
                confirm,
                start,
                step=settings.match.polish_step,
                max_moves=settings.match.polish_moves,
                batch=settings.match.batch,
                on_move=on_move,
                on_points=on_polish_points,
            )
        )
    if match.ensemble_kind == "near-best" and settings.match.screen_draws:
        match.apply_screen(screen_fit(settings, match.x, shared, on_points=on_screen_points))
    return match.fit_result(), match


def as_written(value: float) -> float:
    """A fitted value as fitted.toml keeps it: six significant digits."""
    return float(f"{value:.6g}")


def screen_fit(
    settings: FitSettings,
    x: np.ndarray,
    shared: dict,
    *,
    on_points: Callable[[int], None] | None = None,
) -> Screen:
    """The sets around the fit `x` that meet every fitted hard band on the first
    `screen_cohorts` of the fit's cohorts (calibration/screen.py)."""
    m = settings.match
    evaluator = Evaluator(seeds=settings.seeds[: m.screen_cohorts], **shared)
    # The centre as fitted.toml keeps it (six significant digits), so a screen after the fit
    # and `--screen-only` on the shipped fit draw the same sets.
    centre = np.array([as_written(v) for v in x])
    return screen_around(
        evaluator,
        centre,
        draws=m.screen_draws,
        spread=m.screen_spread,
        seed=m.root_seed + 1000,
        batch=m.batch,
        on_points=on_points,
    )


def rescreen(
    settings: FitSettings,
    executor: Executor,
    *,
    fitted: Path = FITTED_FILE,
    on_points: Callable[[int], None] | None = None,
    cache: Path | None = CACHE_FILE,
    base: Params | None = None,
) -> Screen:
    """The screen around the shipped fit, without fitting again (`fremdrift calibrate
    --screen-only`): for an ensemble after a change to the screen's settings."""
    if not fitted.exists():
        raise FileNotFoundError(f"{fitted.name}: no shipped fit to screen around")
    x = start_point(settings, fitted)
    shared = _shared(settings, executor, cache, base)
    return screen_fit(settings, x, shared, on_points=on_points)


def write_fitted(
    result: FitResult,
    settings: FitSettings,
    path: Path = FITTED_FILE,
    *,
    refined: bool = False,
    match: MatchResult | None = None,
) -> None:
    """fitted.toml: a scenario fragment with the fitted values, and how they were found.
    With `refined`, the evaluations and time of the fit it started from are added in; with
    `match`, the history match's waves (the report's convergence section reads them)."""
    before = {}
    if refined and path.exists():
        import tomllib

        before = tomllib.loads(path.read_text(encoding="utf-8")).get("fit", {})
    values = {**settings.fixed_values, **overrides(settings.free, result.x)}
    by_group: dict[str, dict[str, float]] = {}
    for key, value in values.items():
        group, _, name = key.partition(".")
        by_group.setdefault(group, {})[name] = as_written(value)
    lines = [
        "# Written by `fremdrift calibrate`; do not edit by hand (rerun the fit instead).",
        "# Parameters not listed keep their defaults. Scenarios load this file through",
        '# [meta] base = "../calibration/fitted.toml".',
        "",
        "[meta]",
        'name = "fitted"',
        'description = "Parameters fitted to the published figures (calibration/report.md)."',
        "",
        "[fit]",
        f"loss = {result.loss:.6g}",
        f"evaluations = {result.evaluations + int(before.get('evaluations', 0))}",
        f"replicates = {settings.replicates}",
        f"stages = {int(before.get('stages', 1)) + 1 if before else 1}",
        f"root_seed = {settings.root_seed}",
        f"seconds = {result.seconds + float(before.get('seconds', 0)):.0f}",
        f"converged = {'true' if result.converged else 'false'}",
        f"method = {_toml_value('history matching' if match else 'differential evolution')}",
        f"generations = {result.generations}",
        f"population_loss_sd = {result.population_sd:.6g}",
        f"stop = {_toml_value(result.message)}",
        f"date = {_toml_value(dt.date.today().isoformat())}",
        f"python = {_toml_value(platform.python_version())}",
    ]
    if match is not None:
        lines += [
            f"design_points = {len(match.design)}",
            f"design_replicates = {settings.match.replicates}",
            f"confirmed = {len(match.confirmed)}",
        ]
    if match is not None and match.polish is not None:
        pol = match.polish
        lines += [
            f"polish_step = {pol.step:g}",
            f"polish_points = {len(pol.history)}",
            f"polish_start_loss = {pol.start.loss:.6g}",
            f"polish_minimum = {'true' if pol.minimum else 'false'}",
        ]
    for group, vals in by_group.items():
        lines += ["", f"[{group}]"]
        lines += [f"{k} = {_toml_value(v)}" for k, v in vals.items()]
    for w in match.waves if match else ():
        lines += [
            "",
            "[[fit.wave]]",
            f"number = {w.number}",
            f"points = {w.points}",
            f"plausible_share = {w.plausible_share:.6g}",
            f"emulated_best = {w.emulated_best:.6g}",
            f"best_simulated = {w.best_simulated:.6g}",
            f"moved = {_toml_value(float(f'{w.moved:.6g}'))}",
            f"predicted_within = {_toml_value(float(f'{w.predicted_within:.6g}'))}",
        ]
    for m in match.polish.moves if match and match.polish else ():
        lines += [
            "",
            "[[fit.move]]",
            f"parameter = {_toml_value(m.parameter)}",
            f"direction = {m.direction}",
            f"loss = {m.loss:.6g}",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_match_ensemble(
    match: MatchResult, settings: FitSettings, path: Path = ENSEMBLE_FILE
) -> Path:
    """ensemble.toml from a history match: the simulated parameter sets whose cohort means
    meet every fitted hard band (drawn in the ensemble wave, or around the fit by the screen),
    else the near-best sets; at most `[ensemble] population` of them (a seeded draw when more
    qualify), in the form `fremdrift compare --ensemble` reads."""
    if match.ensemble_kind == "screened" and match.screen is not None:
        return write_screen_ensemble(match.screen, settings, path)
    fields = [
        'method = "history matching"',
        f"kind = {_toml_value(match.ensemble_kind)}",
        f"near_best = {settings.match.near_best:g}",
        f"qualified = {len(match.ensemble)}",
        f"simulated = {len(match.design)}",
        f"replicates = {settings.match.replicates}",
        f"generations = {len(match.waves)}",
        f"evaluations = {len(match.design) * settings.match.replicates}",
        f"converged = {'true' if match.converged else 'false'}",
    ]
    return _write_sets(match.ensemble, fields, settings, path)


def write_screen_ensemble(
    screen: Screen, settings: FitSettings, path: Path = ENSEMBLE_FILE
) -> Path:
    """ensemble.toml from a screen around the fit, after a fit or on the shipped one
    (`fremdrift calibrate --screen-only`), the same either way. Refuses fewer than two sets:
    a comparison cannot tell one set from chance, and the file in place is left as it was."""
    if len(screen.kept) < 2:
        raise ValueError(
            f"of {screen.drawn} sets drawn around the fit, {len(screen.kept)} met every band; "
            f"{path.name} is left as it was"
        )
    fields = [
        'method = "history matching"',
        'kind = "screened"',
        f"qualified = {len(screen.kept)}",
        *_screen_fields(screen),
    ]
    return _write_sets(screen.kept, fields, settings, path)


def note_screen(screen: Screen, fitted: Path = FITTED_FILE) -> None:
    """Say in fitted.toml's stop message what a screen after the fit kept, as a fit that ran
    the screen itself says it: the report reads the fit's record from there."""
    import tomllib

    text = fitted.read_text(encoding="utf-8")
    stop = tomllib.loads(text).get("fit", {}).get("stop")
    if stop is None:
        return
    old = f"stop = {_toml_value(stop)}"
    new = f"stop = {_toml_value(with_screen(stop, screen))}"
    fitted.write_text(text.replace(old, new, 1), encoding="utf-8")


def _screen_fields(screen: Screen) -> list[str]:
    return [
        f"screen_draws = {screen.drawn}",
        f"screen_cohorts = {screen.cohorts}",
        f"screen_spread = {screen.spread:g}",
    ]


def _write_sets(
    sets: list[np.ndarray], fields: list[str], settings: FitSettings, path: Path
) -> Path:
    from calibration.ensemble import EnsembleSettings
    from calibration.fit import FIT_FILE

    ens = EnsembleSettings.from_toml(FIT_FILE)
    inside = sets
    if len(inside) > ens.population:
        rng = np.random.default_rng(ens.root_seed)
        keep = np.sort(rng.choice(len(inside), ens.population, replace=False))
        inside = [inside[i] for i in keep]
    lines = [
        "# Written by `fremdrift calibrate`; do not edit by hand.",
        "# Parameter sets consistent with the published targets (calibration/emulate.py):",
        "# kind = non-implausible: sets whose simulated cohort means meet every fitted hard",
        "# band; kind = screened: no set from history matching did, and these sets, drawn",
        "# around the fit (calibration/screen.py), met every band on a few of its cohorts;",
        "# kind = near-best: neither found a set, and these fit about as well as the best",
        "# (emulated loss within near_best of it). Each [[set]] holds model parameters;",
        "# anything not listed keeps fitted.toml's value.",
        "",
        "[ensemble]",
        *fields,
        f"sets = {len(inside)}",
        f"root_seed = {ens.root_seed}",
        f"date = {_toml_value(dt.date.today().isoformat())}",
        f"python = {_toml_value(platform.python_version())}",
    ]
    for x in inside:
        values = {**settings.fixed_values, **overrides(settings.free, x)}
        lines += ["", "[[set]]"]
        lines += [f'"{k}" = {_toml_value(float(f"{v:.6g}"))}' for k, v in values.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def save_history(
    result: FitResult, settings: FitSettings, path: Path = HISTORY_FILE, *, append: bool = False
) -> None:
    """Every evaluation: the free values, the loss and the moments (for the loss profiles).
    A refit that started from the shipped fit `append`s, so the history stays whole."""
    old = pd.read_csv(path) if append and path.exists() else None
    if old is not None and "stage" not in old:
        old.insert(0, "stage", 1)
    stage = 1 if old is None else int(old["stage"].max()) + 1
    first = 0 if old is None else len(old)
    rows = []
    for i, ev in enumerate(result.history):
        row = {
            "stage": stage,
            "replicates": ev.cohorts or settings.replicates,
            "evaluation": first + i,
            "loss": ev.loss,
        }
        row.update({f.name: float(v) for f, v in zip(settings.free, ev.x, strict=True)})
        row.update({f"moment_{k}": v for k, v in ev.moments.items()})
        rows.append(row)
    new = pd.DataFrame(rows)
    if old is not None:
        new = pd.concat([old, new], ignore_index=True)
    new.to_csv(path, index=False, float_format="%.6g")


def load_fitted(path: Path = FITTED_FILE) -> Params:
    """The fitted parameter set (defaults plus the fitted values)."""
    from sim.experiments.scenario import load_base

    return load_base(path)
