"""Claims about caseworker skill: what no modelled trait of a caseworker explains of how many of
their citizens get a job or education (P7, seed 004)."""

import numpy as np
from scipy import stats

from sim.core import FremdriftModel, simulate
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


def test_skilled_caseworkers_get_more_of_their_citizens_into_job_or_education():
    """With a wide spread, caseworkers' outcome rates follow their skill; without one, the
    same caseworkers' rates do not (the drawn factors are the same luck, unused)."""

    def correlation(sd: float) -> float:
        p = small(3000, 208, **{"caseworkers.skill_sd": sd, "caseworkers.p_leave": 0.0})
        cws = simulate(p, 21, detail=False).caseworkers
        cws = cws[cws["n_citizens_ever"] >= 20]
        rate = (cws["n_to_job"] + cws["n_to_education"]) / cws["n_citizens_ever"]
        if sd == 0.0:
            # The factors the wide run used, for the same caseworkers (same stream, same order).
            wide = FremdriftModel(small(3000, 1, **{"caseworkers.skill_sd": 1.0}), 21)
            skill = wide.caseworkers.skill[cws["caseworker_id"].to_numpy()]
        else:
            skill = cws["skill"].to_numpy()
        return float(stats.spearmanr(skill, rate).statistic)

    assert correlation(1.0) > 0.5
    assert abs(correlation(0.0)) < 0.35


def test_a_caseworker_agent_reports_their_skill():
    model = FremdriftModel(small(300, 1, **{"caseworkers.skill_sd": 0.4}), 2, detail=False)
    agent = model.caseworker_agents[0]
    assert agent.skill == model.caseworkers.skill[0]
