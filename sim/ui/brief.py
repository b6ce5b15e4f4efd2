"""A comparison as a planner's brief: the table, the sentences and the set-up, in one language.

The Compare page, its report (PDF and HTML) and `fremdrift compare --report` all read a
comparison through here, so the page and the paper say the same thing in the same words.
Shares are shown per 100 citizens, money in kroner, each with the paired difference against the
reference and its 95% interval, the command line's numbers (sim.experiments.compare).
Kept free of Solara.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from sim.experiments.compare import Comparison
from sim.experiments.outcomes import HORIZONS
from sim.ui import fmt
from sim.ui.i18n import scenario_description, scenario_name, t, term

ROOT = Path(__file__).resolve().parents[2]
CALIBRATION_TABLE = ROOT / "calibration" / "report_targets.csv"

# (outcome, kind): kind says the unit and how it is written.
PER100, WEEKS, POINTS, KRONER = "per100", "weeks", "points", "kroner"
UNIT_KEYS = {
    PER100: "unit_per100",
    WEEKS: "unit_weeks_citizen",
    POINTS: "unit_points",
    KRONER: "unit_kr_citizen",
}


def fremdrift_version() -> str:
    try:
        return version("fremdrift")
    except PackageNotFoundError:
        return "(source)"


def horizon_label(weeks: int) -> str | None:
    """The longest of 1, 2, 4 years the run reaches ("1y", "2y", "4y"), or None."""
    reached = [h for h, w in HORIZONS.items() if w <= weeks]
    return reached[-1] if reached else None


def rows_for(weeks: int) -> list[tuple[str, str]]:
    """The outcomes the brief shows for a run of `weeks`, without two rows for one number.

    Jobs at each year the run reaches; the other exits at the last of them; "in a job at the
    end" only when the end is not one of those years (else it repeats a row).
    """
    reached = [h for h, w in HORIZONS.items() if w <= weeks]
    rows = [(f"share_job_{h}", PER100) for h in reached]
    if weeks not in HORIZONS.values():
        rows.append(("share_job", PER100))
    last = horizon_label(weeks)
    if last:
        rows += [(f"share_{s}_{last}", PER100) for s in ("education", "flexjob", "pension")]
    rows += [
        ("share_derailment", PER100),
        ("weeks_self_support_per_citizen", WEEKS),
        ("mean_indicator_change", POINTS),
        ("cost_per_citizen", KRONER),
    ]
    return rows


def value_text(x: float, kind: str, lang: str, signed: bool = False) -> str:
    if kind == PER100:
        return fmt.per100(x, lang, 1, signed)
    if kind == KRONER:
        return fmt.kroner(x, lang, signed)
    if kind == POINTS:
        return fmt.number(x, lang, 2, signed)
    return fmt.number(x, lang, 1, signed)


def outcome_label(outcome: str, weeks: int, lang: str) -> str:
    return t(f"out_{outcome}", lang, weeks=weeks)


def weeks_of(result: Comparison) -> int:
    return int(result.weekly["week"].max())


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    keys: list[str] = field(default_factory=list)  # the outcome of each row


def table(result: Comparison, lang: str) -> Table:
    """Outcome, unit, then per strategy its mean and (not for the reference) the difference."""
    d = result.differences
    ref = result.scenarios[0]
    weeks = weeks_of(result)
    header = [t("compare_table_outcome", lang), t("col_unit", lang), term(ref, lang)]
    for name in result.scenarios[1:]:
        header += [
            term(name, lang),
            t("col_diff", lang, name=term(name, lang), ref=term(ref, lang)),
        ]
    rows, keys = [], []
    for outcome, kind in rows_for(weeks):
        by = d[d["outcome"] == outcome].set_index("scenario")
        if by["mean"].isna().all():
            continue
        row = [outcome_label(outcome, weeks, lang), t(UNIT_KEYS[kind], lang)]
        row.append(value_text(by.loc[ref, "mean"], kind, lang))
        for name in result.scenarios[1:]:
            r = by.loc[name]
            row.append(value_text(r["mean"], kind, lang))
            row.append(
                t(
                    "diff_cell",
                    lang,
                    diff=value_text(r["diff"], kind, lang, True),
                    low=value_text(r["low"], kind, lang, True),
                    high=value_text(r["high"], kind, lang, True),
                )
            )
        rows.append(row)
        keys.append(outcome)
    return Table(header, rows, keys)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _headline(result: Comparison, lang: str) -> list[tuple[str, str, str]]:
    """(outcome, what, when) of the outcomes a brief leads with: in a job at the last full
    year, and derailed at the end."""
    weeks = weeks_of(result)
    horizon = horizon_label(weeks)
    items = [(f"share_job_{horizon}", "what_jobs")] if horizon else []
    items.append(("share_derailment", "what_derailed"))
    out = []
    for outcome, what in items:
        years = int(horizon[0]) if outcome.startswith("share_job") else weeks / 52
        when = (
            t("one_year", lang)
            if years == 1
            else t("after_years", lang, n=fmt.number(years, lang, 0 if years == int(years) else 1))
        )
        out.append((outcome, t(what, lang), when))
    return out


def _headline_rows(result: Comparison, frame, lang: str):
    """(other, what, when, row) for each strategy against the reference and each headline
    outcome `frame` (differences or the ensemble summary) has a finite difference for."""
    for other in result.scenarios[1:]:
        rows = frame[frame["scenario"] == other].set_index("outcome")
        for outcome, what, when in _headline(result, lang):
            if outcome in rows.index and math.isfinite(rows.loc[outcome, "diff"]):
                yield other, what, when, rows.loc[outcome]


def sentences(result: Comparison, lang: str) -> list[str]:
    """The paired differences against the reference, as sentences a planner can quote."""
    first = term(result.scenarios[0], lang)
    return [
        _cap(
            t(
                "diff_sentence",
                lang,
                other=term(other, lang),
                first=first,
                diff=fmt.per100(r["diff"], lang, 1, True),
                what=what,
                years=when,
                low=fmt.per100(r["low"], lang, 1, True),
                high=fmt.per100(r["high"], lang, 1, True),
            )
        )
        for other, what, when, r in _headline_rows(result, result.differences, lang)
    ]


def ensemble_sentences(result: Comparison, lang: str) -> list[str]:
    """Parameter uncertainty beside Monte Carlo noise, for the outcomes of `sentences`: in how
    many plausible parameter sets the difference has the same sign, and how much it moves
    between sets against between cohorts of one set (sim.experiments.compare.ensemble_summary).
    Empty without an ensemble."""
    e = result.ensemble
    if e is None or e.empty:
        return []
    first = term(result.scenarios[0], lang)
    return [
        _cap(
            t(
                "ensemble_sentence",
                lang,
                other=term(other, lang),
                first=first,
                what=what,
                years=when,
                diff=fmt.per100(r["diff"], lang, 1, True),
                same=int(r["sets_same_sign"]),
                sets=int(r["sets"]),
                param=fmt.per100(r["parameter_sd"], lang, 1),
                noise=fmt.per100(r["monte_carlo_sd"], lang, 1),
            )
        )
        for other, what, when, r in _headline_rows(result, e, lang)
    ]


def cost_sentences(result: Comparison, lang: str) -> list[str]:
    """What each strategy's extra jobs cost in interventions, in words that cannot be misread.

    A price per extra citizen in a job only where the ratio means what it says (the command
    line's rule, sim.experiments.compare.cost_per_extra_job); otherwise what happened instead.
    """
    d = result.differences
    first = result.scenarios[0]
    out = []
    for other in result.scenarios[1:]:
        rows = d[d["scenario"] == other].set_index("outcome")
        names = {"other": term(other, lang), "first": term(first, lang)}
        c = rows.loc["cost_per_extra_job"]
        if math.isfinite(c["diff"]):
            key = "cost_sentence" if rows.loc["share_job", "diff"] > 0 else "saving_sentence"
            out.append(
                t(
                    key,
                    lang,
                    cost=fmt.kroner(abs(c["diff"]), lang),
                    low=fmt.kroner(c["low"], lang),
                    high=fmt.kroner(c["high"], lang),
                    **names,
                )
            )
        else:
            key = {
                "no clear difference in jobs": "cost_no_clear",
                "more jobs at lower cost": "cost_cheaper_better",
                "fewer jobs at higher cost": "cost_dearer_worse",
            }.get(c["note"])
            if key:
                out.append(t(key, lang, **names))
        weeks = rows.loc["weeks_self_support_per_citizen"]
        cost = rows.loc["cost_per_citizen", "diff"]
        if weeks["low"] > 0 and cost > 0:
            out.append(
                t(
                    "self_support_sentence",
                    lang,
                    cost=fmt.kroner(cost / weeks["diff"], lang),
                    **names,
                )
            )
    out = [_cap(s) for s in out]
    out.append(t("cost_scope", lang))
    return out


@dataclass
class Setup:
    """What a reader of the brief needs to repeat it."""

    scenario: str  # the scenario's name (a shipped one's id, or a file's own name)
    description: str
    seed: int
    replicates: int
    citizens: int
    weeks: int
    changed: list[tuple[str, str, str]] = field(default_factory=list)  # label, was, now
    made: date = field(default_factory=date.today)


def setup_lines(setup: Setup, result: Comparison, lang: str) -> list[tuple[str, str]]:
    """(label, value) pairs for the report's set-up block."""
    changed = (
        "; ".join(f"{label}: {was} → {now}" for label, was, now in setup.changed)
        if setup.changed
        else t("report_levers_none", lang)
    )
    return [
        (
            t("report_scenario", lang),
            f"{scenario_name(setup.scenario, lang)}: "
            f"{scenario_description(setup.scenario, setup.description, lang)}",
        ),
        (t("report_strategies", lang), ", ".join(term(s, lang) for s in result.scenarios)),
        (t("report_reference", lang), term(result.scenarios[0], lang)),
        (t("report_seed", lang), str(setup.seed)),
        (t("report_replicates", lang), fmt.number(setup.replicates, lang)),
        (
            t("report_size", lang),
            t(
                "report_size_value",
                lang,
                citizens=fmt.number(setup.citizens, lang),
                weeks=fmt.number(setup.weeks, lang),
            ),
        ),
        (t("report_levers", lang), changed),
    ]


def calibration_status(lang: str, path: Path = CALIBRATION_TABLE) -> str:
    """The Evidence page's headline: how many hard targets the fit meets, and which it misses."""
    if not path.exists():
        return t("report_calibration_missing", lang)
    targets = pd.read_csv(path)
    hard = targets[targets["hard"]]
    text = t("report_calibration_text", lang, met=int(hard["within"].sum()), hard=len(hard))
    outside = targets[~targets["within"].astype(bool)]
    for hard_ones, key in ((True, "report_calibration_misses"), (False, "report_soft_misses")):
        missed = outside.loc[outside["hard"] == hard_ones, "target"].tolist()
        if missed:
            text += " " + t(key, lang, targets=", ".join(missed))
    return text
