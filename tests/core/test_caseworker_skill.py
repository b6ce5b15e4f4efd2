"""Claims about caseworker skill: what no modelled trait of a caseworker explains of how many of
their citizens get a job or education (P7, seed 004)."""

import numpy as np
from scipy import stats

from sim.core import FremdriftModel, simulate
from sim.core.mechanisms.exits import ExitsAndReturns
from tests.conftest import small


def test_without_a_spread_every_caseworker_has_skill_one():
    r = simulate(small(600, 104, **{"caseworkers.p_leave": 0.02}), 5, detail=False)
    assert (r.caseworkers["skill"] == 1.0).all()


def test_skill_is_lognormal_with_mean_one_and_the_set_spread():
    """The factor averages 1, so a spread moves no average hazard, and its log has the set
    standard deviation (checked over many hires, well outside the sampling error)."""
    sd = 0.5
    model = FremdriftModel(small(400, 1, **{"caseworkers.skill_sd": sd}), 11, detail=False)
    from sim.core.actions import hire

    for _ in range(4000):
        hire(model, 0)
    skill = model.caseworkers.skill[: model.caseworkers.n]
    assert abs(skill.mean() - 1.0) < 0.03
    assert abs(np.log(skill).std() - sd) < 0.02


def test_the_spread_scales_the_same_luck_and_moves_no_other_draw():
    """Each caseworker's normal draw comes from a stream of its own: a different spread gives
    the same caseworkers (optimism, style, experience) with the same ranking in skill."""
    a = FremdriftModel(small(800, 1, **{"caseworkers.skill_sd": 0.2}), 7, detail=False)
    b = FremdriftModel(small(800, 1, **{"caseworkers.skill_sd": 0.6}), 7, detail=False)
    n = a.caseworkers.n
    assert n == b.caseworkers.n
    for name in ("optimism", "style", "experience"):
        assert np.array_equal(getattr(a.caseworkers, name)[:n], getattr(b.caseworkers, name)[:n])
    z_a = (np.log(a.caseworkers.skill[:n]) + 0.5 * 0.2**2) / 0.2
    z_b = (np.log(b.caseworkers.skill[:n]) + 0.5 * 0.6**2) / 0.6
    assert np.allclose(z_a, z_b)


def test_skilled_caseworkers_get_more_of_their_citizens_into_jobs_and_into_education():
    """With a wide spread, caseworkers' job rates and education rates each follow their
    skill; without one, the same caseworkers' rates do not (the drawn factors are the same
    luck, unused)."""

    def correlations(sd: float) -> tuple[float, float]:
        p = small(3000, 208, **{"caseworkers.skill_sd": sd, "caseworkers.p_leave": 0.0})
        cws = simulate(p, 21, detail=False).caseworkers
        cws = cws[cws["n_citizens_ever"] >= 20]
        if sd == 0.0:
            # The factors the wide run used, for the same caseworkers (same stream, same order).
            wide = FremdriftModel(small(3000, 1, **{"caseworkers.skill_sd": 1.0}), 21)
            skill = wide.caseworkers.skill[cws["caseworker_id"].to_numpy()]
        else:
            skill = cws["skill"].to_numpy()
        return tuple(
            float(stats.spearmanr(skill, cws[col] / cws["n_citizens_ever"]).statistic)
            for col in ("n_to_job", "n_to_education")
        )

    job, education = correlations(1.0)
    assert job > 0.4 and education > 0.4
    job, education = correlations(0.0)
    assert abs(job) < 0.35 and abs(education) < 0.35


def test_skipping_draws_above_the_bounds_changes_no_outcome_with_skilled_caseworkers():
    """The job and exit kernels skip a citizen whose draw lies above a bound on every hazard;
    with skill the bounds scale by the largest factor. The same run with the skips switched
    off (infinite bounds) must give the same citizens the same fates, week by week. The
    multipliers the bounds allow for are set to 1 and the base rates high, so that a citizen
    often sits at the bound before their caseworker's factor: a bound that left the factor out
    would skip draws it must not."""
    import math

    tight = {
        "caseworkers.skill_sd": 1.0,
        "caseworkers.p_leave": 0.01,
        "dynamics.p_job_ready": 0.02,
        "dynamics.p_education": 0.02,
        "dynamics.rel_job_per_point": 1.0,
        "dynamics.rel_job_per_self_belief": 1.0,
        "dynamics.rel_job_belief": 1.0,
        "dynamics.rel_job_after_private": 1.0,
        "dynamics.rel_job_after_public": 1.0,
        "dynamics.rel_job_after_other": 1.0,
        "dynamics.rel_education_upskilling": 1.0,
        "dynamics.p_flexjob": 0.0,  # the exit bound's other terms would leave headroom
        "dynamics.p_pension": 0.0,
    }
    p = small(1500, 104, **tight)
    skipping = FremdriftModel(p, 9, detail=False)
    unbounded = FremdriftModel(p, 9, detail=False)
    unbounded.co[0]["job_rate_bound"] = math.inf
    exits = next(m for m in unbounded.mechanisms if isinstance(m, ExitsAndReturns))
    exits.exit_rate_bound = lambda model: math.inf
    for _ in range(104):
        skipping.step()
        unbounded.step()
        assert np.array_equal(skipping.citizens.status, unbounded.citizens.status)
    assert skipping.caseworkers.skill[: skipping.caseworkers.n].max() > 3.0, "factors above 1"


def test_a_caseworker_agent_reports_their_skill():
    model = FremdriftModel(small(300, 1, **{"caseworkers.skill_sd": 0.4}), 2, detail=False)
    agent = model.caseworker_agents[0]
    assert agent.skill == model.caseworkers.skill[0]
