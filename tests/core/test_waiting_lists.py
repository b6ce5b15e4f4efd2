"""Waiting lists are first come, first served: the weekly kernel that orders them (a counting
sort on the week each citizen joined, sim.core.mechanisms.interventions.waiting_queues) gives
the order a stable sort by joining week would, and the caseload the turnover stage carries
through its case transfers is the count it would get by counting everyone again."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.core import FremdriftModel
from sim.core.mechanisms import MECHANISMS, Mechanism
from sim.core.mechanisms.interventions import waiting_queues
from sim.core.mechanisms.turnover import count_caseload
from sim.core.model import STEP_ORDER
from sim.core.state import NOBODY
from sim.core.states import BENEFIT, JOB
from tests.conftest import small

N_KINDS = 5


def sorted_lists(status, ti_waiting, wanted):
    """The lists as a plain stable sort by joining week gives them, kind by kind."""
    lists = []
    for k in range(ti_waiting.shape[1]):
        if not wanted[k]:
            lists.append([])
            continue
        members = np.flatnonzero((status == BENEFIT) & (ti_waiting[:, k] >= 0))
        order = np.argsort(ti_waiting[members, k], kind="stable")
        lists.append(members[order].tolist())
    return lists


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(0, 60),
    week=st.integers(0, 30),
    seed=st.integers(0, 2**32 - 1),
    wanted=st.lists(st.booleans(), min_size=N_KINDS, max_size=N_KINDS),
)
def test_lists_are_in_the_order_citizens_joined_them_ties_by_number(n, week, seed, wanted):
    rng = np.random.default_rng(seed)
    status = np.where(rng.random(n) < 0.8, BENEFIT, JOB).astype(np.int8)
    ti_waiting = rng.integers(0, week + 1, (n, N_KINDS)).astype(np.int32)
    ti_waiting[rng.random((n, N_KINDS)) < 0.4] = NOBODY
    ti_waiting[status != BENEFIT] = NOBODY  # leaving benefit gives up every place
    wanted = np.array(wanted)
    bound = ((ti_waiting >= 0) & (status == BENEFIT)[:, None]).sum(axis=0)
    queue, first = waiting_queues(status, ti_waiting, wanted, bound, week)
    got = [queue[first[k] : first[k + 1]].tolist() for k in range(N_KINDS)]
    assert got == sorted_lists(status, ti_waiting, wanted)


def test_a_list_longer_than_counted_or_dated_ahead_is_refused():
    status = np.full(3, BENEFIT, dtype=np.int8)
    ti_waiting = np.full((3, N_KINDS), NOBODY, dtype=np.int32)
    ti_waiting[:, 0] = [1, 0, 2]
    wanted = np.array([True] + [False] * (N_KINDS - 1))
    bound = np.array([3, 0, 0, 0, 0])
    queue, first = waiting_queues(status, ti_waiting, wanted, bound, 2)
    assert queue[first[0] : first[1]].tolist() == [1, 0, 2]
    with pytest.raises(ValueError):
        waiting_queues(status, ti_waiting, wanted, np.array([2, 0, 0, 0, 0]), 2)
    with pytest.raises(ValueError):
        waiting_queues(status, ti_waiting, wanted, bound, 1)


class CaseloadCheck(Mechanism):
    """Runs right after the turnover stage and compares its caseload with a recount."""

    name = "caseload_check"
    weeks_with_transfers = 0

    def step(self, model: FremdriftModel) -> None:
        recount = count_caseload(model.citizens.status, model.citizens.post, model.posts.n)
        np.testing.assert_array_equal(model.posts.caseload, recount)
        moved = model.recorder.flows.get("new_caseworker_changes", 0)
        type(self).weeks_with_transfers += moved > 0


def test_the_caseload_after_case_transfers_is_the_recount():
    """The turnover stage moves the caseload with each transfer instead of counting everyone
    again; every week, at the end of that stage, the two agree."""
    turnover = STEP_ORDER.index("caseworker_turnover")

    class Checked(FremdriftModel):
        MECHANISMS = (*MECHANISMS[: turnover + 1], CaseloadCheck, *MECHANISMS[turnover + 1 :])

    params = small(600, 60, **{"caseworkers.p_case_transfer": 0.05})
    model = Checked(params, 4, detail=False)
    for _ in range(60):
        model.step()
    assert CaseloadCheck.weeks_with_transfers > 30


class RunningCheck(Mechanism):
    """Runs right after the interventions stage: its count of running places, carried from
    the week's ticks and starts, against a recount, and nobody waits for a kind they run."""

    name = "running_check"

    def step(self, model: FremdriftModel) -> None:
        running = model.citizens.dur_left > 0
        np.testing.assert_array_equal(model.n_active, running.sum(axis=0))
        assert not (running & (model.citizens.ti_waiting >= 0)).any()


@pytest.mark.parametrize(
    "strategy", ["status_quo", "staircase", "parallel", "parallel_phase_sensitive"]
)
def test_the_running_places_carried_through_the_stage_are_the_recount(strategy):
    """`n_active` (the weekly table's n_active_* and the places' cost) is the running count
    after the ticks plus the week's starts; it equals counting everyone, and a start never
    lands on a kind the citizen already runs."""
    stage = STEP_ORDER.index("interventions")

    class Checked(FremdriftModel):
        MECHANISMS = (*MECHANISMS[: stage + 1], RunningCheck, *MECHANISMS[stage + 1 :])

    params = small(500, 80, **{"strategy.name": strategy})
    model = Checked(params, 6, detail=False)
    for _ in range(80):
        model.step()
    assert model.recorder.weekly["new_intervention_starts"].sum() > 0
