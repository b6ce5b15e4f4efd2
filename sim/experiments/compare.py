"""Comparing scenarios with common random numbers: paired differences, not two noisy means.

Replicate r of every scenario runs with the same seed, so citizen i meets the same luck in each
(the same crises, the same turnover, the same draws at every decision). The difference between
two scenarios in replicate r is then mostly the strategy's doing, and the spread of those
differences over replicates gives a confidence interval far tighter than comparing means.

With an ensemble of parameter sets (calibration/ensemble.toml, DESIGN.md section 9) replicate r
also draws a parameter set, the same for every scenario. The paired differences then carry two
kinds of uncertainty, which `ensemble_summary` separates: how much the answer changes between
plausible parameter sets, and how much it changes between cohorts for the same set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from sim.experiments.executors import Executor
from sim.experiments.outcomes import OUTCOMES
from sim.experiments.scenario import Scenario
from sim.experiments.worker import DEFAULT_RUNNER, RunSpec, replicate_seed_ints, run_chunks

CONFIDENCE = 0.95
BOOTSTRAP_RESAMPLES = 2000


@dataclass
class Comparison:
    scenarios: list[str]
    runs: pd.DataFrame  # scenario, replicate, seed, error, outcomes (+ parameter_set)
    weekly: pd.DataFrame  # scenario, replicate, week, weekly series
    differences: pd.DataFrame  # scenario, outcome, mean, diff, low, high (against the first)
    root_seed: int
    ensemble: pd.DataFrame | None = None  # see ensemble_summary; None without an ensemble

    @property
    def n_failed(self) -> int:
        return int(self.runs["error"].notna().sum())


def run_comparison(
    scenarios: list[Scenario],
    replicates: int,
    executor: Executor,
    *,
    root_seed: int,
    chunk_size: int = 4,
    on_progress: Callable[[int, int], None] | None = None,
    ensemble: list[dict[str, float]] | None = None,
) -> Comparison:
    """Every scenario for `replicates` common seeds, and their paired differences.

    With `ensemble` (parameter sets, each {"group.field": value}) replicate r also runs every
    scenario with the parameter set `assign_sets` gives it; see `ensemble_summary`.

    `on_progress(done, total)` is called as chunks of runs finish; an exception raised in it
    (the UI's cancel button) stops the comparison there.
    """
    seeds = replicate_seed_ints(root_seed, replicates)
    names = [s.name for s in scenarios]
    sets = assign_sets(ensemble, replicates, root_seed, scenarios) if ensemble else None
    jobs = []
    for k, scenario in enumerate(scenarios):
        specs = [
            RunSpec(
                run_id=k * replicates + r,
                seed=seeds[r],
                replicate=r,
                point_id=k,
                overrides=dict(ensemble[sets[r]]) if sets is not None else {},
            )
            for r in range(replicates)
        ]
        for i in range(0, replicates, chunk_size):
            jobs.append(
                (scenario.params.to_dict(), specs[i : i + chunk_size], DEFAULT_RUNNER, names[k])
            )
    run_parts, weekly_parts = [], []
    total, done = replicates * len(scenarios), 0
    for output in run_chunks(executor, jobs):
        run_parts.append(pd.DataFrame(output.runs))
        weekly_parts.append(pd.DataFrame(output.weekly))
        done += len(output.runs["run_id"])
        if on_progress is not None:
            on_progress(done, total)
    runs = pd.concat(run_parts, ignore_index=True).sort_values("run_id", ignore_index=True)
    weekly = pd.concat(weekly_parts, ignore_index=True)
    point = runs.set_index("run_id")["point_id"]
    replicate = runs.set_index("run_id")["replicate"]
    weekly.insert(0, "scenario", [names[p] for p in point.loc[weekly["run_id"]]])
    weekly.insert(1, "replicate", replicate.loc[weekly["run_id"]].to_numpy())
    weekly = weekly.sort_values(["scenario", "replicate", "week"], ignore_index=True)
    diffs = paired_differences(runs, names, root_seed)
    summary = None
    if sets is not None:
        runs["parameter_set"] = [sets[r] for r in runs["replicate"]]
        summary = ensemble_summary(runs, names)
    return Comparison(names, runs.drop(columns="point_id"), weekly, diffs, root_seed, summary)


def assign_sets(
    ensemble: list[dict[str, float]], replicates: int, root_seed: int, scenarios: list[Scenario]
) -> list[int]:
    """Which parameter set each replicate uses, the same for every scenario.

    Each set drawn is used by at least two replicates (by `replicates // 2` sets at most, drawn
    without replacement with a generator seeded from the root seed), so that the spread
    between cohorts of one set can be told from the spread between sets. A scenario that sets
    a parameter the ensemble also sets, to a value other scenarios do not share, would have
    that difference overwritten: that is an error naming the parameter."""
    if replicates < 2:
        raise ValueError("an ensemble comparison needs at least 2 replicates")
    keys = sorted({k for s in ensemble for k in s})
    for key in keys:
        values = {sc.name: sc.params.get(key) for sc in scenarios}
        if len(set(values.values())) > 1:
            shown = ", ".join(f"{n}: {v}" for n, v in values.items())
            raise ValueError(
                f"the scenarios differ in {key} ({shown}), which the ensemble sets for every "
                "scenario; compare them without --ensemble, or give them the same value"
            )
    n_sets = min(len(ensemble), replicates // 2)
    rng = np.random.default_rng(np.random.SeedSequence([root_seed, 2]))
    chosen = rng.choice(len(ensemble), size=n_sets, replace=False)
    return [int(chosen[r % n_sets]) for r in range(replicates)]


def ensemble_summary(runs: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """For each scenario against the first and each outcome: the mean paired difference, in
    how many parameter sets it has the same sign, and the two sources of its uncertainty.

    Per parameter set j with n_j replicates, d_j is the mean paired difference. The Monte Carlo
    part is the pooled within-set standard deviation of single replicates (s_w); the parameter
    part is the standard deviation of the sets' true differences, estimated as
    sqrt(max(0, var(d_j) - mean(s_w^2 / n_j))) (a one-way random-effects analysis of variance).
    `sets_same_sign` counts the sets whose d_j has the sign of the overall mean: "the
    difference holds in 47 of 50 plausible parameter sets"."""
    ok = runs[runs["error"].isna()] if "error" in runs else runs
    by = {n: ok[ok["scenario"] == n].set_index("replicate").sort_index() for n in names}
    first = by[names[0]]
    rows = []
    for name in names[1:]:
        this = by[name]
        common = this.index.intersection(first.index)
        sets = this.loc[common, "parameter_set"]
        for outcome in OUTCOMES:
            d = (this.loc[common, outcome] - first.loc[common, outcome]).astype(float)
            frame = pd.DataFrame({"d": d, "set": sets}).dropna()
            if frame.empty:
                continue
            g = frame.groupby("set")["d"]
            means, sizes = g.mean(), g.size()
            overall = float(frame["d"].mean())
            within = g.var(ddof=1).dropna()
            dof = (sizes[within.index] - 1).sum()
            s_w2 = float((within * (sizes[within.index] - 1)).sum() / dof) if dof > 0 else np.nan
            var_between = float(means.var(ddof=1)) if len(means) > 1 else np.nan
            param_sd = (
                float(np.sqrt(max(0.0, var_between - np.mean(s_w2 / sizes))))
                if np.isfinite(var_between) and np.isfinite(s_w2)
                else np.nan
            )
            same = int((np.sign(means) == np.sign(overall)).sum()) if overall != 0 else 0
            rows.append(
                {
                    "scenario": name,
                    "outcome": outcome,
                    "diff": overall,
                    "sets": len(means),
                    "sets_same_sign": same,
                    "parameter_sd": param_sd,
                    "monte_carlo_sd": float(np.sqrt(s_w2)) if np.isfinite(s_w2) else np.nan,
                    "set_low": float(means.min()),
                    "set_high": float(means.max()),
                }
            )
    return pd.DataFrame(rows)


def _mean(d: np.ndarray) -> float:
    """Mean of the finite values; NaN when there are none (a horizon past the run's end)."""
    d = d[np.isfinite(d)]
    return float(d.mean()) if d.size else np.nan


def _interval(d: np.ndarray) -> tuple[float, float]:
    d = d[np.isfinite(d)]
    if d.size < 2:
        return (np.nan, np.nan)
    se = d.std(ddof=1) / np.sqrt(d.size)
    half = stats.t.ppf(0.5 + CONFIDENCE / 2, d.size - 1) * se
    return (float(d.mean() - half), float(d.mean() + half))


def paired_differences(runs: pd.DataFrame, names: list[str], seed: int) -> pd.DataFrame:
    """Each scenario against the first: mean, paired difference and its 95% interval."""
    by = {n: runs[runs["scenario"] == n].set_index("replicate").sort_index() for n in names}
    first = by[names[0]]
    rows = []
    for name in names:
        this = by[name]
        for outcome in OUTCOMES:
            d = (this[outcome] - first[outcome]).to_numpy(dtype=float)
            low, high = _interval(d) if name != names[0] else (np.nan, np.nan)
            rows.append(
                {
                    "scenario": name,
                    "outcome": outcome,
                    "mean": _mean(this[outcome].to_numpy(dtype=float)),
                    "diff": _mean(d) if name != names[0] else np.nan,
                    "low": low,
                    "high": high,
                    "note": "",
                }
            )
        rows.append(
            {
                "scenario": name,
                "outcome": "cost_per_extra_job",
                **cost_per_extra_job(first, this, seed, name == names[0]),
            }
        )
        rows.append(
            {
                "scenario": name,
                "outcome": "public_cost_per_extra_self_support",
                **public_cost_per_extra_self_support(first, this, seed, name == names[0]),
            }
        )
    return pd.DataFrame(rows)


def cost_per_extra_job(first: pd.DataFrame, other: pd.DataFrame, seed: int, same: bool) -> dict:
    """Extra intervention cost per extra citizen in a job at the end, against the first scenario
    (see `price_of_extra`)."""
    notes = ("extra cost per extra job", "saving per job lost", "jobs", "more jobs", "fewer jobs")
    return price_of_extra(first, other, "cost_per_citizen", "share_job", seed, same, notes)


def public_cost_per_extra_self_support(
    first: pd.DataFrame, other: pd.DataFrame, seed: int, same: bool
) -> dict:
    """Extra public spending (benefit, pension, flexjob, salaries, places) per extra person in
    self-support at the end, against the first scenario (see `price_of_extra`). Savings on
    benefit count, so a strategy can pay for itself: then the note says so."""
    notes = (
        "extra public spending per extra person in self-support",
        "saving per person in self-support lost",
        "self-support",
        "more in self-support",
        "fewer in self-support",
    )
    return price_of_extra(
        first, other, "public_cost_per_citizen", "share_self_support", seed, same, notes
    )


def price_of_extra(
    first: pd.DataFrame,
    other: pd.DataFrame,
    cost: str,
    gain: str,
    seed: int,
    same: bool,
    notes: tuple[str, str, str, str, str],
) -> dict:
    """Extra `cost` per extra unit of `gain`, against the first scenario.

    A ratio of paired mean differences, with a percentile bootstrap interval over replicates.
    The ratio is given only where it means what its name says. It is left out (NaN, with a
    `note` saying why) when the gain's own 95% interval includes zero, since dividing by a
    difference that may be nothing gives a number but not a meaningful one, and when one
    scenario is both cheaper and better, where a negative "price" would mislead.
    """
    priced, saved, what, more_words, fewer_words = notes
    blank = {"mean": np.nan, "diff": np.nan, "low": np.nan, "high": np.nan, "note": ""}
    if same:
        return blank
    d_cost = (other[cost] - first[cost]).to_numpy(dtype=float)
    d_gain = (other[gain] - first[gain]).to_numpy(dtype=float)
    ok = np.isfinite(d_cost) & np.isfinite(d_gain)
    d_cost, d_gain = d_cost[ok], d_gain[ok]
    gain_low, gain_high = _interval(d_gain)
    if d_gain.size < 2 or not (gain_low > 0 or gain_high < 0):
        return {**blank, "note": f"no clear difference in {what}"}
    more, dearer = d_gain.mean() > 0, d_cost.mean() > 0
    if more and not dearer:
        return {**blank, "note": f"{more_words} at lower cost"}
    if not more and dearer:
        return {**blank, "note": f"{fewer_words} at higher cost"}
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    idx = rng.integers(0, d_gain.size, size=(BOOTSTRAP_RESAMPLES, d_gain.size))
    # A resample whose gain difference is exactly zero has no finite price; it counts as an
    # unbounded ratio, so with few replicates an end of the interval may honestly be infinite.
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = d_cost[idx].mean(axis=1) / d_gain[idx].mean(axis=1)
    tail = (1 - CONFIDENCE) / 2
    return {
        "mean": np.nan,
        "diff": float(d_cost.mean() / d_gain.mean()),
        "low": float(np.quantile(ratios, tail)),
        "high": float(np.quantile(ratios, 1 - tail)),
        "note": priced if more else saved,
    }
