"""Uploading a scenario: every shipped one works, wherever the server was started, and a bad
one is explained in the page's language without the server's paths."""

from __future__ import annotations

import pytest

from sim.experiments.scenario import load_base, load_scenario
from sim.shipped import calibration_dir
from sim.ui import state

SHIPPED = [state.SCENARIOS / f"{n}.toml" for n in state.SHIPPED]


@pytest.fixture
def session():
    before = state.session.value
    yield
    state.session.set(before)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_scenario_uploads_as_it_loads_from_disk(path, session, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the server's folder has no calibration/ beside it
    state.load_upload(path.name, path.read_bytes())
    assert state.error("da") == ""
    assert state.scenario().params == load_scenario(path).params
    fitted = load_base(calibration_dir() / "fitted.toml").caseworkers.p_leave
    assert state.scenario().params.caseworkers.p_leave == fitted, "the fitted values"
    assert state.changed_keys() == [], "an upload is the new reference for the levers"


def test_a_missing_base_is_named_by_its_file_name_only(session):
    before = state.scenario()
    data = b'[meta]\nname = "x"\nbase = "nowhere/fit.toml"\n'
    state.load_upload("mine.toml", data)
    assert state.scenario() == before, "nothing changes"
    for lang, words in (
        ("da", "den fil findes ikke"),
        ("en", "no such file"),
    ):
        message = state.error(lang)
        assert message.startswith("Filen mine.toml" if lang == "da" else "The file mine.toml")
        assert words in message, message
        assert str(state.SCENARIOS.parent) not in message and "/nowhere" not in message, message


def test_a_broken_file_is_explained_in_danish(session):
    state.load_upload("bad.toml", b"[meta\nname = 1")
    message = state.error("da")
    assert message.startswith("Filen bad.toml: er ikke gyldig TOML"), message
    state.load_upload("bad.toml", b'[meta]\nname = "x"\n[caseworkers]\nbogus = 1\n')
    assert "ukendt nøgle; gyldige nøgler i [caseworkers]" in state.error("da")


def test_a_file_over_one_megabyte_is_refused_before_it_is_read(session):
    before = state.scenario()
    state.load_upload("huge.toml", b"#" * (state.MAX_UPLOAD_BYTES + 1))
    assert state.scenario() == before
    assert "1 MB" in state.error("da") and "mere end 1 MB" in state.error("da")
    assert "larger than 1 MB" in state.error("en")


def test_a_base_outside_the_allowed_folders_is_refused_in_the_pages_language(session):
    before = state.scenario()
    state.load_upload("mine.toml", b'[meta]\nname = "x"\nbase = "../../etc/x.toml"\n')
    assert state.scenario() == before, "nothing changes"
    assert "en base skal være en .toml-fil" in state.error("da")
    assert "a base must be a .toml file" in state.error("en")
    assert "/etc" not in state.error("en")


def test_an_upload_builds_on_a_shipped_scenario_by_name(session):
    text = b'[meta]\nname = "lower"\nbase = "status_quo"\n[caseworkers]\ncaseload = 60\n'
    state.load_upload("lower.toml", text)
    assert state.error("da") == ""
    want = load_scenario("status_quo").params.with_values(**{"caseworkers.caseload": 60})
    assert state.scenario().params == want


def test_an_uploads_name_never_opens_a_folder_on_the_server(session, tmp_path):
    """The name is the sender's to choose: one that is a path here must not make its folder
    a place bases may be read from."""
    (tmp_path / "secret.toml").write_text("[dynamics]\np_job_ready = 0.02\n")
    named_as = str(tmp_path / "anything.toml")
    (tmp_path / "anything.toml").write_text("")
    state.load_upload(named_as, f'[meta]\nname = "x"\nbase = "{tmp_path}/secret.toml"\n'.encode())
    assert state.error("en") != "", "refused"
    assert "base must be" in state.error("en")


def test_a_chain_of_bases_is_explained_in_danish():
    from sim.experiments.scenario import ScenarioError
    from sim.ui.errors import explain

    inner = "a base must be a .toml file in the scenario's own folder"
    for allowed, words in (
        (f"its base 'fit.toml': {inner}", "dens base 'fit.toml': en base skal være"),
        ("its base 'y.toml': the chain of bases comes back to itself", "løber i ring"),
        ("bases may be chained at most 4 deep", "en kæde af baser må højst have 4 led"),
    ):
        shown = explain(ScenarioError("up.toml", "[meta] base", "x.toml", allowed), "da")
        assert words in shown, shown
