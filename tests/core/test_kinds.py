"""Intervention kinds are data: a new kind is one record, and the whole model follows it."""

from __future__ import annotations

import dataclasses

import pytest

from sim.core import FremdriftModel, ParamError, Params, simulate
from sim.core.kinds import DEFAULT_KINDS, InterventionKind, KindTable
from sim.core.params import InterventionParams
from sim.experiments.scenario import load_scenario, parse_scenario
from tests.conftest import small

# A scratch fifth kind: a mentor scheme, called for by social problems, no lock-in.
MENTOR = InterventionKind(
    name="mentor",
    en="Mentor scheme",
    da="Mentorordning",
    desc="a personal mentor outside the jobcentre",
    dur=26,
    capacity=5.0,
    cost=900.0,
    push=0.2,
    gains=(("cooperation", 1.0), ("self_belief", 0.5)),
    needed_by=("social", "mental"),
    lockin=False,
    staircase_step=4,
)


def with_mentor(strategy: str, n: int = 600, weeks: int = 104) -> Params:
    p = small(n, weeks, **{"strategy.name": strategy})
    kinds = InterventionParams(kinds=(*DEFAULT_KINDS, MENTOR))
    return dataclasses.replace(p, interventions=kinds)


@pytest.mark.parametrize("strategy", ["status_quo", "staircase", "parallel"])
def test_a_fifth_kind_added_as_one_record_runs_a_full_scenario(strategy):
    r = simulate(with_mentor(strategy), 4)
    assert "n_active_mentor" in r.weekly.columns, "the weekly table counts the new kind"
    assert "mentor" in r.panel.columns, "the panel shows who is in it"
    starts = r.events.query("event == 'intervention_start' and value == 'mentor'")
    assert len(starts) > 0, f"{strategy}: the strategy refers citizens to the new kind"
    cap = round(MENTOR.capacity * 600 / 100)
    assert r.weekly["n_active_mentor"].max() <= cap, "its capacity holds"
    weeks_in_mentor = r.weekly["n_active_mentor"].sum()
    assert r.weekly["cost"].sum() >= weeks_in_mentor * MENTOR.cost, "its weeks are paid for"


def test_a_scenario_file_can_add_a_kind_and_it_writes_back_whole(tmp_path):
    text = """
[meta]
name = "with mentor"
description = "status quo plus a mentor scheme"

[population]
n_citizens = 300

[run]
weeks = 52

[interventions]
capacity_mentor = 8.0

[interventions.kinds.mentor]
en = "Mentor scheme"
da = "Mentorordning"
desc = "a personal mentor"
dur = 26
capacity = 5.0
cost = 900.0
push = 0.2
gains = { cooperation = 1.0 }
needed_by = ["social"]
lockin = false
staircase_step = 4
"""
    sc = parse_scenario(text, "mentor.toml")
    mentor = sc.params.interventions.kind("mentor")
    assert mentor.capacity == 8.0, "a flat key tunes the new kind like any other"
    assert sc.params.get("interventions.dur_mentor") == 26
    path = tmp_path / "again.toml"
    path.write_text(sc.to_toml())
    assert load_scenario(path).params == sc.params, "the written file rebuilds the same kinds"
    assert simulate(sc.params, 1).weekly["n_active_mentor"].max() > 0


def test_the_model_sizes_its_arrays_by_the_kinds():
    m = FremdriftModel(with_mentor("parallel", 200, 10), 1)
    assert m.citizens.dur_left.shape == (200, len(DEFAULT_KINDS) + 1)
    assert m.kinds.names[-1] == "mentor"
    mentor = len(DEFAULT_KINDS)
    assert KindTable((*DEFAULT_KINDS, MENTOR)).staircase_order[-1] == mentor


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"name": "Mentor Scheme"}, "name"),
        ({"dur": 0}, "dur"),
        ({"capacity": float("nan")}, "capacity"),
        ({"gains": (("charisma", 1.0),)}, "gains"),
        ({"needed_by": ("debt",)}, "needed_by"),
    ],
)
def test_a_kind_record_that_cannot_be_used_is_refused_by_name(change, key):
    with pytest.raises(ParamError, match=key):
        dataclasses.replace(MENTOR, **change)


def test_exactly_one_kind_is_company_oriented():
    with pytest.raises(ParamError, match="exactly one kind must be company-oriented"):
        InterventionParams(kinds=(*DEFAULT_KINDS, dataclasses.replace(MENTOR, company=True)))
    with pytest.raises(ParamError, match="its own name"):
        InterventionParams(kinds=(*DEFAULT_KINDS, dataclasses.replace(MENTOR, name="health")))
