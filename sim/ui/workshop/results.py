"""What a workshop shows of its runs: jobs, self-support and net cost, paired against a reference.

Every choice in a session runs on the same replicate seeds (common random numbers), so replicate
r of one participant's choice and replicate r of current practice meet the same citizens with
the same luck; the difference per replicate is the choice's own effect, and the spread of those
differences gives the 95% interval (Student's t, as on the Compare page). Kept free of Solara.

Net cost, per citizen over the run, in kroner: the model's intervention cost, plus what the
participant's levers cost (the workshop file's prices, per year, times the run's years), minus
the benefit not paid in the weeks a citizen supports themself. The prices are the workshop
file's assumptions, stated there; they are for discussion, not a budget.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

CONFIDENCE = 0.95
WEEKS_PER_YEAR = 52
MEASURES = ("jobs", "self_support", "net_cost")


@dataclass(frozen=True)
class RunSet:
    """The runs of one choice over the session's replicate seeds."""

    runs: pd.DataFrame  # one row per replicate: scenario, replicate, seed, error, outcomes
    weekly: pd.DataFrame  # scenario, replicate, week, weekly series

    @property
    def n_failed(self) -> int:
        return int(self.runs["error"].notna().sum())


@dataclass(frozen=True)
class Estimate:
    """A measure's mean under a choice, and its paired difference against the reference."""

    mean: float
    diff: float = math.nan
    low: float = math.nan
    high: float = math.nan


def per_replicate(
    runs: pd.DataFrame, spend: float, benefit_per_week: float, weeks: int
) -> dict[str, np.ndarray]:
    """Each measure per replicate, in replicate order: jobs per 100 at the end, weeks of
    self-support per citizen, net cost per citizen in kroner."""
    r = runs.sort_values("replicate")
    self_support = r["weeks_self_support_per_citizen"].to_numpy(float)
    years = weeks / WEEKS_PER_YEAR
    return {
        "jobs": 100 * r["share_job"].to_numpy(float),
        "self_support": self_support,
        "net_cost": r["cost_per_citizen"].to_numpy(float)
        + spend * years
        - benefit_per_week * self_support,
    }


def mean_interval(d: np.ndarray) -> tuple[float, float, float]:
    """Mean of the finite values and its 95% t-interval (NaN where there are too few)."""
    d = d[np.isfinite(d)]
    if d.size == 0:
        return math.nan, math.nan, math.nan
    m = float(d.mean())
    if d.size < 2:
        return m, math.nan, math.nan
    half = stats.t.ppf(0.5 + CONFIDENCE / 2, d.size - 1) * d.std(ddof=1) / math.sqrt(d.size)
    return m, float(m - half), float(m + half)


def paired(this: np.ndarray, reference: np.ndarray | None) -> Estimate:
    """The mean of `this`, and its paired difference against `reference` with the interval."""
    mean = mean_interval(this)[0]
    if reference is None:
        return Estimate(mean)
    return Estimate(mean, *mean_interval(this - reference))


def estimates(
    this: dict[str, np.ndarray], reference: dict[str, np.ndarray] | None
) -> dict[str, Estimate]:
    return {m: paired(this[m], None if reference is None else reference[m]) for m in MEASURES}


def answer_estimate(
    strategy: RunSet, against: RunSet | None, outcome: str, scale: float
) -> Estimate:
    """A predict round's answer: `outcome` (times `scale`) under `strategy`, and the paired
    difference against `against` when there is one; the difference is the answer then."""
    a = scale * strategy.runs.sort_values("replicate")[outcome].to_numpy(float)
    if against is None:
        m, lo, hi = mean_interval(a)
        return Estimate(m, m, lo, hi)
    b = scale * against.runs.sort_values("replicate")[outcome].to_numpy(float)
    return paired(a, b)
