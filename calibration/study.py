"""One replicate of the simulated study: the runs every target needs, and their estimates.

The BIP cohort was observed under current practice, so most targets are read from a status-quo
run. Two targets need a designed comparison on the same cohort and seed (common random
numbers): P4 follows the cohort under caseworkers who all believe and all doubt; P18 sets a
staircase against no intervention.
"""

from __future__ import annotations

from typing import Any

from calibration import estimators as est
from sim.core import Params, simulate

# Each moment: the name the targets file uses and what it is.
MOMENTS: dict[str, str] = {
    "P2": "job hazard ratio per change of caseworker",
    "P3": "share with at least one change of caseworker",
    "P4": "job-or-education hazard ratio, believing vs doubting caseworker",
    "P5_yes": "answers 'yes, surely'",
    "P5_good_chance": "answers 'good chance'",
    "P5_maybe": "answers 'in between'",
    "P5_doubtful_or_no": "answers 'doubt' or 'no'",
    "P7_top": "job-or-education rate, top quartile of caseworkers",
    "P7_bottom": "job-or-education rate, bottom quartile of caseworkers",
    "P8": "correlation of a caseworker's belief and their rate",
    "P9": "lead of company + other over the best other bundle",
    "P10": "progression with no intervention",
    "P11": "lead of company alone over the best single support",
    "P12": "progression of the best single support alone",
    "P16": "share never in an intervention",
    "P17": "share one at a time, of those with any intervention",
    "P18": "relative gain in self-support, staircase vs none",
    "P18_company_share": "company share of the staircase's intervention weeks",
    "P19": "activation rate (intervention weeks per benefit week)",
    "P22_still_12m": "of job starts, still in work after 12 months",
    "P22_ended_3m": "of job starts, back on benefit within 3 months",
    "P22_ended_4_12m": "of job starts, back on benefit in months 4-12",
}


def study_params(params: Params) -> dict[str, Params]:
    """The parameter sets of one replicate, keyed by arm."""
    return {
        "status_quo": params.with_values(**{"strategy.name": "status_quo"}),
        "believe": params.with_values(
            **{"strategy.name": "status_quo", "caseworkers.belief_forced": "believe"}
        ),
        "doubt": params.with_values(
            **{"strategy.name": "status_quo", "caseworkers.belief_forced": "doubt"}
        ),
        "staircase": params.with_values(**{"strategy.name": "staircase"}),
        "none": params.with_values(**{"strategy.name": "none"}),
    }


def simulate_study(params: Params, seed: int) -> dict[str, Any]:
    """Run the arms for one replicate and return every moment, plus the tables the report
    draws (bundle progression, caseworker rates and belief, weekly counts per arm)."""
    arms = study_params(params)
    detailed = ("status_quo", "believe", "doubt")
    res = {name: simulate(p, seed, detail=name in detailed) for name, p in arms.items()}
    sq = res["status_quo"]
    panel, events, cws = sq.panel, sq.events, sq.caseworkers
    n = params.population.n_citizens
    m: dict[str, float] = {}
    m["P2"] = est.hazard_ratio_per_change(panel, events)
    m["P3"] = est.share_any_change(panel)
    m["P4"] = est.belief_hazard_ratio(
        (res["believe"].panel, res["believe"].events),
        (res["doubt"].panel, res["doubt"].events),
    )
    for key, value in est.belief_answer_shares(panel).items():
        m[f"P5_{key}"] = value
    m["P7_top"], m["P7_bottom"] = est.caseworker_quartile_rates(cws, params.run.weeks)
    m["P8"] = est.belief_rate_correlation(panel, cws, params.run.weeks)
    prog = est.bundle_progression(panel, events)
    m["P9"] = est.combined_lead(prog)
    m["P10"] = est.no_intervention_change(prog)
    m["P11"] = est.company_single_lead(prog)
    m["P12"] = est.best_single_support_change(prog)
    m["P16"] = est.share_no_intervention(events, n)
    m["P17"] = est.share_one_at_a_time(events)
    m["P18"] = est.relative_self_support_gain(res["staircase"].weekly, res["none"].weekly)
    m["P18_company_share"] = est.company_share_of_activation(res["staircase"].weekly)
    m["P19"] = est.activation_rate(sq.weekly)
    for key, value in est.job_retention(events, params.run.weeks).items():
        m[f"P22_{key}"] = value
    return {
        "moments": m,
        "progression": prog,
        "weekly": {name: r.weekly for name, r in res.items()},
    }


def study_moments(params: Params, seed: int) -> dict[str, float]:
    """The moments only: what a fit evaluation needs from a replicate."""
    return simulate_study(params, seed)["moments"]
