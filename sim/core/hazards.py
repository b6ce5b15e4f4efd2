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
) -> np.ndarray:
    """The caseworker's latent view of the citizen's chance of a job within a year."""
    return (
        optimism
        + cw.belief_weight_readiness * (mean_indicator - 3.0)
        - cw.belief_weight_phase * (phase - 1.0)
        - cw.belief_weight_barriers * n_barriers
        + cw.belief_noise_sd * noise
    )


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
    mean_indicator: np.ndarray,
    tables: Tables | None = None,
) -> np.ndarray:
    """Log-odds of moving forward rather than back, per citizen, this week.

    `active` is bool (kinds, n), one row per kind of `kinds`; `placement_misfit` is already
    halved where the employer has a mentor (so it is float).
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
    push += tb.change_push[phase] * recent
    push += d.push_fit * placement_fit + d.push_misfit * placement_misfit
    push += d.push_readiness * (mean_indicator - 3.0)
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
    tables: Tables | None = None,
) -> np.ndarray:
    """Weekly hazard of becoming ready for and looking for a job (before matching)."""
    tb = tables or Tables.of(d)
    # Log-linear in readiness, changes and prior years, so one exp serves all three.
    log_h = (
        tb.log_per_point * (mean_indicator - np.float32(3.0))
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
    tables: Tables | None = None,
):
    """Weekly hazards of (education, flexjob, pension), from `static_exit_rates`' bases.

    Education needs a citizen not derailed; upskilling and a believing caseworker raise it.
    """
    f32 = np.float32
    tb = tables or Tables.of(d)
    # Education by belief code (-1 none ... 4 no) and by phase (none while derailed).
    edu = tb.by_belief[belief + 1] * tb.edu_by_phase[phase]
    edu *= np.where(upskilled, f32(d.rel_education_upskilling), f32(1.0))
    pension = pension_base * tb.pension_by_phase[phase]
    return edu, flex_base, pension


def job_end_prob(d: DynamicsParams, weeks_in_job: np.ndarray, fit: np.ndarray) -> np.ndarray:
    """Weekly chance a job ends, falling with tenure (P22) and lower for a job that fits."""
    p = np.where(
        weeks_in_job < 13,
        d.p_job_end_first_quarter,
        np.where(weeks_in_job < WEEKS_PER_YEAR, d.p_job_end_first_year, d.p_job_end_later),
    )
    h = -np.log1p(-np.minimum(p, 1.0 - 1e-12)) * np.where(fit, d.rel_job_end_fit, 1.0)
    return rate_to_prob(h)
