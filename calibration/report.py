"""calibration/report.md and its figures, rebuilt from the saved fit on fresh seeds.

Nothing in the report is typed in: every simulated number comes from `check_replicates`
cohorts run with seeds the fit never saw, and every published number from targets.toml.
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
)
from calibration.study import simulate_study
from calibration.targets import Target, load_targets, loss
from sim.core import Params, simulate
from sim.core.states import BELIEFS
from sim.experiments.executors import Executor

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


# ---------------------------------------------------------------- tables


def target_table(targets: list[Target], checks: list[dict[str, Any]]) -> pd.DataFrame:
    """Every target with the simulated mean and 90% interval over the fresh replicates."""
    rows = []
    for t in targets:
        values = np.array([c["moments"][t.moment] for c in checks], dtype=float)
        values = values[np.isfinite(values)]  # a replicate with no estimate adds nothing
        if values.size:
            mean, (lo, hi) = float(values.mean()), np.percentile(values, [5, 95])
        else:  # no replicate gave an estimate: shown as "n/a", and a miss
            mean = lo = hi = float("nan")
        rows.append(
            {
                "target": t.moment,
                "figure": t.figure,
                "hard": t.hard,
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
            }
        )
    return pd.DataFrame(rows)


def _fmt(x: float) -> str:
    if not math.isfinite(x):
        return "n/a"
    return f"{x:.3f}" if abs(x) < 10 else f"{x:.0f}"


def _band(row) -> str:
    lo, hi = row["band_lo"], row["band_hi"]
    if row["one_sided"]:
        if hi >= 1.0 and lo > -1.0:
            return f"≥ {_fmt(lo)}"
        if lo <= -1.0:
            return f"≤ {_fmt(hi)}"
    return f"{_fmt(lo)} to {_fmt(hi)}"


def sensitivity(
    evaluator: Evaluator, x: np.ndarray, step: float = 0.1
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Local identification: each free value moved by `step` of its range down and up.

    Returns the loss at each side (a flat loss means the targets do not pin the value) and
    the change in every hard target's band distance per unit of range (which targets pin
    which parameter)."""
    free = evaluator.free
    points = [x]
    for i, f in enumerate(free):
        width = f.hi - f.lo
        for sign in (-1, 1):
            p = x.copy()
            p[i] = np.clip(x[i] + sign * step * width, f.lo, f.hi)
            points.append(p)
    moments = evaluator.moments(points)
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
) -> Path:
    """Write report.md and figures/ to `out_dir`. `size` shrinks the cohorts (tests only:
    the real report is always at the study's size)."""
    from calibration.driver import load_fitted

    settings = settings or load_settings()
    targets, not_used = load_targets()
    size = size or {}
    params = load_fitted(fitted).with_values(**size) if size else load_fitted(fitted)
    x = np.array([params.get(f.keys[0]) for f in settings.free])
    if console:
        console.print(f"report: {settings.check_replicates} fresh cohorts per arm ...")
    checks = _run_checks(params, settings.check_seeds, executor)
    table = target_table(targets, checks)
    prog = progression_table(checks)
    if console:
        console.print("report: local sensitivity of the fit ...")
    base = Params().with_values(**size) if size else Params()
    evaluator = Evaluator(base, settings.free, targets, settings.seeds, executor)
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
    text = render(
        table, prog, sens, pins, settings, x, not_used, fit_info, history is not None, cohort
    )
    report = out_dir / REPORT.name
    report.write_text(text, encoding="utf-8")
    # The same table as data, for the UI's Evidence page and anyone who wants to plot it.
    table.to_csv(out_dir / TABLE_NAME, index=False, float_format="%.6g")
    return report


def _fit_info(path: Path) -> dict[str, Any]:
    import tomllib

    return tomllib.loads(path.read_text(encoding="utf-8")).get("fit", {})


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
) -> str:
    hard = table[table["hard"]]
    n_in = int(hard["within"].sum())
    misses = hard[~hard["within"]]
    soft = table[~table["hard"]]
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
        f"Fit: loss {fit_info.get('loss', float('nan')):.3f} (on the fit's own seeds) after "
        f"{fit_info.get('evaluations', '?')} evaluations in {fit_info.get('stages', 1)} "
        f"stage(s), the last with {settings.replicates} cohorts per evaluation; "
        f"{float(fit_info.get('seconds', 0)) / 60:.0f} min in all, {fit_info.get('date', '?')}. "
        "Each stage after the first starts from the previous fit (`fit_history.csv`).",
        "",
        "## Every target",
        "",
        "Simulated: mean over the fresh cohorts, with the 5th-95th percentile across them. "
        "A target is met when the mean lies in the band. Sources and the reasons for each band "
        "are in `calibration/targets.toml`.",
        "",
        "| target | hard | what it measures | published | band | simulated | 90% interval "
        "| within | source |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for _, r in table.iterrows():
        lines.append(
            f"| {r['target']} | {'hard' if r['hard'] else 'soft'} | {r['measures']} "
            f"| {_fmt(r['published'])} | {_band(r)} | {_fmt(r['simulated'])} "
            f"| {_fmt(r['p5'])} to {_fmt(r['p95'])} | {'yes' if r['within'] else '**MISS**'} "
            f"| {r['source']} |"
        )
    lines += ["", "### Misses", ""]
    if misses.empty and soft["within"].all():
        lines.append("None.")
    for _, r in pd.concat([misses, soft[~soft["within"]]]).iterrows():
        lines.append(
            f"- **{r['target']}** ({'hard' if r['hard'] else 'soft'}): simulated "
            f"{_fmt(r['simulated'])}, band {_band(r)}."
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
        "metadata bounds). Identification: the loss with the value moved a tenth of its range "
        "down and up, all else fixed; if neither side rises clearly, the targets do not pin "
        "the value. 'Pinned by': the hard targets whose band distance moves most with it.",
        "",
        "| parameter | model keys | fitted | range | loss -10% | loss +10% | pinned by |",
        "|---|---|---|---|---|---|---|",
    ]
    for f, v, (_, s) in zip(settings.free, x, sens.iterrows(), strict=True):
        row = pins.loc[f.name].abs().sort_values(ascending=False)
        top = [f"{k} ({row[k]:.1f})" for k in row.index[:3] if row[k] >= 0.5]
        lines.append(
            f"| {f.name} | {', '.join(f.keys)} | {v:.4g} | {f.lo:g} to {f.hi:g} "
            f"| {s['loss_down']:.2f} | {s['loss_up']:.2f} | {', '.join(top) or 'none (weak)'} |"
        )
    lines += [
        "",
        f"Loss at the fit on the fit's own seeds: {sens['loss_at_fit'].iloc[0]:.2f}.",
        "",
    ]
    if has_profiles:
        lines += ["![Loss profiles](figures/loss_profiles.png)", ""]
    lines += ["## Figures the model does not use as targets", ""]
    for item in not_used:
        lines.append(f"- **{item['figure']}**: {item['reason']}")
    missed = ", ".join(misses["target"])
    lines += [
        "",
        PLAIN_EN.format(
            except_=f" (except {missed}; see Misses: read what rests on them with care)"
            if missed
            else ""
        ),
        "",
        PLAIN_DA.format(
            except_=f" (undtagen {missed}; se Misses: læs det der hviler på dem med forsigtighed)"
            if missed
            else ""
        ),
        "",
    ]
    return "\n".join(lines)


PLAIN_EN = """## What the model can and cannot say (English)

The model reproduces, on cohorts it was not fitted to, the published figures listed as hard
targets above{except_}: how often citizens change caseworker and what each change costs, what a
caseworker's belief does, how caseworkers' answers are spread, how far the best and the worst
caseworkers are apart, which bundles of interventions go with progress, how many citizens get
no intervention, and that a mostly non-company staircase does not raise self-support.

It can therefore be used to compare strategies *in the way these studies saw the world*: the
ranking of parallel, staircase and current practice, and the direction and rough size of
caseworker effects. It cannot tell a municipality its own levels: the figures come from one
project (BIP, ten jobcentres, 2011-2016) and a few national statistics, and the cohort is
closed (nobody new arrives).

Findings resting on weak figures: the split of caseworkers' answers (P5) and the share with
no intervention (P16) come from press reports (quality B); the ordering of bundles (P9-P12)
and 'one at a time is most common' (P17) are rankings without published sizes, so the model is
held only to their order; job retention (P22) is measured on all cash-benefit recipients, an
upper bound for this group, and is shown but not fitted. The after-effects of placements (P21)
are first guesses, not fitted. Parameters marked weak above are not pinned by any target:
results that depend on them should be read as assumptions, and checked with
`fremdrift sensitivity`."""

PLAIN_DA = """## Hvad modellen kan og ikke kan sige (dansk)

Modellen genskaber, på kohorter den ikke er tilpasset til, de offentliggjorte tal, der står som
hårde mål ovenfor{except_}: hvor ofte borgere skifter sagsbehandler og hvad hvert skift koster, hvad
sagsbehandlerens tro på borgeren betyder, hvordan sagsbehandlernes svar fordeler sig, hvor
langt de bedste og de dårligste sagsbehandlere ligger fra hinanden, hvilke kombinationer af
indsatser der følges med progression, hvor mange der ikke får nogen indsats, og at en
trappestige med overvejende ikke-virksomhedsrettede indsatser ikke øger selvforsørgelsen.

Den kan derfor bruges til at sammenligne strategier *sådan som disse undersøgelser så
virkeligheden*: rækkefølgen af parallelle indsatser, trappestige og nuværende praksis, og
retning og omtrentlig størrelse af sagsbehandlerens betydning. Den kan ikke fortælle en kommune
dens egne niveauer: tallene kommer fra ét projekt (BIP, ti jobcentre, 2011-2016) og nogle få
landstal, og kohorten er lukket (ingen nye borgere kommer til).

Resultater der hviler på svage tal: fordelingen af sagsbehandlernes svar (P5) og andelen uden
indsats (P16) stammer fra presseomtale (kvalitet B); rækkefølgen af indsatskombinationer
(P9-P12) og at 'én ad gangen er det mest almindelige' (P17) er rangordninger uden
offentliggjorte størrelser, så modellen holdes kun til rækkefølgen; fastholdelse i job (P22)
er målt på alle kontanthjælpsmodtagere, en øvre grænse for denne gruppe, og vises men
tilpasses ikke. Eftervirkningerne af praktikker (P21) er første bud, ikke tilpasset.
Parametre markeret som svage ovenfor er ikke bestemt af noget mål: resultater der afhænger af
dem er antagelser og bør afprøves med `fremdrift sensitivity`."""
