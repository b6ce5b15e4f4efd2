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
from sim.core.mechanisms import MECHANISMS
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
        },
    )
    model = FremdriftModel(params, 3)
    seen_writes: dict[str, set[str]] = {m.name: set() for m in model.mechanisms}
    for _ in range(60):
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
            seen_writes[mechanism.name] |= writes
    # The declarations are not a blanket: each stage that declares writes made some of them.
    for m in model.mechanisms:
        if m.writes:
            assert seen_writes[m.name], f"{m.name} declares writes but changed nothing in 60 weeks"


def test_declarations_name_real_streams_groups_and_flows():
    for m in MECHANISMS:
        assert set(m.streams) <= set(STREAM_NAMES), m.name
        assert set(m.params) <= set(GROUPS), m.name
        assert set(m.flows) <= set(FLOWS), m.name
        assert m.sources, f"{m.name} cites the figures or seeds that motivate it"
        for key in (*m.reads, *m.writes):
            container = key.split(".")[0]
            assert container in (*CONTAINERS, "model"), f"{m.name}: {key}"
