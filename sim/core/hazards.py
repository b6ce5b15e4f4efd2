"""The weekly rules, one citizen (or one post) at a time, compiled with numba.

Each rule returns a per-citizen quantity for the week: a probability (`*_prob`,
`phase_move_probs`), a hazard rate per week (`job_rate`, `exit_rates`), a log-odds push
(`phase_push`) or the caseworker's latent view (`belief_latent`). Hazards are combined on the
rate scale and turned into probabilities with 1 - exp(-h), and phase moves use
p_move * sigmoid(push), so every result lies in [0, 1] for every valid parameter set (a
Hypothesis test checks this).

The rules read their parameters from `co`, the run's coefficient record (`coefficients`): every
numeric parameter under its own name (`co.push_base`, `co.p_leave`), plus the few derived
values and lookup tables by phase or belief code that the rules would otherwise rebuild every
week. The weekly kernels in sim.core.mechanisms call these rules in plain loops over citizens,
so a rule reads like the per-agent reference model's and is written once.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from sim.core.compiled import kernel
from sim.core.kinds import KindTable
from sim.core.params import DynamicsParams, Params
from sim.core.states import (
    DERAILMENT,
    DOUBTFUL,
    GOOD_CHANCE,
    MAYBE,
    MENTAL,
    PROGRESS,
    SOCIAL_BARRIER,
    SUBSTANCE,
    WEEKS_PER_QUARTER,
    WEEKS_PER_YEAR,
)

# ---------------------------------------------------------------- set-up (NumPy, once per run)


def prob_to_rate(p: float) -> float:
    """The hazard whose weekly probability is p (p < 1)."""
    return float(-np.log1p(-min(p, 1.0 - 1e-12)))


def life_event_prob(d: DynamicsParams, barriers: np.ndarray) -> np.ndarray:
    """Weekly chance of a crisis; mental, substance and social problems make crises likelier."""
    n_risk = (
        barriers[:, MENTAL].astype(np.int8) + barriers[:, SUBSTANCE] + barriers[:, SOCIAL_BARRIER]
    )
    h = prob_to_rate(d.p_life_event) * d.rel_life_event_barrier**n_risk
    return (-np.expm1(-h)).astype(np.float32)


def static_exit_rates(
    d: DynamicsParams, n_barriers: np.ndarray, health_problem: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The parts of the flexjob and pension hazards fixed by the citizen's barriers.

    `health_problem` marks a health or mental barrier, the grounds for a flexjob assessment.
    Computed once per run; `exit_rates` adds what changes week by week.
    """
    flex = prob_to_rate(d.p_flexjob) * np.where(health_problem, d.rel_flexjob_health, 1.0)
    pension = prob_to_rate(d.p_pension) * d.rel_pension_per_barrier ** n_barriers.astype(float)
    return flex.astype(np.float32), pension.astype(np.float32)


# Parameter groups whose numbers the rules read by name; names are unique across them.
_GROUPS = ("dynamics", "caseworkers", "employers", "interventions", "strategy", "costs")


def coefficients(params: Params, kinds: KindTable) -> np.ndarray:
    """The run's coefficient record: a one-element structured array the kernels index at 0.

    Every int or float parameter of the groups above keeps its name. Derived values are the
    log-multipliers of the job hazard, choices as numbers, the bound on every citizen's job
    hazard (`job_rate_bound`, which the matching kernel skips draws above), and lookup tables
    indexed by phase code (4) or belief code + 1 (6, since "no belief" is -1).
    """
    d = params.dynamics
    cw = params.caseworkers
    values: dict[str, float] = {}
    for group in _GROUPS:
        g = getattr(params, group)
        for name, value in vars(g).items():
            if isinstance(value, bool | str) or not isinstance(value, int | float):
                continue
            if name in values:
                raise ValueError(f"parameter name {name!r} is used by two groups")
            values[name] = float(value)
    forced = {"none": -1, "believe": GOOD_CHANCE, "doubt": DOUBTFUL}[cw.belief_forced]
    values.update(
        rate_job_ready=prob_to_rate(d.p_job_ready),
        rate_hire=prob_to_rate(d.p_hire_from_placement),
        log_per_point=math.log(d.rel_job_per_point),
        log_per_change=math.log(d.rel_job_per_change),
        log_per_year=math.log(d.rel_job_per_year_on_benefit),
        log_per_self_belief=math.log(d.rel_job_per_self_belief),
        log_clarification=math.log(d.rel_clarification_per_year),
        change_weight=1.0 - cw.handover_quality,
        forced_answer=float(forced),
        phase_sensitive=float(params.strategy.phase_sensitive_practice),
        keeps_standstill=float(
            cw.continuity_rule == "standstill" or params.strategy.phase_sensitive_practice
        ),
        n_kinds=float(len(kinds)),
    )
    by_phase = np.array([d.rel_job_progress, 1.0, d.rel_job_regress, d.rel_job_derailment])
    values["job_rate_bound"] = job_rate_bound(params, by_phase)
    tables = {
        # Belief codes run -1 (none) to 4, so tables by belief are indexed at code + 1.
        "belief_push": np.array([0.0, *(d.push_belief * (MAYBE - b) for b in range(5))]),
        # Only yes (0) and good chance (1) count as belief, for jobs and education alike.
        "by_belief": np.array([1.0, d.rel_job_belief, d.rel_job_belief, 1.0, 1.0, 1.0]),
        "change_push": d.push_change * np.array([1.0, d.rel_change_standstill, 1.0, 1.0]),
        # An employer hires from a placement as readily as the citizen is ready for work: the
        # same phase gradient as the job search (seed 004, P20).
        "job_by_phase": by_phase,
        "edu_by_phase": np.array([1.0, 1.0, 1.0, 0.0]) * prob_to_rate(d.p_education),
        "pension_by_phase": np.array([1.0, 1.0, 1.0, d.rel_pension_derailment]),
        "drift_by_phase": np.array(
            [
                d.indicator_drift_progress,
                d.indicator_drift_standstill,
                d.indicator_drift_regress,
                d.indicator_drift_derailment,
            ]
        ),
        # Belief thresholds from "doubtful" up to "yes", ascending (see belief_answer).
        "belief_cuts": np.array(
            [
                cw.belief_cut_doubtful,
                cw.belief_cut_maybe,
                cw.belief_cut_good_chance,
                cw.belief_cut_yes,
            ]
        ),
    }
    layout = tuple((name, ()) for name in values) + tuple(
        (name, t.shape) for name, t in tables.items()
    )
    record = np.zeros(1, dtype=record_dtype(layout))
    for name, value in {**values, **tables}.items():
        record[0][name] = value
    return record


@functools.cache
def record_dtype(layout: tuple[tuple[str, tuple[int, ...]], ...]) -> np.dtype:
    """The coefficient record's dtype: float64 fields named and shaped by `layout`, one dtype
    object per layout for the life of the process.

    numba's dispatcher finds the type of a structured array in a cache keyed by its dtype. For
    the very dtype object it cached, the lookup stops at identity (0.2 us); for an equal dtype
    built afresh, numpy compares the two field by field, about 150 fields (7 to 14 us measured
    here), on every call of every kernel that takes the record, some 2,500 calls in a
    study-sized run. Every model with the same parameter groups therefore shares this one
    (benchmarks/revisions.py measured the difference).
    """
    return np.dtype([(name, "f8", shape) if shape else (name, "f8") for name, shape in layout])


def job_rate_bound(params: Params, by_phase: np.ndarray) -> float:
    """An upper bound on `job_rate` over every citizen and week, or infinity if there is none.

    Readiness and self-belief stay on the 1-5 scale, so their terms are at most twice their
    log-multipliers; changes and years on benefit can only lower the hazard when their
    multipliers are at most 1 (otherwise no bound exists). A draw above the bound cannot be
    a job search whatever the citizen's state, so the kernel skips the exponential for it.
    """
    d = params.dynamics
    if d.rel_job_per_change > 1.0 or d.rel_job_per_year_on_benefit > 1.0:
        return math.inf
    log_most = 2.0 * abs(math.log(d.rel_job_per_point)) + 2.0 * abs(
        math.log(d.rel_job_per_self_belief)
    )
    after = max(1.0, d.rel_job_after_private, d.rel_job_after_public, d.rel_job_after_other)
    return (
        prob_to_rate(d.p_job_ready)
        * float(by_phase.max())
        * max(1.0, d.rel_job_belief)
        * max(1.0, d.rel_job_lockin)
        * after
        * math.exp(log_most)
    )


# ---------------------------------------------------------------- the rules (compiled)

SAFE_ABOVE = 1.0 + 1e-9
"""A kernel may skip a rule when the draw is above an upper bound of its probability times
this (the bound is exact in real numbers; the margin covers rounding), which leaves every
outcome as it was."""


@kernel
def rate_to_prob(h):
    """Weekly probability of an event with hazard rate h (per week); h a number or an array."""
    return -np.expm1(-np.maximum(h, 0.0))


@kernel
def sigmoid(x):
    """The logistic function, for a number or an array."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


@kernel
def phase_push(
    co,
    phase,
    kinds_push,
    in_company,
    in_support,
    belief,
    weeks_since_change,
    has_caseworker,
    passive_weeks,
    placement_fit,
    placement_misfit,
    placed_derailed,
    mean_indicator,
    self_belief,
):
    """Log-odds of moving forward rather than back, this week.

    `kinds_push` is the sum of the pushes of the kinds running now; `placement_misfit` is 1 for
    a placement against the wish, halved where the employer has a mentor. `has_caseworker`
    counts a vacancy a colleague covers; only the share of a change's harm that the handover
    does not prevent (`change_weight`) is felt.
    """
    push = co.push_base + kinds_push
    if in_company and in_support:
        push += co.push_combined
    if not (in_company or in_support):
        push += co.push_no_intervention
    push += co.push_passive_per_year / WEEKS_PER_YEAR * passive_weeks
    push += co.belief_push[belief + 1]
    if weeks_since_change < co.dur_change_effect or not has_caseworker:
        push += co.change_push[phase] * co.change_weight
    if placement_fit:
        push += co.push_fit
    push += co.push_misfit * placement_misfit
    if placed_derailed:
        push += co.push_placement_derailment
    push += co.push_readiness * (mean_indicator - 3.0)
    push += co.push_self_belief * (self_belief - 3.0)
    return push


@kernel
def phase_move_probs(co, push, phase):
    """(p_forward, p_back); no forward from progress, no back from derailment."""
    fwd = co.p_phase_move * sigmoid(push)
    back = co.p_phase_move - fwd
    if phase == PROGRESS:
        fwd = 0.0
    if phase == DERAILMENT:
        back = 0.0
    return fwd, back


@kernel
def job_rate(
    co, phase, mean_indicator, belief, n_changes, years_prior, lockin, after_mult, self_belief
):
    """Weekly hazard of becoming ready for and looking for a job (before matching).

    Log-linear in readiness, self-belief, changes of caseworker and prior years on benefit;
    the caseworker's belief (P4), lock-in in a placement (P20) and a completed intervention's
    after-effect (P21) multiply it.
    """
    log_h = (
        co.log_per_point * (mean_indicator - 3.0)
        + co.log_per_self_belief * (self_belief - 3.0)
        + co.log_per_change * n_changes
        + co.log_per_year * years_prior
    )
    h = co.rate_job_ready * co.job_by_phase[phase] * math.exp(log_h) * co.by_belief[belief + 1]
    if lockin:
        h *= co.rel_job_lockin
    return h * after_mult


@kernel
def hire_prob(co, openness, phase, mean_indicator, fit, mentor):
    """Weekly chance a placement turns into a job (seed 004, P20).

    The employer's openness sets the base; the citizen's phase and readiness scale it as they
    scale the job search, a placement outside the wished sector seldom leads on, and a
    workplace mentor helps.
    """
    h = co.rate_hire * openness * co.job_by_phase[phase]
    h *= math.exp(co.log_per_point * (mean_indicator - 3.0))
    if not fit:
        h *= co.rel_hire_misfit
    if mentor:
        h *= co.rel_hire_mentor
    return rate_to_prob(h)


@kernel
def years_on_benefit(years_prior, ti_arrive, week):
    """Years on benefit by `week`: those before the citizen joined the group, plus the weeks
    since (week 0 for the starting cohort, the week of arrival in an open population, whose
    newcomers bring only their own history with them)."""
    return years_prior + (week - ti_arrive) / WEEKS_PER_YEAR


@kernel
def exit_rates(co, phase, belief, upskilled, flex_base, pension_base, years):
    """Weekly hazards of (education, flexjob, pension), from `static_exit_rates`' bases.

    Education needs a citizen not derailed; upskilling and a believing caseworker raise it.
    Flexjob and pension, the clarification of work capacity, depend on the barriers (the
    bases) and grow with `years` on benefit (`years_on_benefit`; P30).
    """
    edu = co.by_belief[belief + 1] * co.edu_by_phase[phase]
    if upskilled:
        edu *= co.rel_education_upskilling
    by_time = math.exp(co.log_clarification * years)
    pension = pension_base * co.pension_by_phase[phase] * by_time
    return edu, flex_base * by_time, pension


@kernel
def job_end_prob(co, weeks_in_job, fit):
    """Weekly chance a job ends, falling with tenure (P22) and lower for a job that fits."""
    if weeks_in_job < WEEKS_PER_QUARTER:
        p = co.p_job_end_first_quarter
    elif weeks_in_job < WEEKS_PER_YEAR:
        p = co.p_job_end_first_year
    else:
        p = co.p_job_end_later
    h = -math.log1p(-min(p, 1.0 - 1e-12))
    if fit:
        h *= co.rel_job_end_fit
    return rate_to_prob(h)


@kernel
def caseload_ratio(co, load):
    """Caseload per post relative to the caseload practice was observed at (P24), at least a
    tenth (an almost empty post is not infinitely well served)."""
    return max(load / co.caseload_reference, 0.1)


@kernel
def leave_prob(co, load):
    """Weekly chance a post's caseworker leaves: heavier caseloads drive them away (P23)."""
    h = -math.log1p(-min(co.p_leave, 1.0 - 1e-12))
    return rate_to_prob(h * caseload_ratio(co, load) ** co.caseload_turnover_elasticity)


@kernel
def plan_quality(co, load):
    """Multiplier on the chance a meeting ends in a referral: a heavier caseload leaves less
    time to plan and to act on the citizen's initiative (P23, P24)."""
    return caseload_ratio(co, load) ** -co.caseload_plan_elasticity


@kernel
def belief_noise_scale(co, load, new_to_citizen):
    """How much noisier than usual a caseworker's view is: more citizens to know, and a new
    relationship (of which a warm handover passes part on) both blur it (P24, seed 001)."""
    scale = caseload_ratio(co, load) ** co.caseload_noise_elasticity
    if new_to_citizen:
        scale *= 1.0 + (co.rel_belief_noise_new - 1.0) * co.change_weight
    return scale


@kernel
def novice_noise(co, years):
    """How much noisier a caseworker's view is for lack of experience: `rel_noise_novice` with
    none, the excess halving with every two years (P7: caseworkers differ in effect)."""
    return 1.0 + (co.rel_noise_novice - 1.0) * 0.5 ** (years / 2.0)


@kernel
def belief_latent(co, optimism, mean_indicator, phase, n_barriers, noise, rel_noise):
    """The caseworker's latent view of the citizen's chance of a job within a year (P4, P5).

    `rel_noise` scales the noise: a caseworker who is new to the citizen, has too many
    citizens or little experience knows them less.
    """
    return (
        optimism
        + co.belief_weight_readiness * (mean_indicator - 3.0)
        - co.belief_weight_phase * (phase - 1.0)
        - co.belief_weight_barriers * n_barriers
        + co.belief_noise_sd * rel_noise * noise
    )


@kernel
def belief_answer(co, latent):
    """Cut the latent view into the five answers (0 = yes ... 4 = no): the answer is 4 less
    the number of cuts (ascending, doubtful to yes) at or below the view."""
    above = 0
    for cut in co.belief_cuts:
        if cut <= latent:
            above += 1
    return 4 - above
