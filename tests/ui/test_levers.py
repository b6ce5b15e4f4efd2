"""Explore's levers: planner's units converted exactly, and a loaded scenario left as loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.experiments.scenario import load_base, load_scenario
from sim.shipped import calibration_dir
from sim.ui import inputs, state
from sim.ui.inputs import EXPLORE_INPUTS, LEVERS, apply, value_of

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = [ROOT / "scenarios" / f"{n}.toml" for n in state.SHIPPED]
SLIDERS = [lever for lever in EXPLORE_INPUTS if lever.lo is not None]


@pytest.fixture
def shipped_loaded():
    before = state.session.value
    state.load(load_scenario(SHIPPED[0]))
    yield state.scenario()
    state.session.set(before)


@pytest.mark.parametrize("p", [0.0, 0.00218889, 0.004, 0.05, 0.2])
def test_turnover_per_year_converts_to_the_weekly_probability_and_back_exactly(p):
    pct = inputs.weekly_to_yearly_pct(p)
    assert inputs.yearly_pct_to_weekly(pct) == pytest.approx(p, rel=1e-12, abs=1e-15)
    assert pct == pytest.approx(100 * (1 - (1 - p) ** 52))


def test_the_calibrated_turnover_reads_as_about_eleven_percent_a_year():
    assert inputs.LEVERS["caseworkers.p_leave"].shown(0.00218889) == 10.8


def test_showing_a_loaded_scenario_writes_nothing_back(shipped_loaded):
    """A slider reports its position when drawn; that must not round a calibrated value."""
    before = state.scenario().params
    for lever in SLIDERS:
        apply(lever, lever.shown(inputs.current(lever.key)))
    assert state.scenario().params == before
    assert state.changed_keys() == []
    fitted = load_base(calibration_dir() / "fitted.toml").caseworkers.p_leave
    assert round(fitted, 4) != fitted, "the fit has more digits than a slider shows"
    assert before.caseworkers.p_leave == fitted, "the fitted value, not a rounded one"


def test_a_moved_lever_is_marked_and_its_reset_restores_the_loaded_value_exactly(shipped_loaded):
    loaded = state.scenario().params
    turnover = LEVERS["caseworkers.p_leave"]
    apply(turnover, 25.0)
    assert state.changed_keys() == ["caseworkers.p_leave"]
    assert 1 - (1 - state.scenario().params.caseworkers.p_leave) ** 52 == pytest.approx(0.25)
    # typing back the value the field showed for the loaded scenario restores it exactly
    apply(turnover, turnover.shown(loaded.caseworkers.p_leave))
    assert state.scenario().params == loaded
    apply(LEVERS["caseworkers.caseload"], 60)
    apply(LEVERS["interventions.capacity_company"], 20)
    assert set(state.changed_keys()) == {
        "caseworkers.caseload",
        "interventions.capacity_company",
    }
    state.reset_levers()
    assert state.scenario().params == loaded and state.changed_keys() == []


def test_a_whole_number_parameter_gets_a_whole_number(shipped_loaded):
    apply(LEVERS["caseworkers.caseload"], 59.6)
    assert state.scenario().params.caseworkers.caseload == 60
    assert isinstance(state.scenario().params.caseworkers.caseload, int)


def test_a_value_beyond_the_sliders_range_widens_the_range_instead_of_being_clamped(
    shipped_loaded,
):
    state.set_value("interventions.capacity_company", 55.0)  # the slider's own range ends at 40
    lo, hi = inputs.slider_range(LEVERS["interventions.capacity_company"])
    assert lo <= 55.0 <= hi
    assert value_of(state.scenario().params, "interventions.capacity_company") == 55.0


def test_a_value_the_model_refuses_is_explained_in_danish_and_not_applied(shipped_loaded):
    before = state.scenario().params
    apply(LEVERS["caseworkers.p_leave"], 100.0)  # every caseworker gone within the year
    assert state.scenario().params == before
    message = state.error("da")
    assert "p_leave" in message and "et tal fra 0 til 0,2" in message, message
    assert "a number" not in message
