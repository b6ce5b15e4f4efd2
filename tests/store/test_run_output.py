"""The run folder: five outputs in the agreed shape, byte-identical for the same seed."""

import hashlib
import json

import pandas as pd
import pytest

from sim.core import simulate
from sim.experiments.scenario import Scenario
from sim.store import OutputExistsError, write_run
from tests.conftest import small

FILES = (
    "weekly.parquet",
    "events.parquet",
    "panel.parquet",
    "caseworkers.parquet",
    "metadata.json",
)


@pytest.fixture(scope="module")
def scenario():
    return Scenario("tiny", "a small test scenario", small(300, 53))


def digests(folder):
    """Hashes of every file, with metadata.json's one time-dependent block (provenance) left
    out: the rest of the run folder is byte-identical for the same seed."""
    out = {f: hashlib.sha256((folder / f).read_bytes()).hexdigest() for f in FILES}
    meta = json.loads((folder / "metadata.json").read_text())
    meta.pop("provenance")
    out["metadata.json"] = hashlib.sha256(json.dumps(meta, sort_keys=True).encode()).hexdigest()
    return out


def test_the_same_seed_writes_identical_files(tmp_path, scenario):
    write_run(simulate(scenario.params, 5), scenario, tmp_path / "a")
    write_run(simulate(scenario.params, 5), scenario, tmp_path / "b")
    assert digests(tmp_path / "a") == digests(tmp_path / "b")


def test_tables_have_the_agreed_columns(tmp_path, scenario):
    out = write_run(simulate(scenario.params, 6), scenario, tmp_path / "run")
    weekly = pd.read_parquet(out / "weekly.parquet")
    assert {"week", "n_benefit", "n_job", "n_progress", "new_job"} <= set(weekly.columns)
    assert len(weekly) == 54
    events = pd.read_parquet(out / "events.parquet")
    assert list(events.columns) == ["week", "citizen_id", "event", "value"]
    assert set(events["event"].unique()) >= {"status", "phase", "intervention_start"}
    panel = pd.read_parquet(out / "panel.parquet")
    for col in (
        "citizen_id",
        "week",
        "status",
        "phase",
        "job_search",
        "belief",
        "caseworker_id",
        "n_caseworker_changes",
        "company",
        "upskilling",
        "health",
        "social",
    ):
        assert col in panel.columns, col
    assert sorted(panel["week"].unique()) == [0, 13, 26, 39, 52]
    cw = pd.read_parquet(out / "caseworkers.parquet")
    assert {
        "caseworker_id",
        "caseload",
        "n_citizens_ever",
        "n_to_job",
        "n_to_education",
        "left_week",
    } <= set(cw.columns)
    meta = json.loads((out / "metadata.json").read_text())
    assert meta["scenario"]["name"] == "tiny" and meta["versions"]["mesa"].startswith("3.5")
    assert meta["params"]["population"]["n_citizens"] == 300
    prov = meta["provenance"]
    assert prov["created_utc"].endswith("Z") and prov["command_line"]
    assert prov["git_commit"] is None or len(prov["git_commit"]) == 40


def test_an_existing_folder_is_not_overwritten_unless_asked(tmp_path, scenario):
    out = tmp_path / "run"
    write_run(simulate(scenario.params, 1), scenario, out)
    before = digests(out)
    with pytest.raises(OutputExistsError):
        write_run(simulate(scenario.params, 2), scenario, out)
    assert digests(out) == before, "a refused write must leave the old results untouched"
    write_run(simulate(scenario.params, 2), scenario, out, overwrite=True)
    assert digests(out) != before
    assert not list(tmp_path.glob(".*partial")), "no temporary folders are left behind"
