"""Each weekly mechanism declares what it may touch, and touches nothing else.

The declarations in sim/core/mechanisms are what a contributor reads to know where a rule
lives and what it may change; these tests run every mechanism on a busy model and compare the
state before and after each stage with what the stage declares.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from sim.core import FremdriftModel
from sim.core.mechanisms import MECHANISMS, Mechanism
from sim.core.params import GROUPS
from sim.core.recorder import FLOWS
from sim.core.streams import STREAM_NAMES
from tests.conftest import small

CONTAINERS = ("citizens", "caseworkers", "posts", "employers")


def snapshot(model: FremdriftModel) -> dict[str, object]:
    out: dict[str, object] = {"model.n_active": model.n_active.copy()}
    for name in CONTAINERS:
        container = getattr(model, name)
        for f in dataclasses.fields(container):
            value = getattr(container, f.name)
            out[f"{name}.{f.name}"] = value.copy() if isinstance(value, np.ndarray) else value
    return out


def changed(before: dict, after: dict) -> set[str]:
    out = set()
    for key, old in before.items():
        new = after[key]
        same = np.array_equal(old, new) if isinstance(old, np.ndarray) else old == new
        if not same:
            out.add(key)
    return out


def declared(mechanism, key: str) -> bool:
    container = key.split(".")[0]
    return key in mechanism.writes or f"{container}.*" in mechanism.writes


def check_declarations(model: FremdriftModel, weeks: int) -> dict[str, set[str]]:
    """Step `model` stage by stage; fail on any undeclared write or flow. Returns the writes
    each stage made."""
    seen: dict[str, set[str]] = {m.name: set() for m in model.mechanisms}
    for _ in range(weeks):
        model.week += 1
        for mechanism in model.mechanisms:
            before = snapshot(model)
            flows_before = set(model.recorder.flows)
            mechanism.step(model)
            writes = changed(before, snapshot(model))
            undeclared = {k for k in writes if not declared(mechanism, k)}
            assert not undeclared, f"{mechanism.name} wrote {sorted(undeclared)} undeclared"
            new_flows = set(model.recorder.flows) - flows_before
            assert new_flows <= set(mechanism.flows), (
                f"{mechanism.name} recorded {sorted(new_flows - set(mechanism.flows))} undeclared"
            )
            seen[mechanism.name] |= writes
    return seen


@pytest.mark.parametrize("strategy", ["status_quo", "parallel", "staircase"])
def test_every_mechanism_writes_only_what_it_declares(strategy):
    # High turnover, transfers and crises, so that every rule fires within a few weeks.
    params = small(
        600,
        60,
        **{
            "strategy.name": strategy,
            "caseworkers.p_leave": 0.03,
            "caseworkers.p_case_transfer": 0.01,
            "dynamics.p_life_event": 0.02,
            "population.inflow_share_per_year": 0.5,  # newcomers, so arrivals fire too
        },
    )
    model = FremdriftModel(params, 3)
    seen = check_declarations(model, 60)
    # The declarations are not a blanket: each stage that declares writes made some of them.
    for m in model.mechanisms:
        if m.writes:
            assert seen[m.name], f"{m.name} declares writes but changed nothing in 60 weeks"


def test_declarations_name_real_streams_groups_and_flows():
    for m in MECHANISMS:
        assert set(m.streams) <= set(STREAM_NAMES), m.name
        assert set(m.params) <= set(GROUPS), m.name
        assert set(m.flows) <= set(FLOWS), m.name
        assert m.sources, f"{m.name} cites the figures or seeds that motivate it"
        for key in (*m.reads, *m.writes):
            container = key.split(".")[0]
            assert container in (*CONTAINERS, "model"), f"{m.name}: {key}"


class MentorCalls(Mechanism):
    """A scratch mechanism written by the recipe in docs/ODD.md section 5: a mentor calls
    every derailed citizen each week, and a call lifts their belief in managing a job a little
    (seed 001: citizens credit their own belief and someone who helps them through)."""

    name = "mentor_calls"
    reads = ("citizens.status", "citizens.phase")
    writes = ("citizens.indicators",)
    sources = ("seed 001",)

    def step(self, model: FremdriftModel) -> None:
        c = model.citizens
        called = (c.status == 0) & (c.phase == 3)
        c.indicators[called, -1] += np.float32(0.05)


class WithMentorCalls(FremdriftModel):
    MECHANISMS = (*MECHANISMS[:-1], MentorCalls, MECHANISMS[-1])


def test_the_recipe_adds_a_mechanism_that_runs_where_it_is_scheduled():
    params = small(300, 26)
    model = WithMentorCalls(params, 5)
    assert [m.name for m in model.mechanisms][-2:] == ["mentor_calls", "record"]
    seen = check_declarations(model, 26)
    assert seen["mentor_calls"] == {"citizens.indicators"}
    plain = FremdriftModel(params, 5)
    for _ in range(26):
        plain.step()
    lifted = model.citizens.indicators[:, -1].mean() - plain.citizens.indicators[:, -1].mean()
    assert lifted > 0, f"the calls lift self-belief on average (difference {lifted:.4f})"
