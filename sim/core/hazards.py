"""The weekly rules as pure functions of citizen state and parameters.

Each returns a per-citizen quantity for the week: a probability (`*_prob`, `phase_move_probs`),
a hazard rate per week (`job_rate`, `exit_rates`), a log-odds push (`phase_push`) or the
caseworker's latent view (`belief_latent`). Hazards are combined on the rate scale and
turned into probabilities with 1 - exp(-h), and phase moves use p_move * sigmoid(push), so every
result lies in [0, 1] for every valid parameter set (a Hypothesis test checks this).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.core.arrays import any_rows
from sim.core.kinds import KindTable
from sim.core.params import CaseworkerParams, DynamicsParams
from sim.core.states import (
    DERAILMENT,
    MAYBE,
    MENTAL,
    PROGRESS,
    SOCIAL_BARRIER,
    SUBSTANCE,
    WEEKS_PER_YEAR,
)


def rate_to_prob(h: np.ndarray) -> np.ndarray:
    """Weekly probability of an event with hazard rate h (per week)."""
    return -np.expm1(-np.maximum(h, 0.0))


def prob_to_rate(p: float) -> float:
    """The hazard whose weekly probability is p (p < 1)."""
    return float(-np.log1p(-min(p, 1.0 - 1e-12)))


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


@dataclass(frozen=True, eq=False)
class Tables:
    """Lookup tables the weekly rules index by phase or belief code, built once per run.

    They depend on the parameters only; building them every week cost more than using them.
    Every rule also works without them (`tables=None` builds them on the spot).
    """

    belief_push: np.ndarray  # by belief code + 1
    change_push: np.ndarray  # by phase
    job_by_phase: np.ndarray  # base job hazard by phase
    by_belief: np.ndarray  # job and education multiplier, by belief code + 1
    log_per_point: np.float32
    log_per_change: np.float32
    log_per_year: np.float32
    log_per_self_belief: np.float32
    hire_by_phase: np.ndarray  # placement-to-job hazard multiplier by phase, standstill = 1
    edu_by_phase: np.ndarray
    pension_by_phase: np.ndarray
    drift_by_phase: np.ndarray  # weekly indicator drift on benefit

    @classmethod
    def of(cls, d: DynamicsParams) -> Tables:
        f32 = np.float32
        return cls(
            # Belief codes run -1 (none) to 4, so tables by belief are indexed at code + 1.
            belief_push=np.array([0.0, *(d.push_belief * (MAYBE - b) for b in range(5))], f32),
            change_push=f32(d.push_change)
            * np.array([1.0, d.rel_change_standstill, 1.0, 1.0], dtype=f32),
            job_by_phase=np.array(
                [d.rel_job_progress, 1.0, d.rel_job_regress, d.rel_job_derailment], dtype=f32
            )
            * f32(prob_to_rate(d.p_job_ready)),
            # Only yes (0) and good chance (1) count as belief, for jobs and education alike.
            by_belief=np.array([1.0, d.rel_job_belief, d.rel_job_belief, 1, 1, 1], dtype=f32),
            log_per_point=f32(np.log(d.rel_job_per_point)),
            log_per_change=f32(np.log(d.rel_job_per_change)),
            log_per_year=f32(np.log(d.rel_job_per_year_on_benefit)),
            log_per_self_belief=f32(np.log(d.rel_job_per_self_belief)),
            # An employer hires from a placement as readily as the citizen is ready for work:
            # the same phase gradient as the job search (seed 004, P20).
            hire_by_phase=np.array(
                [d.rel_job_progress, 1.0, d.rel_job_regress, d.rel_job_derailment], dtype=f32
            ),
            edu_by_phase=np.array([1, 1, 1, 0], dtype=f32) * f32(prob_to_rate(d.p_education)),
            pension_by_phase=np.array([1, 1, 1, d.rel_pension_derailment], dtype=f32),
            drift_by_phase=np.array(
                [
                    d.indicator_drift_progress,
                    d.indicator_drift_standstill,
                    d.indicator_drift_regress,
                    d.indicator_drift_derailment,
                ],
                dtype=f32,
            ),
        )


def life_event_prob(d: DynamicsParams, barriers: np.ndarray) -> np.ndarray:
    """Weekly chance of a crisis; mental, substance and social problems make crises likelier."""
    n_risk = (
        barriers[:, MENTAL].astype(np.int8) + barriers[:, SUBSTANCE] + barriers[:, SOCIAL_BARRIER]
    )
    return rate_to_prob(prob_to_rate(d.p_life_event) * d.rel_life_event_barrier**n_risk)


def belief_latent(
    cw: CaseworkerParams,
    optimism: np.ndarray,
    mean_indicator: np.ndarray,
    phase: np.ndarray,
    n_barriers: np.ndarray,
    noise: np.ndarray,
    rel_noise: np.ndarray | float = 1.0,
) -> np.ndarray:
    """The caseworker's latent view of the citizen's chance of a job within a year.

    `rel_noise` scales the noise: a caseworker who is new to the citizen or has too many
    citizens knows them less (`belief_noise_scale`).
    """
    return (
        optimism
        + cw.belief_weight_readiness * (mean_indicator - 3.0)
        - cw.belief_weight_phase * (phase - 1.0)
        - cw.belief_weight_barriers * n_barriers
        + cw.belief_noise_sd * rel_noise * noise
    )


def caseload_ratio(cw: CaseworkerParams, load: np.ndarray) -> np.ndarray:
    """Caseload per post relative to the caseload practice was observed at (P24), at least a
    tenth (an almost empty post is not infinitely well served)."""
    return np.maximum(np.asarray(load, dtype=np.float64) / cw.caseload_reference, 0.1)


def belief_noise_scale(
    cw: CaseworkerParams, load: np.ndarray, new_to_citizen: np.ndarray
) -> np.ndarray:
    """How much noisier than usual a caseworker's view is: more citizens to know, and a new
    relationship (of which a warm handover passes part on) both blur it (P24, seed 001)."""
    new = 1.0 + (cw.rel_belief_noise_new - 1.0) * (1.0 - cw.handover_quality)
    return caseload_ratio(cw, load) ** cw.caseload_noise_elasticity * np.where(
        new_to_citizen, new, 1.0
    )


def novice_noise(cw: CaseworkerParams, years: np.ndarray) -> np.ndarray:
    """How much noisier a caseworker's view is for lack of experience: `rel_noise_novice` with
    none, the excess halving with every two years (P7: caseworkers differ in effect)."""
    return 1.0 + (cw.rel_noise_novice - 1.0) * 0.5 ** (np.asarray(years) / 2.0)


def plan_quality(cw: CaseworkerParams, load: np.ndarray) -> np.ndarray:
    """Multiplier on the chance a meeting ends in a referral: a heavier caseload leaves less
    time to plan and to act on the citizen's initiative (P23, P24)."""
    return caseload_ratio(cw, load) ** -cw.caseload_plan_elasticity


def leave_prob(cw: CaseworkerParams, load: np.ndarray) -> np.ndarray:
    """Weekly chance each post's caseworker leaves: heavier caseloads drive them away (P23)."""
    h = prob_to_rate(cw.p_leave) * caseload_ratio(cw, load) ** cw.caseload_turnover_elasticity
    return rate_to_prob(h)


def belief_answer(cw: CaseworkerParams, latent: np.ndarray) -> np.ndarray:
    """Cut the latent view into the five answers (0 = yes ... 4 = no)."""
    # The answer is the number of cuts above the latent view; the cuts fall from yes to
    # doubtful, so counting those at or below it in ascending order gives 4 - answer.
    ascending = np.array(
        [cw.belief_cut_doubtful, cw.belief_cut_maybe, cw.belief_cut_good_chance, cw.belief_cut_yes]
    )
    return (4 - np.searchsorted(ascending, latent, side="right")).astype(np.int8)


def phase_push(
    d: DynamicsParams,
    *,
    phase: np.ndarray,
    active: np.ndarray,
    kinds: KindTable,
    belief: np.ndarray,
    weeks_since_change: np.ndarray,
    has_caseworker: np.ndarray,
    passive_weeks: np.ndarray,
    placement_fit: np.ndarray,
    placement_misfit: np.ndarray,
    placed_derailed: np.ndarray,
    mean_indicator: np.ndarray,
    self_belief: np.ndarray,
    change_weight: float = 1.0,
    tables: Tables | None = None,
) -> np.ndarray:
    """Log-odds of moving forward rather than back, per citizen, this week.

    `active` is bool (kinds, n), one row per kind of `kinds`; `placement_misfit` is already
    halved where the employer has a mentor (so it is float). `has_caseworker` counts a vacancy
    a colleague covers; `change_weight` is the share of a change's harm the handover does not
    prevent.
    """
    company = active[kinds.company]
    other = any_rows(active, kinds.support)
    any_active = company | other
    push = np.full(phase.shape, d.push_base, dtype=np.float32)
    for k, kind_push in enumerate(kinds.push):
        push += kind_push * active[k]
    push += d.push_combined * (company & other)
    push += d.push_no_intervention * ~any_active
    push += np.float32(d.push_passive_per_year / WEEKS_PER_YEAR) * passive_weeks
    tb = tables or Tables.of(d)
    push += tb.belief_push[belief + 1]
    recent = (weeks_since_change < d.dur_change_effect) | ~has_caseworker
    push += tb.change_push[phase] * (recent * np.float32(change_weight))
    push += d.push_fit * placement_fit + d.push_misfit * placement_misfit
    push += d.push_placement_derailment * placed_derailed
    push += d.push_readiness * (mean_indicator - 3.0)
    push += d.push_self_belief * (self_belief - 3.0)
    return push


def phase_move_probs(d: DynamicsParams, push: np.ndarray, phase: np.ndarray):
    """(p_forward, p_back) per citizen; no forward from progress, no back from derailment."""
    fwd = d.p_phase_move * sigmoid(push)
    back = d.p_phase_move - fwd
    fwd *= phase != PROGRESS
    back *= phase != DERAILMENT
    return fwd, back


def job_rate(
    d: DynamicsParams,
    *,
    phase: np.ndarray,
    mean_indicator: np.ndarray,
    belief: np.ndarray,
    n_changes: np.ndarray,
    years_prior: np.ndarray,
    lockin: np.ndarray,
    after_mult: np.ndarray,
    self_belief: np.ndarray,
    tables: Tables | None = None,
) -> np.ndarray:
    """Weekly hazard of becoming ready for and looking for a job (before matching)."""
    tb = tables or Tables.of(d)
    # Log-linear in readiness, self-belief, changes and prior years, so one exp serves all.
    log_h = (
        tb.log_per_point * (mean_indicator - np.float32(3.0))
        + tb.log_per_self_belief * (self_belief - np.float32(3.0))
        + tb.log_per_change * n_changes.astype(np.float32)
        + tb.log_per_year * years_prior
    )
    h = tb.job_by_phase[phase] * np.exp(log_h) * tb.by_belief[belief + 1]
    h *= np.where(lockin, np.float32(d.rel_job_lockin), np.float32(1.0))
    return h * after_mult


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


def exit_rates(
    d: DynamicsParams,
    *,
    phase: np.ndarray,
    belief: np.ndarray,
    upskilled: np.ndarray,
    flex_base: np.ndarray,
    pension_base: np.ndarray,
    years_on_benefit: np.ndarray | float = 0.0,
    tables: Tables | None = None,
):
    """Weekly hazards of (education, flexjob, pension), from `static_exit_rates`' bases.

    Education needs a citizen not derailed; upskilling and a believing caseworker raise it.
    Flexjob and pension, the clarification of work capacity, depend on the barriers (the
    bases) and grow with the years on benefit.
    """
    f32 = np.float32
    tb = tables or Tables.of(d)
    # Education by belief code (-1 none ... 4 no) and by phase (none while derailed).
    edu = tb.by_belief[belief + 1] * tb.edu_by_phase[phase]
    edu *= np.where(upskilled, f32(d.rel_education_upskilling), f32(1.0))
    by_time = np.float32(d.rel_clarification_per_year) ** np.asarray(
        years_on_benefit, dtype=np.float32
    )
    pension = pension_base * tb.pension_by_phase[phase] * by_time
    return edu, flex_base * by_time, pension


def job_end_prob(d: DynamicsParams, weeks_in_job: np.ndarray, fit: np.ndarray) -> np.ndarray:
    """Weekly chance a job ends, falling with tenure (P22) and lower for a job that fits."""
    p = np.where(
        weeks_in_job < 13,
        d.p_job_end_first_quarter,
        np.where(weeks_in_job < WEEKS_PER_YEAR, d.p_job_end_first_year, d.p_job_end_later),
    )
    h = -np.log1p(-np.minimum(p, 1.0 - 1e-12)) * np.where(fit, d.rel_job_end_fit, 1.0)
    return rate_to_prob(h)


def hire_prob(
    d: DynamicsParams,
    *,
    openness: np.ndarray,
    phase: np.ndarray,
    mean_indicator: np.ndarray,
    fit: np.ndarray,
    mentor: np.ndarray,
    tables: Tables | None = None,
) -> np.ndarray:
    """Weekly chance a placement turns into a job (seed 004, P20).

    The employer's openness sets the base; the citizen's phase and readiness scale it as they
    scale the job search, a placement outside the wished sector seldom leads on, and a
    workplace mentor helps.
    """
    tb = tables or Tables.of(d)
    h = prob_to_rate(d.p_hire_from_placement) * openness
    h = h * tb.hire_by_phase[phase] * np.exp(tb.log_per_point * (mean_indicator - np.float32(3)))
    h = h * np.where(fit, np.float32(1.0), np.float32(d.rel_hire_misfit))
    return rate_to_prob(h * np.where(mentor, np.float32(d.rel_hire_mentor), np.float32(1.0)))
