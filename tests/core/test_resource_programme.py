"""The resource programme (ressourceforløb, P30): a pathway for citizens with heavy, lasting
problems, ending in a clarification of work capacity. After one, STAR saw 56% on disability
pension, 25% in a flexjob and 4% in work: the order must come out of who the programme takes
in and what it does for them, not be typed in."""

from __future__ import annotations

import numpy as np

from sim.core import FremdriftModel, replicate_seeds
from sim.core.state import NOBODY
from sim.core.states import BENEFIT, FLEXJOB, JOB, PENSION
from tests.conftest import small


def outcomes_after_programmes(params, seed) -> dict[str, int]:
    """Where the citizens who completed a resource programme are a year later (or at the end
    of the run), counted once per citizen."""
    model = FremdriftModel(params, seed, detail=False)
    k = model.kinds.resource
    c = model.citizens
    completed: dict[int, int] = {}
    for _ in range(params.run.weeks):
        finishing = np.flatnonzero((c.dur_left[:, k] == 1) & (c.status == BENEFIT))
        model.step()
        for i in finishing:
            completed.setdefault(int(i), model.week)
    after = np.array(list(completed))
    status = c.status[after]
    return {
        "completed": after.size,
        "pension": int((status == PENSION).sum()),
        "flexjob": int((status == FLEXJOB).sum()),
        "work": int(((status == JOB) | c.ever_job[after]).sum()),
    }


def test_after_a_resource_programme_pension_comes_before_flexjob_before_work():
    params = small(4000, 208)
    total = {"completed": 0, "pension": 0, "flexjob": 0, "work": 0}
    for seed in replicate_seeds(30, 2):
        for key, value in outcomes_after_programmes(params, seed).items():
            total[key] += value
    assert total["completed"] > 100, total
    assert total["pension"] > total["flexjob"] > total["work"], total


def test_only_citizens_with_heavy_lasting_problems_are_referred():
    params = small(2000, 104)
    model = FremdriftModel(params, 4)
    k = model.kinds.resource
    iv = params.interventions
    c = model.citizens
    for _ in range(params.run.weeks):
        model.step()
        referred = np.flatnonzero((c.ti_waiting[:, k] >= 0) | (c.dur_left[:, k] > 0))
        assert np.all(c.n_barriers[referred] >= iv.resource_min_barriers)
        years = c.years_prior[referred] + model.week / 52
        assert np.all(years >= iv.resource_min_years)


def test_a_place_a_clarification_frees_goes_to_the_next_in_line_that_week():
    """A clarification that sends a citizen to pension ends what else they had running, and
    that place is free at once (the interventions stage counts it without a second pass over
    the citizens): the next in line starts in the same week, and the kind is full again."""
    model = FremdriftModel(small(400, 10, **{"strategy.name": "parallel"}), 3, detail=False)
    c, kinds = model.citizens, model.kinds
    health, resource = kinds.names.index("health"), kinds.resource
    on_benefit = np.flatnonzero(c.status == BENEFIT)
    leaver, next_in_line = on_benefit[0], on_benefit[1]
    others = on_benefit[2 : 2 + model.capacity[health] - 1]
    c.dur_left[:] = 0
    c.ti_waiting[:] = NOBODY
    c.dur_left[others, health] = 10
    c.dur_left[leaver, health] = 10  # health is full, the leaver holding one place
    c.dur_left[leaver, resource] = 1  # and the leaver's resource programme ends this week
    c.indicators[leaver] = 1.0
    c.mean_indicator[leaver] = 1.0  # far from work: the clarification ends in a pension
    c.ti_waiting[next_in_line, health] = 0
    model.week = 1
    stage = next(m for m in model.mechanisms if m.name == "interventions")
    stage.step(model)
    assert c.status[leaver] == PENSION
    assert c.dur_left[next_in_line, health] > 0, "the freed place went to the next in line"
    assert model.n_active[health] == model.capacity[health]
