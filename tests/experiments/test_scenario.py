"""Scenario files: shipped ones are valid and study-sized; bad ones fail with a clear message."""

from pathlib import Path

import pytest

from sim.experiments.scenario import (
    CALIBRATION_FOLDER,
    ScenarioError,
    load_base,
    load_scenario,
    parse_scenario,
)

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
SHIPPED = ("status_quo", "staircase", "parallel", "parallel_phase_sensitive", "none")


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenarios_are_valid_and_sized_like_the_study(name):
    s = load_scenario(SCENARIOS / f"{name}.toml")
    assert s.name == name and s.params.strategy.name == name
    assert s.params.population.n_citizens == 4000, "BIP followed about 4,000 citizens (P1)"
    assert s.params.run.weeks == 208, "four years of follow-up"


def test_written_scenarios_load_back_to_the_same_parameters(tmp_path):
    s = load_scenario(SCENARIOS / "parallel.toml")
    path = tmp_path / "copy.toml"
    path.write_text(s.to_toml())
    again = load_scenario(path)
    assert again.params == s.params and again.name == s.name


GOOD_META = '[meta]\nname = "t"\n'


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        (GOOD_META + "[caseworkers]\ncaseload = 500\n", "[caseworkers] caseload", "5 to 300"),
        (GOOD_META + '[caseworkers]\ncaseload = "many"\n', "caseload", "whole number"),
        (GOOD_META + "[dynamics]\np_job_ready = nan\n", "p_job_ready", "0 to 0.5"),
        (GOOD_META + "[dynamics]\np_job_ready = inf\n", "p_job_ready", "0 to 0.5"),
        (GOOD_META + "[population]\nn_citizens = -4\n", "n_citizens", "10 to 1e+06"),
        (GOOD_META + "[population]\nn_citizens = 10000000000\n", "n_citizens", "10 to 1e+06"),
        (GOOD_META + "[population]\ncitizens = 40\n", "citizens", "valid keys"),
        (GOOD_META + "[caseworker]\ncaseload = 40\n", "[caseworker]", "valid sections"),
        (GOOD_META + '[strategy]\nname = "ladder"\n', "[strategy] name", "one of"),
        (GOOD_META + "strategy = 3\n", "[meta] strategy", "valid keys in [meta]"),
        (GOOD_META + "population = 3\n", "[meta] population", "valid keys"),
        ("[population]\nn_citizens = 100\n", "[meta]", "missing section"),
        ("", "[meta]", "missing section"),
        ("[meta\nname=", "(file)", "not valid TOML"),
        (GOOD_META + "[caseworkers]\ncaseload = 130\ncaseload_cap = 100\n", "caseload", "cap"),
    ],
)
def test_bad_scenarios_name_the_file_the_key_and_what_is_allowed(text, key, fragment):
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, "bad.toml")
    message = str(err.value)
    assert message.startswith("bad.toml: "), message
    assert key in message and fragment in message, message


def test_non_utf8_bytes_are_reported_not_crashed_on():
    with pytest.raises(ScenarioError, match="not UTF-8"):
        parse_scenario(b'[meta]\nname = "\xff\xfe"\n', "latin.toml")


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(ScenarioError, match="does not exist"):
        load_scenario(tmp_path / "nope.toml")


def test_shipped_scenarios_run_on_the_calibrated_parameters():
    import tomllib

    fitted = tomllib.loads((SCENARIOS.parent / "calibration" / "fitted.toml").read_text())
    for name in SHIPPED:
        params = load_scenario(SCENARIOS / f"{name}.toml").params
        for group in ("caseworkers", "dynamics", "strategy"):
            for key, value in fitted.get(group, {}).items():
                got = params.get(f"{group}.{key}")
                assert got == value, f"{name}: {group}.{key} is {got}, the fit says {value}"


def test_a_scenario_value_overrides_its_base(tmp_path):
    (tmp_path / "base.toml").write_text("[dynamics]\np_job_ready = 0.01\np_education = 0.002\n")
    path = tmp_path / "s.toml"
    path.write_text(GOOD_META + 'base = "base.toml"\n[dynamics]\np_job_ready = 0.02\n')
    d = load_scenario(path).params.dynamics
    assert (d.p_job_ready, d.p_education) == (0.02, 0.002)


@pytest.mark.parametrize(
    ("base_text", "fragment"),
    [
        (None, "no such file"),
        ("[dynamics]\np_job_ready = 7\n", "0 to 0.5"),
        ("[surprise]\nx = 1\n", "not a Fremdrift scenario file"),
        ('[meta]\nbase = "other.toml"\n', "its base 'other.toml': no such file"),
        ('[meta]\nbase = "base.toml"\n', "its base 'base.toml': the chain of bases comes back"),
    ],
)
def test_a_bad_base_is_named_in_the_error(tmp_path, base_text, fragment):
    if base_text is not None:
        (tmp_path / "base.toml").write_text(base_text)
    path = tmp_path / "s.toml"
    path.write_text(GOOD_META + 'base = "base.toml"\n')
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert fragment in str(err.value)
    assert "surprise" not in str(err.value), "an error about a base never quotes its contents"


def test_a_base_may_have_a_base_and_the_nearer_one_wins(tmp_path):
    (tmp_path / "far.toml").write_text("[dynamics]\np_job_ready = 0.01\np_education = 0.002\n")
    (tmp_path / "near.toml").write_text(
        '[meta]\nbase = "far.toml"\n[dynamics]\np_job_ready = 0.03\n'
    )
    path = tmp_path / "s.toml"
    path.write_text(GOOD_META + 'base = "near.toml"\n[caseworkers]\ncaseload = 60\n')
    params = load_scenario(path).params
    assert (params.dynamics.p_job_ready, params.dynamics.p_education) == (0.03, 0.002)
    assert params.caseworkers.caseload == 60


@pytest.mark.parametrize(("n_bases", "loads"), [(4, True), (5, False)])
def test_a_chain_of_bases_may_be_four_long(tmp_path, n_bases, loads):
    for k in range(n_bases - 1):
        (tmp_path / f"b{k}.toml").write_text(f'[meta]\nbase = "b{k + 1}.toml"\n')
    (tmp_path / f"b{n_bases - 1}.toml").write_text("[dynamics]\np_job_ready = 0.01\n")
    path = tmp_path / "s.toml"
    path.write_text(GOOD_META + 'base = "b0.toml"\n')
    if loads:
        assert load_scenario(path).params.dynamics.p_job_ready == 0.01
    else:
        with pytest.raises(ScenarioError, match="chained at most 4 deep"):
            load_scenario(path)


def test_a_loop_of_bases_is_refused_and_a_deeper_base_is_named_without_its_folder(tmp_path):
    (tmp_path / "x.toml").write_text('[meta]\nbase = "y.toml"\n')
    (tmp_path / "y.toml").write_text('[meta]\nbase = "x.toml"\n')
    path = tmp_path / "s.toml"
    path.write_text(GOOD_META + 'base = "x.toml"\n')
    with pytest.raises(ScenarioError, match="comes back to itself"):
        load_scenario(path)
    secret = tmp_path / "private" / "deep"
    (tmp_path / "y.toml").write_text(f'[meta]\nbase = "{secret}/fit.toml"\n')
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert "'fit.toml'" in str(err.value) and "private" not in str(err.value)


def test_a_shipped_scenario_or_the_fit_can_be_named_as_a_base_from_anywhere(tmp_path):
    """What a user of the installed package writes: they cannot know where its files are."""
    on_fit = tmp_path / "on_fit.toml"
    on_fit.write_text(GOOD_META + 'base = "fitted"\n[population]\nn_citizens = 4000\n')
    fit = load_base(CALIBRATION_FOLDER / "fitted.toml")
    assert load_scenario(on_fit).params == fit.with_values(**{"population.n_citizens": 4000})
    on_shipped = tmp_path / "lower_caseload.toml"
    on_shipped.write_text(GOOD_META + 'base = "status_quo"\n[caseworkers]\ncaseload = 60\n')
    got = load_scenario(on_shipped).params
    assert got == load_scenario("status_quo").params.with_values(**{"caseworkers.caseload": 60})
    for bad in ("status-quo", "fitted.toml"):
        on_shipped.write_text(GOOD_META + f'base = "{bad}"\n')
        with pytest.raises(ScenarioError):
            load_scenario(on_shipped)


def test_text_without_a_folder_reads_its_relative_base_from_the_folder_it_is_given(
    tmp_path, monkeypatch
):
    """An upload has no folder of its own: its base is found where it is told, never in the
    working directory of the process reading it."""
    shipped = SCENARIOS / "parallel.toml"
    monkeypatch.chdir(tmp_path)
    text = shipped.read_bytes()
    got = parse_scenario(text, "parallel.toml", base_dir=shipped.parent)
    assert got.params == load_scenario(shipped).params
    # Without a folder it is read from the shipped scenarios too, not the working directory.
    assert parse_scenario(text, "parallel.toml").params == got.params
