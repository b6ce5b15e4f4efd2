"""Sweep files and scenario files reject bad input with a clear message, never a crash."""

import re
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.cli import main
from sim.experiments.scenario import ScenarioError
from sim.experiments.sweep import make_plan
from sim.experiments.sweepfile import load_sweep
from tests.experiments.sweep_files import ROOT, sweep_text


def test_the_shipped_sweeps_are_valid():
    for path in sorted((ROOT / "scenarios" / "sweeps").glob("*.toml")):
        plan = make_plan(load_sweep(path))
        assert len(plan.specs) > 0


@pytest.mark.parametrize(
    ("factors", "fragment"),
    [
        ({"caseworkers.p_leav": "[0.1]"}, "no such parameter"),
        ({"caseworker.p_leave": "[0.1]"}, "group.parameter"),
        ({"caseworkers.p_leave": "[0.9]"}, "0 to 0.2"),
        ({"caseworkers.p_leave": "{ low = 0.01, high = 0.001, levels = 2 }"}, "above low"),
        ({"caseworkers.p_leave": "{ low = 0.01, high = 0.02 }"}, "needs levels"),
        ({"caseworkers.p_leave": "{ low = 0.01 }"}, "a range is"),
        ({"caseworkers.p_leave": "7"}, "either a list"),
        ({"strategy.name": "{ low = 0, high = 1, levels = 2 }"}, "by listing values"),
        ({"caseworkers.caseload": "[130]"}, "design point 0"),
    ],
)
def test_bad_factors_are_reported_with_file_and_key(tmp_path, factors, fragment):
    path = tmp_path / "bad.toml"
    path.write_text(sweep_text(tmp_path, factors=factors))
    with pytest.raises(ScenarioError) as err:
        make_plan(load_sweep(path))
    assert str(err.value).startswith(str(path)) and fragment in str(err.value), str(err.value)


def test_a_design_point_breaking_a_combination_rule_is_named(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(sweep_text(tmp_path, factors={"caseworkers.caseload": "[82, 125]"}))
    with pytest.raises(ScenarioError, match=r"design point 1 \(caseworkers.caseload = 125\)"):
        make_plan(load_sweep(path))


def test_a_sweep_names_a_shipped_scenario_as_its_base_but_not_the_fit(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(sweep_text(tmp_path, base="status_quo"))
    assert load_sweep(path).base.params.strategy.name == "status_quo"
    path.write_text(sweep_text(tmp_path, base="fitted"))
    with pytest.raises(ScenarioError, match="a sweep's base is a scenario"):
        load_sweep(path)


def test_a_bad_base_scenario_is_reported_as_the_base(tmp_path):
    base = tmp_path / "base.toml"
    base.write_text('[meta]\nname = "b"\n[run]\nweeks = 0\n')
    path = tmp_path / "s.toml"
    path.write_text(sweep_text(tmp_path, base=str(base)))
    with pytest.raises(ScenarioError) as err:
        load_sweep(path)
    message = str(err.value)
    assert message.startswith(f"{path}: [meta] base"), message
    assert "its [run] weeks" in message and "1 to 2080" in message, message
    assert "= 0" not in message, "an error about a base never quotes its values"


# -- malformed files of every kind, through the real command ------------------------------

SCENARIO_SECTIONS = [
    "meta",
    "population",
    "caseworkers",
    "strategy",
    "dynamics",
    "run",
    "design",
    "factors",
    "bogus",
]
KEYS = [
    "name",
    "n_citizens",
    "caseload",
    "p_leave",
    "weeks",
    "seed",
    "kind",
    "base",
    "replicates",
    "samples",
    '"caseworkers.p_leave"',
    "nonsense",
]
VALUES = st.one_of(
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(
        lambda x: (
            "nan"
            if x != x
            else ("inf" if x == float("inf") else "-inf" if x == float("-inf") else repr(x))
        )
    ),
    st.sampled_from(
        [
            '"status_quo"',
            '"grid"',
            '"sobol"',
            "true",
            "[]",
            "[1, 2]",
            "{}",
            "{ low = 1, high = 0 }",
            '"../status_quo.toml"',
            '""',
        ]
    ),
)


@st.composite
def toml_documents(draw):
    sections = draw(st.lists(st.sampled_from(SCENARIO_SECTIONS), max_size=5, unique=True))
    lines = []
    for section in sections:
        lines.append(f"[{section}]")
        for key in draw(st.lists(st.sampled_from(KEYS), max_size=4, unique=True)):
            lines.append(f"{key} = {draw(VALUES)}")
    text = "\n".join(lines) + "\n"
    return text.encode()


@st.composite
def raw_bytes(draw):
    kind = draw(st.sampled_from(["binary", "broken_toml", "empty"]))
    if kind == "binary":
        return draw(st.binary(min_size=1, max_size=60)) + b"\xff\xfe"
    if kind == "broken_toml":
        return draw(st.text(string.printable, max_size=60)).encode() + b"\n[[[="
    return b""


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.one_of(toml_documents(), raw_bytes()))
def test_malformed_files_get_exit_2_and_a_message_naming_the_file(tmp_path, capsys, data):
    path = tmp_path / "input.toml"
    path.write_bytes(data)
    code = main(["validate", str(path)])
    out, err = capsys.readouterr()
    if code == 0:  # a random document can be valid; then it must say so
        assert out.startswith(f"valid {path}")
        return
    assert code == 2, (data, out, err)
    # "invalid FILE: KEY ...: what is allowed", where KEY is "(file)" for a file that cannot
    # be read as TOML at all, a [section], a [section] key, or a design point.
    key = r"(\(file\)|\[\w+\]|design point \d+)"
    assert re.match(rf"invalid {re.escape(str(path))}: {key}", err), err
    assert "Traceback" not in err
