"""calibration/report.md and its figures, rebuilt from the saved fit on fresh seeds.

Nothing in the report is typed in: every simulated number comes from `check_replicates`
cohorts run with seeds the fit never saw, and every published number from targets.toml.

The report keeps evidence apart from echoes (DESIGN.md section 9): each target is a fitted
moment (a parameter sets it almost directly), an emergent target the fit used, or an emergent
target held out of the fit as validation (fit.toml). Reproduction is claimed only for the
emergent ones. When calibration/ensemble.toml exists, each target also shows its spread over
the ensemble's parameter sets beside its spread over seeds.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from calibration import estimators as est
from calibration.fit import (
    FITTED_FILE,
    Evaluator,
    FitSettings,
    load_settings,
    mean_moments,
)
from calibration.study import DIAGNOSTICS, simulate_study
from calibration.targets import Target, load_targets, loss
from sim.core import Params, simulate
from sim.core.states import BELIEFS
from sim.experiments.executors import Executor
from sim.experiments.worker import replicate_seed_ints

HERE = Path(__file__).resolve().parent
REPORT = HERE / "report.md"
HISTORY = HERE / "fit_history.csv"
TABLE_NAME = "report_targets.csv"
STRATEGY_COLOURS = {
    "none": "grey",
    "status_quo": "black",
    "staircase": "darkorange",
    "parallel": "seagreen",
}


# ---------------------------------------------------------------- simulation (worker side)


def check_replicate(base: dict[str, dict[str, Any]], seed: int) -> dict[str, Any]:
    """One fresh cohort: the study's moments plus what the figures need."""
    params = Params.from_dict(base)
    out = simulate_study(params, seed, causal=True)
    sq = simulate(params.with_values(**{"strategy.name": "status_quo"}), seed)
    rows = est.person_quarters(sq.panel, sq.events, ("job", "education"))
    rows = rows[rows["belief"].notna()]
    gradient = rows.groupby(rows["belief"].astype(str))["event"].agg(["mean", "size"])
    out["belief_gradient"] = gradient.reindex(list(BELIEFS))
    out["caseworker_rates"] = est.caseworker_rates(sq.caseworkers, params.run.weeks).to_numpy()
    for strategy in ("parallel", "staircase", "none"):
        out["weekly"][strategy] = simulate(
            params.with_values(**{"strategy.name": strategy}), seed, detail=False
        ).weekly
    out["seed"] = seed
    return out


def _run_checks(params: Params, seeds: list[int], executor: Executor) -> list[dict[str, Any]]:
    base = params.to_dict()
    jobs = [(base, seed) for seed in seeds]
    results = list(executor.imap_unordered(check_replicate, jobs))
    return sorted(results, key=lambda r: seeds.index(r["seed"]))


def ensemble_moments(base: dict[str, dict[str, Any]], values: dict[str, float], seed: int):
    """Worker side: the study's moments for one parameter set of the ensemble."""
    out = simulate_study(Params.from_dict(base).with_values(**values), seed)["moments"]
    return seed, out


def _run_ensemble(
    params: Params, sets: list[dict[str, float]], seeds: list[int], executor: Executor
) -> list[dict[str, float]]:
    """One fresh cohort per parameter set (set i with seed i): the spread over the ensemble."""
    base = params.to_dict()
    jobs = [(base, values, seed) for values, seed in zip(sets, seeds, strict=False)]
    return [m for _, m in executor.imap_unordered(ensemble_moments, jobs)]


# ---------------------------------------------------------------- tables


def role(t: Target, held_out: set[str]) -> str:
    """fitted (a parameter sets it), emergent (fitted to, but from several mechanisms), or
    validation (emergent and held out of the fit)."""
    if not t.emergent:
        return "fitted"
    return "validation" if t.moment in held_out else "emergent"


def target_table(
    targets: list[Target],
    checks: list[dict[str, Any]],
    held_out: set[str] | frozenset[str] = frozenset(),
    ensemble: list[dict[str, float]] | None = None,
) -> pd.DataFrame:
    """Every target with the simulated mean and 90% interval over the fresh replicates, its
    role (fitted, emergent, validation) and, with `ensemble` (moments per parameter set), the
    5th-95th percentile over the ensemble."""
    rows = []
    for t in targets:
        values = np.array([c["moments"][t.moment] for c in checks], dtype=float)
        values = values[np.isfinite(values)]  # a replicate with no estimate adds nothing
        if values.size:
            mean, (lo, hi) = float(values.mean()), np.percentile(values, [5, 95])
        else:  # no replicate gave an estimate: shown as "n/a", and a miss
            mean = lo = hi = float("nan")
        ens = np.array([e.get(t.moment, np.nan) for e in ensemble or []], dtype=float)
        ens = ens[np.isfinite(ens)]
        e_lo, e_hi = np.percentile(ens, [5, 95]) if ens.size else (np.nan, np.nan)
        rows.append(
            {
                "target": t.moment,
                "figure": t.figure,
                "hard": t.hard,
                "kind": t.kind,
                "role": role(t, set(held_out)),
                "why": t.why,
                "measures": t.measures,
                "published": t.value,
                "band_lo": t.lo,
                "band_hi": t.hi,
                "one_sided": t.one_sided,
                "simulated": mean,
                "p5": float(lo),
                "p95": float(hi),
                "within": t.within(mean),
                "source": t.source,
                "ensemble_p5": float(e_lo),
                "ensemble_p95": float(e_hi),
                # the Monte Carlo standard error of the mean, for `on_edge`
                "se": float(values.std(ddof=1) / np.sqrt(values.size))
                if values.size > 1
                else float("nan"),
            }
        )
        rows[-1]["on_edge"] = on_edge(rows[-1])
    return pd.DataFrame(rows)


def diagnostic_table(checks: list[dict[str, Any]], targets: list[Target]) -> pd.DataFrame:
    """Other readings of the same figures, shown and never fitted (study.DIAGNOSTICS)."""
    published = {t.moment: t.value for t in targets}
    rows = []
    for key, what in DIAGNOSTICS.items():
        values = np.array([c["moments"].get(key, np.nan) for c in checks], dtype=float)
        values = values[np.isfinite(values)]
        # The published figure the reading is another view of (P19 in weeks has none: the
        # study counted hours).
        same = "P4" if key.startswith("P4_") else key.replace("_first", "")
        rows.append(
            {
                "reading": key,
                "what": what,
                "published": published.get(same, np.nan),
                "simulated": float(values.mean()) if values.size else np.nan,
                "p5": float(np.percentile(values, 5)) if values.size else np.nan,
                "p95": float(np.percentile(values, 95)) if values.size else np.nan,
            }
        )
    return pd.DataFrame(rows)


def _fmt(x: float) -> str:
    if not math.isfinite(x):
        return "n/a"
    return f"{x:.3f}" if abs(x) < 10 else f"{x:.0f}"


EDGE = 0.05
"""A target met within this share of its band's width from an edge, or within two standard
errors of its mean over the fresh cohorts, is reported as on the edge: met, but another set of
cohorts could well put it outside."""


def on_edge(row) -> bool:
    """Whether the simulated value lies, inside its band, within `EDGE` of the band's width or
    two Monte Carlo standard errors (`se`, when the row has one) of an edge that bounds it. A
    direction's open side (-1 or 1) is no edge, and its width is the gap from the published
    value to the edge that bounds it, since the open side's length means nothing."""
    lo, hi, x = row["band_lo"], row["band_hi"], row["simulated"]
    if not (math.isfinite(x) and lo <= x <= hi):
        return False
    real_lo = not (row["one_sided"] and lo <= -1.0)
    real_hi = not (row["one_sided"] and hi >= 1.0)
    width = hi - lo
    if real_lo and not real_hi:
        width = row["published"] - lo
    elif real_hi and not real_lo:
        width = hi - row["published"]
    se = float(row.get("se", float("nan")))
    near = max(EDGE * width, 2 * se) if math.isfinite(se) else EDGE * width
    return (real_lo and x - lo <= near) or (real_hi and hi - x <= near)


def _within_words(row) -> str:
    if not row["within"]:
        return "**MISS**"
    return "yes, on the edge" if row["on_edge"] else "yes"


def _band(row) -> str:
    lo, hi = row["band_lo"], row["band_hi"]
    if row["one_sided"]:
        if hi >= 1.0 and lo > -1.0:
            return f"≥ {_fmt(lo)}"
        if lo <= -1.0:
            return f"≤ {_fmt(hi)}"
    return f"{_fmt(lo)} to {_fmt(hi)}"


def loss_change_noise(
    targets: list[Target], at: list[dict[str, float]], moved: list[dict[str, float]]
) -> float:
    """The Monte Carlo standard error of loss(moved) - loss(at), both on the same cohorts
    (common random numbers), by the jackknife over cohorts: each cohort left out in turn from
    both sides, the change recomputed, and the spread of those changes scaled as usual."""
    n = len(at)
    if n < 3:
        return float("nan")
    changes = []
    for j in range(n):
        keep_at = [r for k, r in enumerate(at) if k != j]
        keep_moved = [r for k, r in enumerate(moved) if k != j]
        changes.append(
            loss(targets, mean_moments(keep_moved)) - loss(targets, mean_moments(keep_at))
        )
    changes = np.asarray(changes)
    return float(np.sqrt((n - 1) / n * np.sum((changes - changes.mean()) ** 2)))


def sensitivity(
    evaluator: Evaluator, x: np.ndarray, step: float = 0.1
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Local identification: each free value moved by `step` of its range down and up.

    Returns the loss at each side (a flat loss means the targets do not pin the value), with
    the Monte Carlo noise of each side's change from the fit (`loss_change_noise`), and the
    change in every hard target's band distance per unit of range (which targets pin which
    parameter)."""
    free = evaluator.free
    points = [x]
    for i, f in enumerate(free):
        width = f.hi - f.lo
        for sign in (-1, 1):
            p = x.copy()
            p[i] = np.clip(x[i] + sign * step * width, f.lo, f.hi)
            points.append(p)
    cohorts = evaluator.cohort_moments(points)
    moments = [mean_moments(c) for c in cohorts]
    hard = [t for t in evaluator.targets if t.hard]
    base_loss = loss(evaluator.targets, moments[0])
    rows, pins = [], {}
    for i, f in enumerate(free):
        down, up = moments[1 + 2 * i], moments[2 + 2 * i]
        dx = (points[2 + 2 * i][i] - points[1 + 2 * i][i]) / (f.hi - f.lo)
        rows.append(
            {
                "parameter": f.name,
                "loss_down": loss(evaluator.targets, down),
                "loss_at_fit": base_loss,
                "loss_up": loss(evaluator.targets, up),
                "noise_down": loss_change_noise(evaluator.targets, cohorts[0], cohorts[1 + 2 * i]),
                "noise_up": loss_change_noise(evaluator.targets, cohorts[0], cohorts[2 + 2 * i]),
            }
        )
        pins[f.name] = {
            t.moment: (t.distance(up[t.moment]) - t.distance(down[t.moment])) / dx if dx else np.nan
            for t in hard
        }
    return pd.DataFrame(rows), pd.DataFrame(pins).T


# ---------------------------------------------------------------- figures


def _fig_trajectories(checks, path: Path) -> None:
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for name, colour in STRATEGY_COLOURS.items():
        weekly = pd.concat([c["weekly"][name] for c in checks]).groupby("week").mean()
        n = weekly[[f"n_{s}" for s in ("benefit", "job", "education", "flexjob", "pension")]]
        total = n.sum(axis=1)
        axes[0].plot(weekly.index, weekly["n_derailment"] / total, color=colour, label=name)
        axes[0].plot(weekly.index, weekly["n_progress"] / total, color=colour, linestyle="--")
        self_support = (weekly["n_job"] + weekly["n_education"] + weekly["n_flexjob"]) / total
        axes[1].plot(weekly.index, self_support, color=colour, label=name)
        axes[1].plot(weekly.index, weekly["n_pension"] / total, color=colour, linestyle=":")
    axes[0].set_title("Share in derailment (solid) and progress (dashed)")
    axes[1].set_title("Share self-supporting (solid) and on pension (dotted)")
    for ax in axes:
        ax.set_xlabel("week")
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _fig_caseworkers(checks, targets: dict[str, Target], path: Path) -> None:
    rates = np.sort(checks[0]["caseworker_rates"])
    fig, ax = plt.subplots(figsize=(7, 3.8))
    ax.bar(np.arange(rates.size), rates, color="steelblue")
    q = rates.size // 4
    if q:  # fewer than four ranked caseworkers (a tiny cohort) have no quartiles to draw
        ax.axhline(rates[:q].mean(), color="firebrick", label="bottom quartile (simulated)")
        ax.axhline(rates[-q:].mean(), color="seagreen", label="top quartile (simulated)")
    for key, colour in (("P7_bottom", "firebrick"), ("P7_top", "seagreen")):
        t = targets[key]
        ax.axhspan(t.lo, t.hi, color=colour, alpha=0.12, label=f"{key} published band")
    ax.set_xlabel("caseworkers with >= 20 citizens and a year in post, ranked (one cohort)")
    ax.set_ylabel("share to job or education")
    ax.set_title("Caseworker ranking (P7); shaded: published bands")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _fig_belief(checks, path: Path) -> None:
    g = pd.concat([c["belief_gradient"]["mean"] for c in checks], axis=1)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.bar(BELIEFS, g.mean(axis=1), yerr=g.std(axis=1), color="slateblue")
    ax.set_ylabel("job or education within the quarter")
    ax.set_title("Belief gradient: outcome by the caseworker's answer")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def progression_table(checks) -> pd.DataFrame:
    means = pd.concat([c["progression"]["mean_change"] for c in checks], axis=1)
    counts = pd.concat([c["progression"]["n"] for c in checks], axis=1)
    return pd.DataFrame(
        {
            "mean_change": means.mean(axis=1),
            "sd_over_replicates": means.std(axis=1),
            "citizen_quarters": counts.mean(axis=1),
        }
    )


def _fig_progression(prog: pd.DataFrame, path: Path) -> None:
    # The study's order (P9-P12): company with another first, company alone next, single
    # support around zero, nothing last.
    order = [
        "company_and_other",
        "company_only",
        "several_without_company",
        "upskilling_only",
        "health_only",
        "social_only",
        "none",
    ]
    p = prog.reindex(order)
    fig, ax = plt.subplots(figsize=(8, 3.8))
    colours = ["seagreen", "mediumseagreen", "khaki", "khaki", "khaki", "khaki", "grey"]
    ax.bar(order, p["mean_change"], yerr=p["sd_over_replicates"], color=colours)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_ylabel("indicator change per quarter (points)")
    ax.set_title("Progression by bundle, in the study's order (P9-P12)")
    ax.tick_params(axis="x", rotation=30, labelsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _fig_profiles(history: pd.DataFrame, settings: FitSettings, x: np.ndarray, path: Path):
    """Lowest loss seen in each tenth of a parameter's range, over the whole fit."""
    free = settings.free
    cols = 5
    rows = math.ceil(len(free) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(14, 2.4 * rows), squeeze=False)
    for ax, f, xv in zip(axes.ravel(), free, x, strict=False):
        bins = np.linspace(f.lo, f.hi, 11)
        which = np.clip(np.digitize(history[f.name], bins) - 1, 0, 9)
        best = history.groupby(which)["loss"].min().reindex(range(10))
        ax.plot((bins[:-1] + bins[1:]) / 2, best, marker="o", markersize=3)
        ax.axvline(xv, color="firebrick", linewidth=0.8)
        ax.set_title(f.name, fontsize=8)
        ax.set_yscale("log")
        ax.tick_params(labelsize=7)
    for ax in axes.ravel()[len(free) :]:
        ax.axis("off")
    fig.suptitle("Loss profiles from the fit's evaluations (red: fitted value)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


# ---------------------------------------------------------------- the report


def build_report(
    executor: Executor,
    console=None,
    *,
    fitted: Path = FITTED_FILE,
    out_dir: Path = HERE,
    settings: FitSettings | None = None,
    size: dict[str, int] | None = None,
    ensemble: Path | None = None,
) -> Path:
    """Write report.md and figures/ to `out_dir`. `size` shrinks the cohorts (tests only:
    the real report is always at the study's size). `ensemble` defaults to ensemble.toml
    beside `fitted`; without one the report shows the spread over seeds only."""
    from calibration.driver import load_fitted

    settings = settings or load_settings()
    targets, not_used = load_targets()
    held_out = {h.moment for h in settings.hold_out}
    size = size or {}
    params = load_fitted(fitted).with_values(**size) if size else load_fitted(fitted)
    x = np.array([params.get(f.keys[0]) for f in settings.free])
    if console:
        console.print(f"report: {settings.check_replicates} fresh cohorts per arm ...")
    checks = _run_checks(params, settings.check_seeds, executor)
    ensemble_file = ensemble or fitted.with_name("ensemble.toml")
    sets = _load_sets(ensemble_file)
    by_set = None
    if sets:
        if console:
            console.print(f"report: one fresh cohort for each of {len(sets)} ensemble sets ...")
        seeds = replicate_seed_ints(settings.check_seed + 1, len(sets))
        by_set = _run_ensemble(params, sets, seeds, executor)
    table = target_table(targets, checks, held_out, by_set)
    diagnostics = diagnostic_table(checks, targets)
    prog = progression_table(checks)
    if console:
        console.print("report: local sensitivity of the fit on fresh seeds ...")
    base = Params().with_values(**size) if size else Params()
    # The profile is taken on the fresh seeds, so a minimum there is not the fit's own luck.
    evaluator = Evaluator(
        base,
        settings.free,
        settings.fit_targets(targets),
        settings.check_seeds,
        executor,
        fixed=settings.fixed_values,
    )
    sens, pins = sensitivity(evaluator, x)
    figures = out_dir / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    by_id = {t.moment: t for t in targets}
    _fig_trajectories(checks, figures / "trajectories.png")
    _fig_caseworkers(checks, by_id, figures / "caseworker_ranking.png")
    _fig_belief(checks, figures / "belief_gradient.png")
    _fig_progression(prog, figures / "progression_by_bundle.png")
    history_file = fitted.with_name(HISTORY.name)
    history = pd.read_csv(history_file) if history_file.exists() else None
    if history is not None:
        _fig_profiles(history, settings, x, figures / "loss_profiles.png")
    fit_info = _fit_info(fitted)
    cohort = f"{params.population.n_citizens:,} citizens x {params.run.weeks} weeks"
    ens_info = _fit_info(ensemble_file, "ensemble") if sets else {}
    text = render(
        table,
        prog,
        sens,
        pins,
        settings,
        x,
        not_used,
        fit_info,
        history is not None,
        cohort,
        diagnostics=diagnostics,
        ensemble_info=ens_info,
    )
    report = out_dir / REPORT.name
    report.write_text(text, encoding="utf-8")
    # The same table as data, for the UI's Evidence page and anyone who wants to plot it.
    table.to_csv(out_dir / TABLE_NAME, index=False, float_format="%.6g")
    return report


def _fit_info(path: Path, table: str = "fit") -> dict[str, Any]:
    import tomllib

    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    info = dict(doc.get(table, {}))
    if table == "fit":
        info["waves"] = info.pop("wave", [])
        info["moves"] = info.pop("move", [])
    return info


def _load_sets(path: Path) -> list[dict[str, float]]:
    """The ensemble's parameter sets, or none when there is no ensemble yet."""
    from sim.experiments.ensemble import load_ensemble

    return load_ensemble(path) if path.exists() else []


ROLE_WORDS = {
    "fitted": "fitted moment",
    "emergent": "emergent",
    "validation": "validation (held out)",
}


def _ids(frame: pd.DataFrame) -> str:
    return ", ".join(frame["target"]) or "none"


def _minimum_sentences(sens: pd.DataFrame) -> list[str]:
    """Whether the profile shows a minimum, strictly and against the Monte Carlo noise: a step
    that lowers the loss by less than twice its standard error is one these cohorts cannot
    tell from no change."""
    at_fit = float(sens["loss_at_fit"].iloc[0])
    head = f"Loss at the fit on fresh seeds: {at_fit:.2f}. "
    lower = []
    for _, r in sens.iterrows():
        for side, col in (("-10%", "down"), ("+10%", "up")):
            if r[f"loss_{col}"] < at_fit:
                lower.append(
                    (f"{r['parameter']} {side}", at_fit - r[f"loss_{col}"], r[f"noise_{col}"])
                )
    if not lower:
        return [head + "Every step away raises it: a local minimum."]
    named = ", ".join(name for name, _, _ in lower)
    beyond = [
        f"{name} (by {drop:.2f}, noise {noise:.2f})"
        for name, drop, noise in lower
        if not np.isfinite(noise) or drop > 2 * noise
    ]
    text = head + f"**Not a minimum** along: {named}."
    if beyond:
        text += (
            " Lower by more than twice the noise, so the fit is not at a minimum there: "
            + "; ".join(beyond)
            + "."
        )
    else:
        text += (
            " None of these steps lowers it by more than twice its noise: as far as these "
            "cohorts can tell the fit is at a minimum, though not a strict one."
        )
    return [text]


def _polish_clause(fit_info: dict[str, Any]) -> str:
    """', then moved by N compass steps' for the fit's one-paragraph summary."""
    if "polish_minimum" not in fit_info:
        return ""
    n = len(fit_info.get("moves", []))
    if n == 0:
        return ", and kept by the compass search (no step lowered the loss)"
    return f", then moved by {n} compass step{'s' if n != 1 else ''} (`calibration/polish.py`)"


def _polish_lines(fit_info: dict[str, Any]) -> list[str]:
    """The compass search that ended the fit (calibration/polish.py), move by move."""
    if "polish_minimum" not in fit_info:
        return []
    step = float(fit_info.get("polish_step", 0.1))
    moves = fit_info.get("moves", [])
    n = len(moves)
    how = (
        f"- Polish: a compass search from the chosen candidate: each value moved {step:g} of "
        f"its range down and up on the fit's {fit_info.get('replicates', '?')} cohorts, the "
        f"best move taken while one lowered the loss ({fit_info.get('polish_points', '?')} "
        "points). "
    )
    start = float(fit_info.get("polish_start_loss", float("nan")))
    end = float(fit_info.get("loss", float("nan")))
    if n == 0:
        how += f"No step lowered the loss ({start:.3g}); the chosen candidate is kept."
    elif fit_info["polish_minimum"]:
        how += (
            f"{n} move{'s' if n != 1 else ''}, loss {start:.3g} to {end:.3g}; from there no "
            "step lowered it."
        )
    else:
        how += (
            f"**It stopped at its limit of {n} moves while a step still lowered the loss** "
            f"(loss {start:.3g} to {end:.3g})."
        )
    lines = [how]
    if moves:
        path = "; ".join(
            f"{m['parameter']} {'up' if m['direction'] > 0 else 'down'} (loss {m['loss']:.3g})"
            for m in moves
        )
        lines.append(f"  The moves in order: {path}.")
    return [*lines, ""]


def _convergence(fit_info: dict[str, Any], ensemble_info: dict[str, Any]) -> list[str]:
    """The search's stopping state, as recorded in fitted.toml and ensemble.toml."""
    lines = ["## Convergence", ""]
    if fit_info.get("method") == "history matching":
        state = "settled" if fit_info.get("converged") else "**did not settle**"
        minutes = float(fit_info.get("seconds", 0)) / 60
        lines.append(
            f"- Fit: history matching {state} after {fit_info.get('generations', '?')} waves "
            f"({fit_info.get('design_points', '?')} parameter sets simulated on "
            f"{fit_info.get('design_replicates', '?')} cohorts each, then "
            f"{fit_info.get('confirmed', '?')} candidates on the fit's "
            f"{fit_info.get('replicates', '?')} cohorts; {minutes:.0f} min on this machine); "
            f"stop: {fit_info.get('stop', '?')}."
        )
        waves = fit_info.get("waves", [])
        if waves:
            lines += [
                "",
                "| wave | points | non-implausible share of the ranges | emulated best loss "
                "| best simulated loss so far | best fit moved (share of range) "
                "| new points within the emulator's 2 sd |",
                "|---|---|---|---|---|---|---|",
            ]
            for w in waves:
                lines.append(
                    f"| {w['number']} | {w['points']} | {w['plausible_share']:.3g} "
                    f"| {w['emulated_best']:.3g} | {w['best_simulated']:.3g} "
                    f"| {_fmt(w['moved'])} | {_fmt(w['predicted_within'])} |"
                )
            lines.append("")
        lines += _polish_lines(fit_info)
    elif "converged" in fit_info:
        state = "converged" if fit_info["converged"] else "**did not converge**"
        lines.append(
            f"- Fit: {state} after {fit_info.get('generations', '?')} generations "
            f"({fit_info.get('evaluations', '?')} evaluations); spread (sd) of the last "
            f"population's losses {float(fit_info.get('population_loss_sd', float('nan'))):.3g}; "
            f"stop: {fit_info.get('stop', '?')}."
        )
    else:
        lines.append(
            "- Fit: no convergence record; this fit predates the convergence criterion of "
            "fit.toml and must be rerun (`fremdrift calibrate --fresh`)."
        )
    if ensemble_info.get("method") == "history matching":
        if ensemble_info.get("kind") == "screened":
            lines.append(
                "- Ensemble: history matching found no set that met every fitted hard band in "
                f"simulation, so {ensemble_info.get('screen_draws', '?')} sets were drawn "
                "around the fit (a normal cloud of sd "
                f"{ensemble_info.get('screen_spread', '?')} of each range, "
                "`calibration/screen.py`) and run on "
                f"{ensemble_info.get('screen_cohorts', '?')} of the fit's cohorts; the "
                f"{ensemble_info.get('qualified', '?')} whose cohort means met every fitted "
                f"hard band qualified, and {ensemble_info.get('sets', '?')} of them are the "
                "ensemble. They are values near the fit's, chosen on the fit's own cohorts: "
                "they carry the uncertainty around this fit, not a posterior over the ranges."
            )
        elif ensemble_info.get("kind") == "near-best":
            lines.append(
                f"- Ensemble: **no parameter set in the ranges is expected to meet every "
                f"fitted hard band**, so the {ensemble_info.get('sets', '?')} sets are the "
                "near-best ones: sets whose emulated loss is within "
                f"{ensemble_info.get('near_best', '?')} of the best fit's, i.e. as good a fit as "
                "this model gives, give or take. They carry the parameter uncertainty into "
                "comparisons; they are not a posterior."
            )
        else:
            lines.append(
                f"- Ensemble: {ensemble_info.get('sets', '?')} parameter sets, drawn from the "
                f"{ensemble_info.get('qualified', '?')} sets of the ensemble wave whose "
                "simulated cohort means lie within every fitted hard band."
            )
    elif ensemble_info:
        state = "reached" if ensemble_info.get("converged") else "**did not reach**"
        final = float(ensemble_info.get("final_epsilon", float("nan")))
        target = float(ensemble_info.get("target_epsilon", float("nan")))
        lines.append(
            f"- Ensemble: {ensemble_info.get('sets', '?')} parameter sets (ABC-SMC); after "
            f"{ensemble_info.get('generations', '?')} generations and "
            f"{ensemble_info.get('evaluations', '?')} simulated studies the tolerance "
            f"{state} the bands (final {final:.3g}, target {target:.3g})."
        )
    else:
        lines.append(
            "- Ensemble: none yet (`fremdrift calibrate`); the spread shown is over seeds only."
        )
    return [*lines, ""]


def _fit_sentence(fit_info: dict[str, Any], settings: FitSettings) -> str:
    """How the shipped fit was found, in one paragraph."""
    loss = float(fit_info.get("loss", float("nan")))
    minutes = float(fit_info.get("seconds", 0)) / 60
    if fit_info.get("method") == "history matching":
        return (
            f"Fit: history matching (`calibration/emulate.py`), loss {loss:.3f} on the fit's "
            f"{settings.replicates} cohorts; {fit_info.get('design_points', '?')} parameter "
            f"sets simulated on {fit_info.get('design_replicates', '?')} cohorts each, the fit "
            f"chosen among {fit_info.get('confirmed', '?')} candidates by simulation"
            f"{_polish_clause(fit_info)}; {minutes:.0f} min on this machine, "
            f"{fit_info.get('date', '?')}. Every simulated set is in `fit_history.csv`."
        )
    return (
        f"Fit: loss {loss:.3f} (on the fit's own seeds) after "
        f"{fit_info.get('evaluations', '?')} evaluations in {fit_info.get('stages', 1)} "
        f"stage(s), the last with {settings.replicates} cohorts per evaluation; "
        f"{minutes:.0f} min in all, {fit_info.get('date', '?')}. "
        "Each stage after the first starts from the previous fit (`fit_history.csv`)."
    )


def render(
    table: pd.DataFrame,
    prog: pd.DataFrame,
    sens: pd.DataFrame,
    pins: pd.DataFrame,
    settings: FitSettings,
    x: np.ndarray,
    not_used: list[dict],
    fit_info: dict[str, Any],
    has_profiles: bool,
    cohort: str = "4,000 citizens x 208 weeks",
    *,
    diagnostics: pd.DataFrame | None = None,
    ensemble_info: dict[str, Any] | None = None,
) -> str:
    hard = table[table["hard"]]
    n_in = int(hard["within"].sum())
    misses = hard[~hard["within"]]
    edged = table[table["within"] & table["on_edge"]]  # on_edge: see `target_table`
    edges = edged[edged["hard"]]
    soft = table[~table["hard"]]
    counts = {}
    for r in ROLE_WORDS:
        part = hard[hard["role"] == r]
        counts[r] = f"{int(part['within'].sum())} of {len(part)}"
    emergent = table[(table["role"] != "fitted") & table["within"]]
    emergent_missed = table[(table["role"] != "fitted") & ~table["within"]]
    fitted = table[(table["role"] == "fitted") & table["within"]]
    validation = table[(table["role"] == "validation") & table["within"]]
    lines = [
        "# Calibration report",
        "",
        "Written by `fremdrift calibrate` (rebuild with `fremdrift calibrate --report-only`). "
        "Do not edit by hand.",
        "",
        f"**{n_in} of {len(hard)} hard targets are within their band** on "
        f"{settings.check_replicates} fresh cohorts of {cohort} (seeds spawned from "
        f"{settings.check_seed}, never used in the fit). Soft targets within band: "
        f"{int(soft['within'].sum())} of {len(soft)}.",
        "",
        f"Not all of them are evidence. Fitted moments, which a parameter sets almost "
        f"directly, so that meeting them shows only that the fit worked: {counts['fitted']} "
        f"within band. Emergent targets the fit used, which several mechanisms must produce "
        f"together: {counts['emergent']}. Emergent targets held out of the fit as validation "
        f"(`calibration/fit.toml`), never seen by the search: {counts['validation']}.",
        "",
        _fit_sentence(fit_info, settings),
        "",
        *_convergence(fit_info, ensemble_info or {}),
        "## Every target",
        "",
        "Role: *fitted moment* (a parameter sets it almost directly; not evidence), "
        "*emergent* (must come out of several mechanisms; fitted to), *validation* (emergent "
        "and held out of the fit). Simulated: mean over the fresh cohorts, with the "
        "5th-95th percentile across them and, when an ensemble ships, across its parameter "
        "sets. A target is met when the mean lies in the band. Sources, the reasons for each "
        "band and for each role are in `calibration/targets.toml`.",
        "",
        "| target | role | hard | what it measures | published | band | simulated "
        "| 90% over seeds | 90% over ensemble | within | source |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for _, r in table.iterrows():
        ens = (
            f"{_fmt(r['ensemble_p5'])} to {_fmt(r['ensemble_p95'])}"
            if math.isfinite(r["ensemble_p5"])
            else "-"
        )
        lines.append(
            f"| {r['target']} | {ROLE_WORDS[r['role']]} | {'hard' if r['hard'] else 'soft'} "
            f"| {r['measures']} | {_fmt(r['published'])} | {_band(r)} | {_fmt(r['simulated'])} "
            f"| {_fmt(r['p5'])} to {_fmt(r['p95'])} | {ens} "
            f"| {_within_words(r)} | {r['source']} |"
        )
    lines += ["", "### Misses", ""]
    if misses.empty and soft["within"].all():
        lines.append("None.")
    for _, r in pd.concat([misses, soft[~soft["within"]]]).iterrows():
        lines.append(
            f"- **{r['target']}** ({'hard' if r['hard'] else 'soft'}, "
            f"{ROLE_WORDS[r['role']]}): simulated {_fmt(r['simulated'])}, band {_band(r)}."
        )
    if not edged.empty:
        lines += [
            "",
            f"On the band's edge (met, but within {EDGE:.0%} of the band's width or two "
            "standard errors of the mean from an edge):",
            "",
        ]
        for _, r in edged.iterrows():
            lines.append(
                f"- **{r['target']}** ({'hard' if r['hard'] else 'soft'}, "
                f"{ROLE_WORDS[r['role']]}): simulated "
                f"{r['simulated']:.4f}, band {_band(r)}; another set of cohorts could put it "
                "outside."
            )
    lines += ["", "### Why each target is fitted or emergent", ""]
    for _, r in table.iterrows():
        lines.append(f"- **{r['target']}** ({r['kind']}): {r['why']}")
    lines += ["", "### Held out of the fit as validation", ""]
    for h in settings.hold_out:
        lines.append(f"- **{h.moment}**: {h.reason}")
    if not settings.hold_out:
        lines.append("None.")
    if diagnostics is not None and not diagnostics.empty:
        lines += [
            "",
            "## Other readings of the same figures (never fitted)",
            "",
            "P4 as the study could observe it is the target; without controls, within a "
            "citizen, and as the model's own causal effect (every caseworker made to believe, "
            "then to doubt, the same cohort and seed; an experiment BIP could not run) it is "
            "shown here. The P5 shares are fitted pooled over all quarterly waves; the source "
            "does not say whether it pooled, so the first wave is shown too. P19 is also shown "
            "in intervention weeks, before the hours conversion.",
            "",
            "| reading | what | published | simulated | 90% over seeds |",
            "|---|---|---|---|---|",
        ]
        for _, r in diagnostics.iterrows():
            lines.append(
                f"| {r['reading']} | {r['what']} | {_fmt(r['published'])} "
                f"| {_fmt(r['simulated'])} | {_fmt(r['p5'])} to {_fmt(r['p95'])} |"
            )
    lines += [
        "",
        "## Figures",
        "",
        "![Phase shares and exits over four years](figures/trajectories.png)",
        "",
        "Four strategies on the same fresh cohorts: status quo, staircase, parallel and none.",
        "",
        "![Caseworker ranking](figures/caseworker_ranking.png)",
        "",
        "![Belief gradient](figures/belief_gradient.png)",
        "",
        "![Progression by bundle](figures/progression_by_bundle.png)",
        "",
        "| bundle | change per quarter | sd over cohorts | citizen-quarters per cohort |",
        "|---|---|---|---|",
    ]
    for name, r in prog.iterrows():
        lines.append(
            f"| {name} | {r['mean_change']:+.3f} | {r['sd_over_replicates']:.3f} "
            f"| {r['citizen_quarters']:.0f} |"
        )
    lines += [
        "",
        "## Fitted parameters",
        "",
        "Searched within the ranges of `calibration/fit.toml` (inside each parameter's "
        "metadata bounds). Identification, on fresh seeds: the loss with the value moved a "
        "tenth of its range down and up, all else fixed; at a minimum both sides are higher. "
        "Beside each, in brackets, the Monte Carlo noise of that change (standard error by the "
        "jackknife over the cohorts, which every point shares). "
        "'Pinned by': the hard targets whose band distance moves most with it.",
        "",
        "| parameter | model keys | fitted | range | loss -10% | loss +10% | pinned by |",
        "|---|---|---|---|---|---|---|",
    ]
    for f, v, (_, s) in zip(settings.free, x, sens.iterrows(), strict=True):
        row = pins.loc[f.name].abs().sort_values(ascending=False)
        top = [f"{k} ({row[k]:.1f})" for k in row.index[:3] if row[k] >= 0.5]
        lines.append(
            f"| {f.name} | {', '.join(f.keys)} | {v:.4g} | {f.lo:g} to {f.hi:g} "
            f"| {s['loss_down']:.2f} (±{_fmt(s['noise_down'])}) "
            f"| {s['loss_up']:.2f} (±{_fmt(s['noise_up'])}) | {', '.join(top) or 'none (weak)'} |"
        )
    lines += ["", *_minimum_sentences(sens), ""]
    lines += [
        "Fixed, not searched (no hard target informs them, or only a one-sided one):",
        "",
        "| parameter | model keys | value | reason |",
        "|---|---|---|---|",
    ]
    for f in settings.fixed:
        lines.append(f"| {f.name} | {', '.join(f.keys)} | {f.value:g} | {f.reason} |")
    lines.append("")
    if has_profiles:
        lines += ["![Loss profiles](figures/loss_profiles.png)", ""]
    lines += ["## Figures the model does not use as targets", ""]
    for item in not_used:
        lines.append(f"- **{item['figure']}**: {item['reason']}")
    missed = ", ".join(misses["target"])
    edge = ", ".join(edges["target"])
    edge_en = (
        f" {edge} {'is' if len(edges) == 1 else 'are'} met only on the edge of "
        f"{'its band' if len(edges) == 1 else 'their bands'}."
        if edge
        else ""
    )
    edge_da = (
        f" {edge} rammes kun lige akkurat inden for "
        f"{'sit bånd' if len(edges) == 1 else 'deres bånd'}."
        if edge
        else ""
    )
    words = {
        "emergent": _ids(emergent),
        "emergent_missed": _ids(emergent_missed),
        "fitted": _ids(fitted),
        "validation": _ids(validation),
    }
    lines += [
        "",
        PLAIN_EN.format(
            hard=f"Every hard target is met except {missed}: read what rests on "
            f"{'it' if len(misses) == 1 else 'them'} with care (see Misses)." + edge_en
            if missed
            else "All hard targets are met." + edge_en,
            **words,
        ),
        "",
        PLAIN_DA.format(
            hard=f"Alle hårde mål rammes undtagen {missed}: læs det, der hviler på "
            f"{'det' if len(misses) == 1 else 'dem'}, med forsigtighed (se Misses)." + edge_da
            if missed
            else "Alle hårde mål rammes." + edge_da,
            **words,
        ),
        "",
    ]
    return "\n".join(lines)


PLAIN_EN = """## What the model can and cannot say (English)

Evidence: the model reproduces, without a parameter set to them, the emergent figures
{emergent}; of these, those held out of the fit entirely ({validation}) are the strongest test.
Emergent figures it misses: {emergent_missed}. The fitted moments it meets ({fitted}) are met
because a parameter was tuned to each; they show that the fit worked, not that the model is
right. {hard}

It can therefore be used to compare strategies *in the way these studies saw the world*: the
ranking of parallel, staircase and current practice, and the direction and rough size of
caseworker effects, as far as the emergent figures above carry them. It cannot tell a
municipality its own levels: the figures come from one project (BIP, ten jobcentres,
2011-2016) and a few national statistics.

Findings resting on weak figures: the split of caseworkers' answers (P5) and the share with
no intervention (P16) come from press reports (quality B); the ordering of bundles (P9-P12)
and 'one at a time is most common' (P17) are rankings without published sizes, so the model is
held only to their order; job retention (P22) is measured on all cash-benefit recipients, an
upper bound for this group, and is shown but not fitted. The after-effects of placements (P21)
are fixed at their published values, an upper bound, not fitted. Hours in activation (P19)
rest on our conversion of intervention weeks to hours. Parameters marked weak above are not
pinned by any target: results that depend on them should be read as assumptions, and checked
with `fremdrift sensitivity`. Where an ensemble ships, a comparison run with
`fremdrift compare --ensemble` says in how many plausible parameter sets its difference
holds."""

PLAIN_DA = """## Hvad modellen kan og ikke kan sige (dansk)

Evidens: modellen genskaber, uden at en parameter er sat til dem, de tal der skal opstå af
flere mekanismer sammen: {emergent}; heraf er de, der blev holdt helt uden for tilpasningen
({validation}), den stærkeste prøve. Opståede tal, den ikke rammer: {emergent_missed}. De
tilpassede momenter, den rammer ({fitted}), rammes, fordi en parameter er indstillet til
hvert af dem; de viser, at tilpasningen virkede, ikke at modellen har ret. {hard}

Den kan derfor bruges til at sammenligne strategier *sådan som disse undersøgelser så
virkeligheden*: rækkefølgen af parallelle indsatser, trappestige og nuværende praksis, og
retning og omtrentlig størrelse af sagsbehandlerens betydning, så langt de opståede tal
ovenfor bærer. Den kan ikke fortælle en kommune dens egne niveauer: tallene kommer fra ét
projekt (BIP, ti jobcentre, 2011-2016) og nogle få landstal.

Resultater der hviler på svage tal: fordelingen af sagsbehandlernes svar (P5) og andelen uden
indsats (P16) stammer fra presseomtale (kvalitet B); rækkefølgen af indsatskombinationer
(P9-P12) og at 'én ad gangen er det mest almindelige' (P17) er rangordninger uden
offentliggjorte størrelser, så modellen holdes kun til rækkefølgen; fastholdelse i job (P22)
er målt på alle kontanthjælpsmodtagere, en øvre grænse for denne gruppe, og vises men
tilpasses ikke. Eftervirkningerne af praktikker (P21) er sat til de offentliggjorte tal, en
øvre grænse, ikke tilpasset. Timer i aktivering (P19) hviler på vores omregning fra uger i
indsats til timer. Parametre markeret som svage ovenfor er ikke bestemt af noget mål:
resultater der afhænger af dem er antagelser og bør afprøves med `fremdrift sensitivity`. Hvor
et ensemble følger med, siger en sammenligning kørt med `fremdrift compare --ensemble`, i hvor
mange plausible parametersæt forskellen holder."""
