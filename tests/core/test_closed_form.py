"""With constant hazards the model is a Markov chain, and must give the chain's answer.

Everything that couples citizens or changes over time is switched off: no interventions, no
turnover, no crises, no drift in readiness, no returns, and every job-ready citizen finds a job.
Each week then applies, in the model's own stage order, (5) job, (6) one phase move, (7) exits,
with fixed probabilities per phase; the expected state shares follow by matrix powers.
"""

import numpy as np

from sim.core import hazards, replicate_seeds, simulate
from sim.core.params import Params

N = 4000
REPS = 3

OVERRIDES = {
    "population.n_citizens": N,
    "run.weeks": 104,
    "strategy.name": "none",
    "caseworkers.p_leave": 0.0,
    "caseworkers.p_case_transfer": 0.0,
    "caseworkers.p_sick_leave": 0.0,
    "dynamics.p_life_event": 0.0,
    "dynamics.push_base": 0.4,
    "dynamics.push_no_intervention": 0.0,
    "dynamics.push_passive_per_year": 0.0,
    "dynamics.push_belief": 0.0,
    "dynamics.push_readiness": 0.0,
    "dynamics.push_self_belief": 0.0,
    "interventions.p_refer_resource": 0.0,
    "dynamics.rel_job_per_self_belief": 1.0,
    "dynamics.indicator_drift_progress": 0.0,
    "dynamics.indicator_drift_standstill": 0.0,
    "dynamics.indicator_drift_regress": 0.0,
    "dynamics.indicator_drift_derailment": 0.0,
    "dynamics.rel_job_per_point": 1.0,
    "dynamics.rel_job_belief": 1.0,
    "dynamics.rel_job_per_change": 1.0,
    "dynamics.rel_job_per_year_on_benefit": 1.0,
    "dynamics.p_job_ready": 0.006,
    "dynamics.rel_flexjob_health": 1.0,
    "dynamics.rel_pension_per_barrier": 1.0,
    "dynamics.rel_clarification_per_year": 1.0,
    "dynamics.p_job_end_first_quarter": 0.0,
    "dynamics.p_job_end_first_year": 0.0,
    "dynamics.p_job_end_later": 0.0,
    "dynamics.p_education_dropout": 0.0,
    "employers.p_open_market": 1.0,
}

# States: 0-3 phases on benefit, 4 job, 5 education, 6 flexjob, 7 pension (absorbing).


def weekly_transition(p: Params) -> np.ndarray:
    d = p.dynamics
    rel = np.array([d.rel_job_progress, 1.0, d.rel_job_regress, d.rel_job_derailment])
    p_job = hazards.rate_to_prob(hazards.prob_to_rate(d.p_job_ready) * rel)
    job = np.eye(8)
    for ph in range(4):
        job[ph, ph] = 1 - p_job[ph]
        job[ph, 4] = p_job[ph]
    fwd = d.p_phase_move * hazards.sigmoid(np.array(d.push_base))
    move = np.eye(8)
    for ph in range(4):
        f = fwd if ph > 0 else 0.0
        b = d.p_phase_move - fwd if ph < 3 else 0.0
        move[ph, ph] = 1 - f - b
        if ph > 0:
            move[ph, ph - 1] = f
        if ph < 3:
            move[ph, ph + 1] = b
    exits = np.eye(8)
    for ph in range(4):
        edu = hazards.prob_to_rate(d.p_education) * (ph != 3)
        flex = hazards.prob_to_rate(d.p_flexjob)
        pen = hazards.prob_to_rate(d.p_pension) * (d.rel_pension_derailment if ph == 3 else 1.0)
        total = edu + flex + pen
        p_any = hazards.rate_to_prob(np.array(total))
        exits[ph, ph] = 1 - p_any
        exits[ph, 5:8] = p_any * np.array([edu, flex, pen]) / total
    return job @ move @ exits


def simulated_shares(result, week: int) -> np.ndarray:
    row = result.weekly.iloc[week]
    cols = [
        "n_progress",
        "n_standstill",
        "n_regress",
        "n_derailment",
        "n_job",
        "n_education",
        "n_flexjob",
        "n_pension",
    ]
    return row[cols].to_numpy(dtype=float)


def test_constant_hazards_reproduce_the_markov_chain():
    params = Params().with_values(**OVERRIDES)
    pop = params.population
    start = np.zeros(8)
    start[:4] = [pop.share_start_progress, 0.0, pop.share_start_regress, pop.share_start_derailment]
    start[1] = 1 - start[[0, 2, 3]].sum()
    step = weekly_transition(params)
    results = [simulate(params, s) for s in replicate_seeds(2024, REPS)]
    for week in (13, 52, 104):
        expected = start @ np.linalg.matrix_power(step, week)
        observed = sum(simulated_shares(r, week) for r in results) / (N * REPS)
        # Citizens are independent here, so each share is binomial around the chain's value.
        se = np.sqrt(expected * (1 - expected) / (N * REPS)) + 1e-12
        z = np.abs(observed - expected) / se
        assert np.all(z < 4.5), (
            f"week {week}: expected {np.round(expected, 4)}, observed {np.round(observed, 4)}, "
            f"z {np.round(z, 1)}"
        )
