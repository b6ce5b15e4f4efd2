"""Claims about the parameter schema: closed, validated, self-describing, round-trippable."""

import dataclasses
import math

import numpy as np
import pytest

from sim.core.params import GROUPS, ParamError, Params, iter_fields


def test_every_parameter_carries_unit_bounds_labels_and_description():
    for group, f in iter_fields():
        m = f.metadata
        where = f"{group}.{f.name}"
        assert m["unit"] and m["en"] and m["da"] and m["desc"], f"{where} lacks metadata"
        if m["choices"] is None:
            assert m["lo"] is not None and m["hi"] is not None, f"{where} lacks bounds"
            assert m["lo"] <= f.default <= m["hi"], f"{where} default outside its own bounds"
        else:
            assert f.default in m["choices"], f"{where} default is not one of its choices"


def test_probabilities_per_week_are_bounded_by_one():
    for group, f in iter_fields():
        if f.metadata["unit"].startswith("probability"):
            assert f.metadata["lo"] >= 0 and f.metadata["hi"] <= 1, f"{group}.{f.name}"


def test_dict_round_trip_gives_equal_params():
    p = Params().with_values(**{"caseworkers.p_leave": 0.01, "strategy.name": "parallel"})
    assert Params.from_dict(p.to_dict()) == p


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("caseworkers.caseload", 500, "from 5 to 300"),
        ("caseworkers.caseload", 80.5, "whole number"),
        ("caseworkers.caseload", True, "whole number"),
        ("dynamics.p_job_ready", math.nan, "from 0 to 0.5"),
        ("dynamics.p_job_ready", math.inf, "from 0 to 0.5"),
        ("dynamics.p_job_ready", "high", "from 0 to 0.5"),
        ("strategy.name", "ladder", "one of 'status_quo'"),
    ],
)
def test_bad_values_are_rejected_naming_key_value_and_range(key, value, fragment):
    with pytest.raises(ParamError) as err:
        Params().with_values(**{key: value})
    message = str(err.value)
    assert key.split(".")[1] in message and fragment in message, message


def test_unknown_keys_list_the_valid_ones():
    with pytest.raises(ParamError) as err:
        Params.from_dict({"caseworkers": {"casload": 50}})
    assert "casload" in str(err.value) and "caseload_cap" in str(err.value)


def test_caseload_above_cap_is_an_impossible_combination():
    with pytest.raises(ParamError, match="caseload_cap"):
        Params().with_values(**{"caseworkers.caseload": 130, "caseworkers.caseload_cap": 120})


def test_belief_thresholds_must_fall_from_yes_to_doubtful():
    with pytest.raises(ParamError, match="belief_cut_maybe"):
        Params().with_values(**{"caseworkers.belief_cut_maybe": 1.5})


def test_start_phase_shares_cannot_exceed_the_cohort():
    with pytest.raises(ParamError, match="add up to at most 1"):
        Params().with_values(**{"population.share_start_progress": 0.9})


def test_groups_are_frozen():
    p = Params()
    for name in GROUPS:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(getattr(p, name), dataclasses.fields(GROUPS[name])[0].name, 1)


def test_a_parameter_group_built_directly_is_validated():
    from sim.core.params import PopulationParams, StrategyParams

    with pytest.raises(ParamError, match=r"\[population\] n_citizens"):
        PopulationParams(n_citizens=-5)
    with pytest.raises(ParamError, match=r"\[strategy\] name = 'stepladder'"):
        dataclasses.replace(StrategyParams(), name="stepladder")


def test_numpy_scalars_are_accepted_wherever_plain_numbers_are():
    p = Params().with_values(
        **{
            "caseworkers.caseload": np.int64(48),
            "caseworkers.p_leave": np.float32(0.004),
            "interventions.capacity_company": np.int32(12),
            "strategy.name": np.str_("parallel"),
        }
    )
    assert p.caseworkers.caseload == 48 and type(p.caseworkers.caseload) is int
    assert type(p.caseworkers.p_leave) is float
    assert p.interventions.kind("company").capacity == 12.0
    assert p.get("interventions.capacity_company") == 12.0
    assert p.strategy.name == "parallel"


def test_double_underscore_names_work_like_dotted_ones():
    a = Params().with_values(**{"caseworkers.caseload": 60})
    b = Params().with_values(caseworkers__caseload=60)
    assert a == b
