"""Estimators: what each study did to its data, done to the model's output tables.

Every function reads the tables a run writes (the quarterly panel, the event log, the caseworker
table, the weekly counts), never the model's parameters, so a figure can only come out right if
the simulated behaviour produces it. They work as well on tables read back from Parquet.

Conventions: a "quarter" is the 13 weeks after a panel wave; a citizen is at risk in a quarter
when the wave finds them on benefit. Hazard ratios come from a discrete-time hazard model on
these person-quarters (binomial GLM with a complementary log-log link, so exp(coefficient) is a
hazard ratio, as in a grouped-time Cox model), with one dummy per wave for the baseline hazard.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from sim.core.states import INDICATORS, WEEKS_PER_QUARTER, WEEKS_PER_YEAR

# The kinds of intervention BIP recorded and bundled (P9-P12); a model with more kinds is
# analysed on these, as the study could only see these.
STUDY_KINDS: tuple[str, ...] = ("company", "upskilling", "health", "social")

BUNDLES: tuple[str, ...] = (
    "none",
    "company_only",
    "upskilling_only",
    "health_only",
    "social_only",
    "several_without_company",
    "company_and_other",
)
SINGLE_SUPPORT = ("upskilling_only", "health_only", "social_only")


# ---------------------------------------------------------------- shared building blocks


def status_starts(events: pd.DataFrame, statuses: tuple[str, ...]) -> pd.DataFrame:
    """(citizen_id, week) of every move into one of `statuses`."""
    e = events[(events["event"] == "status") & events["value"].isin(statuses)]
    return e[["citizen_id", "week"]]


def person_quarters(
    panel: pd.DataFrame, events: pd.DataFrame, outcome: tuple[str, ...]
) -> pd.DataFrame:
    """One row per citizen and wave on benefit, with `event` = 1 if the citizen moved into
    one of `outcome` in the 13 weeks after the wave. The last wave has no quarter after it."""
    last_week = int(panel["week"].max())
    at_risk = panel[(panel["status"] == "benefit") & (panel["week"] < last_week)].copy()
    starts = status_starts(events, outcome)
    quarter = (starts["week"].to_numpy() - 1) // WEEKS_PER_QUARTER * WEEKS_PER_QUARTER
    hit = pd.DataFrame({"citizen_id": starts["citizen_id"].to_numpy(), "week": quarter})
    hit = hit.drop_duplicates()
    hit["event"] = 1
    rows = at_risk.merge(hit, on=["citizen_id", "week"], how="left")
    rows["event"] = rows["event"].fillna(0).astype(int)
    rows["mean_indicator"] = rows[list(INDICATORS)].mean(axis=1)
    return rows


def cloglog_hazard_ratio(rows: pd.DataFrame, covariate: str, controls: tuple[str, ...]) -> float:
    """exp(coefficient of `covariate`) in a discrete-time cloglog hazard model with wave dummies
    and `controls`; NaN when the model cannot be fitted (no events, no variation)."""
    if rows["event"].sum() == 0 or rows[covariate].nunique() < 2:
        return float("nan")
    waves = pd.get_dummies(rows["week"], prefix="w", drop_first=True, dtype=float)
    x = pd.concat([rows[[covariate, *controls]].astype(float), waves], axis=1)
    x = sm.add_constant(x, has_constant="add")
    model = sm.GLM(
        rows["event"].astype(float),
        x,
        family=sm.families.Binomial(link=sm.families.links.CLogLog()),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # separation in a sparse wave only widens its dummy
        try:
            fit = model.fit(maxiter=100)
        except (np.linalg.LinAlgError, ValueError):
            return float("nan")
    return float(np.exp(fit.params[covariate]))


# ---------------------------------------------------------------- caseworkers (P2-P8)


def hazard_ratio_per_change(panel: pd.DataFrame, events: pd.DataFrame) -> float:
    """P2: the job hazard ratio per change of caseworker so far, controlling for the wave and
    the citizen's measured readiness (mean of the indicators), as the BIP analysis did with its
    survey controls."""
    rows = person_quarters(panel, events, ("job",))
    return cloglog_hazard_ratio(rows, "n_caseworker_changes", ("mean_indicator",))


def share_any_change(panel: pd.DataFrame) -> float:
    """P3: the share of citizens with at least one change of caseworker by the last wave."""
    changes = panel.groupby("citizen_id")["n_caseworker_changes"].max()
    return float((changes > 0).mean())


def belief_hazard_ratio(
    believe: tuple[pd.DataFrame, pd.DataFrame], doubt: tuple[pd.DataFrame, pd.DataFrame]
) -> float:
    """P4: the job-or-education hazard ratio of the same citizens under a believing rather
    than a doubting caseworker. Each argument is (panel, events) of one arm of a virtual
    experiment: the same cohort and seed, with every caseworker's answer fixed."""
    arms = []
    for flag, (panel, events) in ((1, believe), (0, doubt)):
        rows = person_quarters(panel, events, ("job", "education"))
        rows["believed"] = flag
        arms.append(rows)
    return cloglog_hazard_ratio(pd.concat(arms, ignore_index=True), "believed", ())


def belief_answer_shares(panel: pd.DataFrame) -> dict[str, float]:
    """P5: how caseworkers answered "job within the next year?", over every quarterly answer
    for a citizen on benefit; doubtful and no are one group, as reported."""
    answers = panel.loc[panel["status"] == "benefit", "belief"].dropna().astype(str)
    share = answers.value_counts(normalize=True)
    return {
        "yes": float(share.get("yes", 0.0)),
        "good_chance": float(share.get("good_chance", 0.0)),
        "maybe": float(share.get("maybe", 0.0)),
        "doubtful_or_no": float(share.get("doubtful", 0.0) + share.get("no", 0.0)),
    }


def caseworker_rates(
    caseworkers: pd.DataFrame,
    last_week: int,
    min_citizens: int = 20,
    min_weeks: int = WEEKS_PER_YEAR,
) -> pd.Series:
    """Each caseworker's share of their citizens who went to a job or education, for the
    caseworkers who had at least `min_citizens` (fewer gives rates that are mostly noise) and
    were in post at least `min_weeks`. A caseworker who left after a few months has had
    citizens but no time to see them into work, and the study ranked caseworkers it followed
    through the project; counting short stays would rank tenure, not effectiveness."""
    end = caseworkers["left_week"].astype("float64").fillna(last_week)
    tenure = end - caseworkers["hired_week"]
    cw = caseworkers[(caseworkers["n_citizens_ever"] >= min_citizens) & (tenure >= min_weeks)]
    rate = (cw["n_to_job"] + cw["n_to_education"]) / cw["n_citizens_ever"]
    return pd.Series(rate.to_numpy(), index=cw["caseworker_id"].to_numpy(), name="rate")


def caseworker_quartile_rates(caseworkers: pd.DataFrame, last_week: int) -> tuple[float, float]:
    """P7: mean job-or-education rate of the top and of the bottom quartile of caseworkers.

    The source does not say how its groups were cut; quartiles of the caseworkers with at
    least 20 citizens and a year in post is our documented choice (calibration/targets.toml).
    `last_week` is the end of follow-up, for caseworkers still in post."""
    rate = caseworker_rates(caseworkers, last_week).sort_values()
    if len(rate) < 4:
        return float("nan"), float("nan")
    q = len(rate) // 4
    return float(rate.iloc[-q:].mean()), float(rate.iloc[:q].mean())


def belief_rate_correlation(
    panel: pd.DataFrame, caseworkers: pd.DataFrame, last_week: int
) -> float:
    """P8: Spearman correlation, over caseworkers, between how often they answer yes or good
    chance and their job-or-education rate."""
    answered = panel[(panel["status"] == "benefit") & panel["belief"].notna()]
    positive = answered["belief"].astype(str).isin(("yes", "good_chance"))
    by_cw = positive.groupby(answered["caseworker_id"].astype("int64")).mean()
    rate = caseworker_rates(caseworkers, last_week)
    both = pd.concat([by_cw.rename("belief"), rate], axis=1, join="inner")
    if len(both) < 5:
        return float("nan")
    return float(stats.spearmanr(both["belief"], both["rate"]).statistic)


# ---------------------------------------------------------------- interventions (P9-P19)


def bundle_progression(panel: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """P9-P12: indicator progression between waves by the bundle of interventions received.

    For each citizen on benefit at two consecutive waves: the kinds of intervention active at
    the first wave or started before the next; the change in the mean measured indicator.
    Returns one row per bundle with `mean_change`, `sem` and `n` (citizen-quarters)."""
    p = panel.sort_values(["citizen_id", "week"])
    nxt = p.groupby("citizen_id").shift(-1)
    both = (p["status"] == "benefit") & (nxt["status"] == "benefit")
    ind = list(INDICATORS)
    change = nxt.loc[both, ind].mean(axis=1) - p.loc[both, ind].mean(axis=1)
    pairs = p.loc[both, ["citizen_id", "week", *STUDY_KINDS]].copy()
    pairs["change"] = change.to_numpy()
    starts = events[events["event"] == "intervention_start"]
    quarter = (starts["week"].to_numpy() - 1) // WEEKS_PER_QUARTER * WEEKS_PER_QUARTER
    started = pd.DataFrame(
        {"citizen_id": starts["citizen_id"].to_numpy(), "week": quarter, "kind": starts["value"]}
    )
    got = (
        pd.crosstab([started["citizen_id"], started["week"]], started["kind"])
        .reindex(columns=list(STUDY_KINDS), fill_value=0)
        .gt(0)
        .add_prefix("start_")
        .reset_index()
    )
    pairs = pairs.merge(got, on=["citizen_id", "week"], how="left")
    kinds = {}
    for k in STUDY_KINDS:
        kinds[k] = pairs[k].astype(bool) | pairs[f"start_{k}"].fillna(False).astype(bool)
    company = kinds["company"]
    n_other = sum(kinds[k].astype(int) for k in STUDY_KINDS[1:])
    bundle = np.select(
        [
            company & (n_other > 0),
            company,
            n_other > 1,
            kinds["upskilling"] & (n_other == 1),
            kinds["health"] & (n_other == 1),
            kinds["social"] & (n_other == 1),
        ],
        [
            "company_and_other",
            "company_only",
            "several_without_company",
            "upskilling_only",
            "health_only",
            "social_only",
        ],
        default="none",
    )
    pairs["bundle"] = bundle
    g = pairs.groupby("bundle")["change"]
    out = pd.DataFrame({"mean_change": g.mean(), "sem": g.sem(), "n": g.size()})
    return out.reindex(list(BUNDLES))


def combined_lead(progression: pd.DataFrame) -> float:
    """P9: how far company-and-other leads the best other bundle (points per quarter)."""
    m = progression["mean_change"]
    others = m.drop("company_and_other").dropna()
    return float(m["company_and_other"] - others.max())


def no_intervention_change(progression: pd.DataFrame) -> float:
    """P10: mean progression per quarter with no intervention (negative means regress)."""
    return float(progression.loc["none", "mean_change"])


def company_single_lead(progression: pd.DataFrame) -> float:
    """P11: how far company-oriented alone leads the best single support intervention."""
    m = progression["mean_change"]
    return float(m["company_only"] - m[list(SINGLE_SUPPORT)].max())


def best_single_support_change(progression: pd.DataFrame) -> float:
    """P12: the largest mean progression of upskilling, health or social support alone."""
    return float(progression.loc[list(SINGLE_SUPPORT), "mean_change"].max())


def share_no_intervention(events: pd.DataFrame, n_citizens: int) -> float:
    """P16: the share of the cohort that never started an intervention."""
    starters = events.loc[events["event"] == "intervention_start", "citizen_id"].nunique()
    return 1.0 - starters / n_citizens


def share_one_at_a_time(events: pd.DataFrame) -> float:
    """P17: among citizens with any intervention, the share who never had two at once.

    An intervention ending in a week frees the citizen before one starting that week (the
    model ends running interventions before it fills places, and so would a caseworker)."""
    e = events[events["event"].isin(("intervention_start", "intervention_end"))]
    if e.empty:
        return float("nan")
    step = np.where(e["event"] == "intervention_start", 1, -1)
    order = np.lexsort((step, e["week"].to_numpy(), e["citizen_id"].to_numpy()))
    cid = e["citizen_id"].to_numpy()[order]
    running = pd.Series(step[order]).groupby(cid).cumsum().to_numpy()
    most = pd.Series(running).groupby(cid).max()
    return float((most <= 1).mean())


def self_support_weeks(weekly: pd.DataFrame) -> float:
    """Weeks in job, education or flexjob, summed over the run (per cohort)."""
    w = weekly[weekly["week"] > 0]
    return float((w["n_job"] + w["n_education"] + w["n_flexjob"]).sum())


def relative_self_support_gain(treated: pd.DataFrame, control: pd.DataFrame) -> float:
    """P18: relative gain in weeks of self-support of a strategy over no intervention, same
    cohort and seed (0 means no effect)."""
    base = self_support_weeks(control)
    return self_support_weeks(treated) / base - 1.0 if base else float("nan")


def company_share_of_activation(weekly: pd.DataFrame) -> float:
    """Share of intervention weeks that were company-oriented: says whether a strategy was
    "mostly non-company", the condition of P18."""
    w = weekly[weekly["week"] > 0]
    total = sum(float(w[c].sum()) for c in w.columns if c.startswith("n_active_"))
    return float(w["n_active_company"].sum()) / total if total else float("nan")


def activation_rate(weekly: pd.DataFrame) -> float:
    """P19: weeks in an intervention per week on benefit."""
    w = weekly[weekly["week"] > 0]
    active = sum(float(w[c].sum()) for c in w.columns if c.startswith("n_active_"))
    benefit = float(w["n_benefit"].sum())
    return active / benefit if benefit else float("nan")


# ---------------------------------------------------------------- after exit (P22)


def job_retention(events: pd.DataFrame, last_week: int) -> dict[str, float]:
    """P22: of job starts with a full year of follow-up, the share still in work after 52
    weeks, the share back on benefit within 13 weeks, and within weeks 14-52."""
    status = events[events["event"] == "status"].sort_values(["citizen_id", "week"])
    nxt_week = status.groupby("citizen_id")["week"].shift(-1)
    starts = status[(status["value"] == "job") & (status["week"] <= last_week - WEEKS_PER_YEAR)]
    if starts.empty:
        return {"still_12m": float("nan"), "ended_3m": float("nan"), "ended_4_12m": float("nan")}
    length = (nxt_week.loc[starts.index] - starts["week"]).fillna(np.inf)
    return {
        "still_12m": float((length > WEEKS_PER_YEAR).mean()),
        "ended_3m": float((length <= WEEKS_PER_QUARTER).mean()),
        "ended_4_12m": float(((length > WEEKS_PER_QUARTER) & (length <= WEEKS_PER_YEAR)).mean()),
    }
