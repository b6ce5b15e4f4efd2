"""The outcome measures an analyst compares across runs, one flat row per run.

Shares are of the whole cohort. "At 1, 2 and 4 years" reads the weekly counts at weeks 52, 104
and 208; a run shorter than that has no value there (NaN), not a value from another week.
"""

from __future__ import annotations

import math

import numpy as np

from sim.core import RunResult

HORIZONS = {"1y": 52, "2y": 104, "4y": 208}
EXIT_STATUSES = ("job", "education", "flexjob", "pension")
SUMMARY_OUTCOMES = (
    "share_benefit",
    "share_job",
    "share_self_support",
    "share_ever_job",
    "share_derailment",
    "mean_indicator_change",
    "weeks_self_support_per_citizen",
    "cost_per_citizen",
    "public_cost_per_citizen",
    "share_any_caseworker_change",
    "share_never_intervention",
    "activation_rate",
)
OUTCOMES: tuple[str, ...] = (
    *(f"share_{s}_{h}" for s in EXIT_STATUSES for h in HORIZONS),
    *SUMMARY_OUTCOMES,
)
# Weekly columns kept in the long weekly table of sweeps and comparisons.
WEEKLY_SERIES = (
    "n_benefit",
    "n_job",
    "n_education",
    "n_flexjob",
    "n_pension",
    "n_progress",
    "n_standstill",
    "n_regress",
    "n_derailment",
    "mean_indicator",
    "cost",
    "cost_total",
)


def outcome_row(result: RunResult) -> dict[str, float]:
    """Every measure in OUTCOMES for one run."""
    weekly = result.weekly_arrays
    n = result.final["status"].size
    weeks = len(weekly["n_benefit"]) - 1
    row: dict[str, float] = {}
    for status in EXIT_STATUSES:
        for label, week in HORIZONS.items():
            value = weekly[f"n_{status}"][week] / n if week <= weeks else math.nan
            row[f"share_{status}_{label}"] = float(value)
    summary = result.summary()
    for key in SUMMARY_OUTCOMES:
        row[key] = float(summary[key])
    return row


def weekly_series(result: RunResult) -> dict[str, np.ndarray]:
    """The weekly columns of WEEKLY_SERIES, with the week number."""
    weekly = result.weekly_arrays
    out = {"week": np.arange(len(weekly["n_benefit"]), dtype=np.int32)}
    for col in WEEKLY_SERIES:
        out[col] = np.asarray(weekly[col], dtype=np.float64)
    return out
