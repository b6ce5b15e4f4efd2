"""Every weekly probability lies in [0, 1] for every valid parameter set (Hypothesis)."""

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sim.core import hazards
from sim.core.kinds import DEFAULT_KINDS, KindTable
from sim.core.params import GROUPS, ParamError, Params, group_fields
from sim.core.states import N_INDICATORS


@st.composite
def valid_params(draw):
    """Any parameter set the schema accepts: each field within its bounds, then the few
    cross-field rules (caseload under the cap, falling belief thresholds, start shares that
    fit the cohort) restored by moving the drawn values, not by rejecting the draw."""
    data = {}
    for group in GROUPS:
        values = {}
        for f in group_fields(group):
            m = f.metadata
            if m["choices"]:
                values[f.name] = draw(st.sampled_from(m["choices"]))
            elif f.type == "int":
                values[f.name] = draw(st.integers(int(m["lo"]), int(min(m["hi"], 10**6))))
            else:
                values[f.name] = draw(st.floats(m["lo"], m["hi"], allow_nan=False))
        data[group] = values
    cw = data["caseworkers"]
    cw["caseload"] = min(cw["caseload"], cw["caseload_cap"])
    cuts = sorted(
        {cw[f"belief_cut_{b}"] for b in ("yes", "good_chance", "maybe", "doubtful")}, reverse=True
    )
    assume(len(cuts) == 4)
    for b, c in zip(("yes", "good_chance", "maybe", "doubtful"), cuts, strict=True):
        cw[f"belief_cut_{b}"] = c
    pop = data["population"]
    keys = ("share_start_progress", "share_start_regress", "share_start_derailment")
    total = sum(pop[k] for k in keys)
    if total > 1:
        for k in keys:
            pop[k] = pop[k] / total * 0.999
    pop["n_citizens"] = min(pop["n_citizens"], 5000)
    iv = data["interventions"]
    low, high = sorted((iv["resource_pension_below"], iv["resource_flexjob_below"]))
    iv["resource_pension_below"], iv["resource_flexjob_below"] = low, high
    try:
        return Params.from_dict(data)
    except ParamError as exc:  # a rule this generator does not know yet: make it visible
        raise AssertionError(f"generator produced an invalid set: {exc}") from None


@st.composite
def citizen_states(draw, n=64):
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    return {
        "phase": rng.integers(0, 4, n).astype(np.int8),
        "belief": rng.integers(-1, 5, n).astype(np.int8),
        "active": rng.random((len(DEFAULT_KINDS), n)) < 0.4,
        "barriers": rng.random((n, 5)) < 0.4,
        "mean_ind": rng.uniform(1, 5, n).astype(np.float32),
        "self_belief": rng.uniform(1, 5, n).astype(np.float32),
        "openness": rng.uniform(0, 1, n),
        "load": rng.integers(0, 400, n),
        "n_changes": rng.integers(0, 30, n).astype(np.int16),
        "years_prior": rng.exponential(8, n).astype(np.float32),
        "passive": rng.integers(0, 600, n).astype(np.int32),
        "weeks_since_change": rng.integers(0, 300, n),
        "tenure": rng.integers(0, 300, n),
    }


def in_unit_interval(x) -> bool:
    x = np.asarray(x, dtype=np.float64)
    return bool(np.all(np.isfinite(x)) and np.all(x >= 0) and np.all(x <= 1))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(p=valid_params(), s=citizen_states())
def test_all_weekly_probabilities_lie_in_the_unit_interval(p, s):
    d = p.dynamics
    assert in_unit_interval(hazards.life_event_prob(d, s["barriers"])), "life events"
    push = hazards.phase_push(
        d,
        phase=s["phase"],
        active=s["active"],
        kinds=KindTable(DEFAULT_KINDS),
        belief=s["belief"],
        weeks_since_change=s["weeks_since_change"],
        has_caseworker=s["weeks_since_change"] % 7 != 0,
        passive_weeks=s["passive"],
        placement_fit=s["active"][0] & (s["phase"] < 2),
        placement_misfit=(s["active"][0] & (s["phase"] >= 2)) * 0.5,
        placed_derailed=s["active"][0] & (s["phase"] == 3),
        mean_indicator=s["mean_ind"],
        self_belief=s["self_belief"],
        change_weight=1.0 - p.caseworkers.handover_quality,
    )
    fwd, back = hazards.phase_move_probs(d, push, s["phase"])
    assert in_unit_interval(fwd) and in_unit_interval(back), "phase moves"
    assert in_unit_interval(fwd + back), "forward and back together exceed one"
    job = hazards.job_rate(
        d,
        phase=s["phase"],
        mean_indicator=s["mean_ind"],
        belief=s["belief"],
        n_changes=s["n_changes"],
        years_prior=s["years_prior"],
        lockin=s["active"][1],
        after_mult=np.float32(d.rel_job_after_private),
        self_belief=s["self_belief"],
    )
    assert in_unit_interval(hazards.rate_to_prob(job)), "job readiness"
    hire = hazards.hire_prob(
        d,
        openness=s["openness"],
        phase=s["phase"],
        mean_indicator=s["mean_ind"],
        fit=s["active"][2],
        mentor=s["active"][3],
    )
    assert in_unit_interval(hire), "hiring from a placement"
    cw = p.caseworkers
    assert in_unit_interval(hazards.leave_prob(cw, s["load"])), "caseworkers leaving"
    assert np.all(hazards.plan_quality(cw, s["load"]) > 0), "plan quality is a positive factor"
    assert np.all(hazards.belief_noise_scale(cw, s["load"], s["active"][1]) > 0)
    flex_base, pension_base = hazards.static_exit_rates(
        d, s["barriers"].sum(axis=1), s["barriers"][:, 1]
    )
    edu, flex, pension = hazards.exit_rates(
        d,
        phase=s["phase"],
        belief=s["belief"],
        upskilled=s["active"][1],
        flex_base=flex_base,
        pension_base=pension_base,
        years_on_benefit=s["years_prior"],
    )
    assert in_unit_interval(hazards.rate_to_prob(edu + flex + pension)), "exits"
    assert in_unit_interval(hazards.job_end_prob(d, s["tenure"], s["active"][2])), "job ends"


@settings(max_examples=60, deadline=None)
@given(
    latent=st.lists(st.floats(-50, 50, allow_nan=False), min_size=1, max_size=50),
    p=valid_params(),
)
def test_belief_answers_are_one_of_the_five_levels(latent, p):
    answers = hazards.belief_answer(p.caseworkers, np.asarray(latent))
    assert np.all((answers >= 0) & (answers <= 4))


def test_belief_answers_fall_as_the_latent_view_falls():
    p = Params().caseworkers
    answers = hazards.belief_answer(p, np.linspace(5, -5, 101))
    assert np.all(np.diff(answers) >= 0), "a gloomier view never gives a brighter answer"
    assert answers[0] == 0 and answers[-1] == 4


def test_rate_and_probability_are_inverse():
    for p in (0.0, 0.001, 0.3, 0.99):
        assert np.isclose(hazards.rate_to_prob(np.array(hazards.prob_to_rate(p))), p)


def test_the_number_of_indicators_is_within_the_issue_range():
    assert 4 <= N_INDICATORS <= 7
