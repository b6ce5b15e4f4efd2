"""One replicate of the simulated study: the runs every target needs, and their estimates.

The BIP cohort was observed under current practice, and every target is now estimated the way
its study could estimate it, from a status-quo run: the caseworker's observed answer for P4
(BIP could not make caseworkers believe), activated against non-activated citizens for P18
(as Rigsrevisionen compared them). One fit evaluation is therefore one run per cohort.

The report adds what the studies could not observe, labelled as the model's own effects and
never fitted to: the same cohort and seed under caseworkers who all believe and all doubt
(P4's effect in the model), and the strategies side by side.
"""

from __future__ import annotations

from typing import Any

from calibration import estimators as est
from sim.core import Params, simulate

# Each moment: the name the targets file uses and what it is.
MOMENTS: dict[str, str] = {
    "P2": "job hazard ratio per change of caseworker",
    "P3": "share with at least one change of caseworker",
    "P4": "job-or-education hazard ratio after a yes/good-chance answer (readiness-adjusted)",
    "P5_yes": "answers 'yes, surely' (all waves pooled)",
    "P5_good_chance": "answers 'good chance' (all waves pooled)",
    "P5_maybe": "answers 'in between' (all waves pooled)",
    "P5_doubtful_or_no": "answers 'doubt' or 'no' (all waves pooled)",
    "P7_top": "job-or-education rate, top quartile of caseworkers",
    "P7_bottom": "job-or-education rate, bottom quartile of caseworkers",
    "P7_signal": "percentile of the caseworker variance among shuffled labels",
    "P7_sd": "composition-adjusted caseworker effect (sd, share points)",
    "P8": "correlation of a caseworker's belief and their rate",
    "P9": "lead of company + other over the best other bundle",
    "P10": "progression with no intervention",
    "P11": "lead of company alone over the best single support",
    "P12": "progression of the best single support alone",
    "P16": "share never in an intervention",
    "P17": "share one at a time, of those with any intervention",
    "P18": "relative self-support difference, activated vs non-activated",
    "P18_company_share": "company share of intervention weeks under current practice",
    "P19": "activation rate in hours per possible hour on benefit",
    "P22_still_12m": "of job starts, still in work after 12 months",
    "P22_ended_3m": "of job starts, back on benefit within 3 months",
    "P22_ended_4_12m": "of job starts, back on benefit in months 4-12",
}

# Estimates shown beside the targets, never fitted to: other readings of the same figure.
DIAGNOSTICS: dict[str, str] = {
    "P4_raw": "P4 without controls (wave dummies only)",
    "P4_citizen": "P4 within citizen (conditional logit on first spells)",
    "P4_causal": "belief's effect in the model: forced believe vs doubt, same cohort and seed",
    "P5_first_yes": "answers 'yes', first wave only",
    "P5_first_good_chance": "answers 'good chance', first wave only",
    "P5_first_maybe": "answers 'in between', first wave only",
    "P5_first_doubtful_or_no": "answers 'doubt' or 'no', first wave only",
    "P19_weeks": "intervention weeks per week on benefit (before the hours conversion)",
}


def study_params(params: Params, *, causal: bool = False) -> dict[str, Params]:
    """The parameter sets of one replicate, keyed by arm (the forced arms with `causal`)."""
    arms = {"status_quo": params.with_values(**{"strategy.name": "status_quo"})}
    if causal:
        for arm in ("believe", "doubt"):
            arms[arm] = params.with_values(
                **{"strategy.name": "status_quo", "caseworkers.belief_forced": arm}
            )
    return arms


def simulate_study(
    params: Params, seed: int, *, causal: bool = False, diagnostics: bool = True
) -> dict[str, Any]:
    """Run the arms for one replicate and return every moment, plus the tables the report
    draws (bundle progression, weekly counts per arm). With `diagnostics` the other readings
    of DIAGNOSTICS are added (the fit skips them: the raw P4 is a third hazard model to fit);
    with `causal` also the forced believe/doubt arms."""
    arms = study_params(params, causal=causal)
    res = {name: simulate(p, seed) for name, p in arms.items()}
    sq = res["status_quo"]
    panel, events, cws = sq.panel, sq.events, sq.caseworkers
    n = params.population.n_citizens
    m: dict[str, float] = {}
    m["P2"] = est.hazard_ratio_per_change(panel, events)
    m["P3"] = est.share_any_change(panel)
    m["P4"] = est.belief_contrast(panel, events, "readiness")
    if diagnostics:
        m["P4_raw"] = est.belief_contrast(panel, events, "none")
        m["P4_citizen"] = est.belief_contrast(panel, events, "citizen")
    if causal:
        m["P4_causal"] = est.belief_hazard_ratio(
            (res["believe"].panel, res["believe"].events),
            (res["doubt"].panel, res["doubt"].events),
        )
    for key, value in est.belief_answer_shares(panel, "pooled").items():
        m[f"P5_{key}"] = value
    if diagnostics:
        for key, value in est.belief_answer_shares(panel, "first").items():
            m[f"P5_first_{key}"] = value
    m["P7_top"], m["P7_bottom"] = est.caseworker_quartile_rates(cws, params.run.weeks)
    component = est.caseworker_effect_component(panel, events)
    m["P7_signal"], m["P7_sd"] = component["signal"], component["sd"]
    m["P8"] = est.belief_rate_correlation(panel, cws, params.run.weeks)
    prog = est.bundle_progression(panel, events)
    m["P9"] = est.combined_lead(prog)
    m["P10"] = est.no_intervention_change(prog)
    m["P11"] = est.company_single_lead(prog)
    m["P12"] = est.best_single_support_change(prog)
    m["P16"] = est.share_no_intervention(events, n)
    m["P17"] = est.share_one_at_a_time(events)
    m["P18"] = est.activation_effect(panel, events)
    m["P18_company_share"] = est.company_share_of_activation(sq.weekly)
    m["P19"] = est.activation_rate_hours(sq.weekly)
    if diagnostics:
        m["P19_weeks"] = est.activation_rate(sq.weekly)
    for key, value in est.job_retention(events, params.run.weeks).items():
        m[f"P22_{key}"] = value
    return {
        "moments": m,
        "progression": prog,
        "weekly": {name: r.weekly for name, r in res.items()},
    }


def study_moments(params: Params, seed: int) -> dict[str, float]:
    """The moments only: what a fit evaluation needs from a replicate (no forced arms, no
    other readings)."""
    return simulate_study(params, seed, diagnostics=False)["moments"]
