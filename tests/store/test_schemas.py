"""Every file the tools write has its declared schema, docs/data.md says what that schema is,
and the readers analysts use (pandas, pyarrow, polars, duckdb) read the files alike."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from scripts.data_doc import DOC, render
from sim.cli import main
from sim.core import simulate
from sim.core.kinds import DEFAULT_KIND_NAMES
from sim.experiments.scenario import Scenario
from sim.store import schemas, write_run
from sim.store.sweep_store import LOCK_NAME, FolderLock
from tests.conftest import small
from tests.experiments.sweep_files import sweep_text

# the module's tests share a costly fixture: one worker builds it for all of them
pytestmark = pytest.mark.xdist_group("schemas")


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    scenario = Scenario("tiny", "", small(200, 27))
    return write_run(simulate(scenario.params, 3), scenario, tmp_path_factory.mktemp("r") / "r")


def test_the_data_document_is_generated_from_the_schemas():
    assert DOC.read_text() == render(), "run: .venv/bin/python scripts/data_doc.py --write"


@pytest.mark.parametrize("table", list(schemas.RUN_TABLES))
def test_each_run_table_is_written_with_its_declared_schema(run_folder, table):
    written = pq.read_schema(run_folder / f"{table}.parquet").remove_metadata()
    declared = schemas.schema(table, DEFAULT_KIND_NAMES)
    assert written.equals(declared), f"{table}: {written} != {declared}"


@pytest.mark.parametrize("table", list(schemas.RUN_TABLES))
def test_pandas_pyarrow_polars_and_duckdb_read_the_same_rows(run_folder, table):
    import duckdb
    import pandas as pd
    import polars as pl

    path = run_folder / f"{table}.parquet"
    n = len(pd.read_parquet(path))
    assert pq.read_table(path).num_rows == n
    assert pl.read_parquet(path).height == n
    assert duckdb.sql(f"select count(*) from '{path}'").fetchall()[0][0] == n
    if table == "weekly":
        jobs = duckdb.sql(f"select sum(new_job) from '{path}'").fetchall()[0][0]
        assert (
            jobs == pl.read_parquet(path)["new_job"].sum() == pd.read_parquet(path)["new_job"].sum()
        )


# -- The sweep and comparison folders --------------------------------------------------------

SWEEP_FACTORS = {
    "caseworkers.caseload": "[45, 82]",  # an integer parameter
    "employers.p_seek_fit": "[0, 1]",  # a float parameter, listed as whole numbers
    "strategy.name": '["staircase", "parallel"]',  # a text parameter
}


@pytest.fixture(scope="module")
def sweep_folder(tmp_path_factory):
    """A 60-week sweep: long enough for the 1-year outcomes, too short for the 2-year ones."""
    tmp = tmp_path_factory.mktemp("sweep")
    path = tmp / "s.toml"
    path.write_text(sweep_text(tmp, replicates=2, factors=SWEEP_FACTORS))
    out = tmp / "o"
    args = ["sweep", str(path), "--out", str(out), "--citizens", "100", "--weeks", "60"]
    assert main([*args, "--workers", "1"]) == 0
    return out


@pytest.fixture(scope="module")
def comparison_folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("compare") / "c"
    args = ["compare", "staircase", "parallel", "--replicates", "2", "--citizens", "100"]
    assert main([*args, "--weeks", "60", "--workers", "1", "--out", str(out)]) == 0
    return out


def test_the_sweep_files_are_written_with_their_declared_schemas(sweep_folder):
    for table, declared in (
        ("runs", schemas.sweep_runs_schema()),
        ("weekly", schemas.sweep_weekly_schema()),
    ):
        for part in (sweep_folder / table).glob("part-*.parquet"):
            written = pq.read_schema(part).remove_metadata()
            assert written.equals(declared, check_metadata=True), f"{part}: {written}"
    types = {"caseworkers.caseload": pa.int64(), "employers.p_seek_fit": pa.float64()}
    declared = schemas.design_schema({**types, "strategy.name": pa.string()})
    written = pq.read_schema(sweep_folder / "design.parquet").remove_metadata()
    assert written.equals(declared), f"design.parquet: {written} != {declared}"


def test_a_sweeps_runs_hold_keys_and_outcomes_and_design_parquet_the_parameters(sweep_folder):
    runs = pd.read_parquet(sweep_folder / "runs")
    design = pd.read_parquet(sweep_folder / "design.parquet")
    assert not [c for c in runs.columns if "." in c], "no parameter column in runs"
    assert list(runs.columns[:5]) == ["run_id", "point_id", "replicate", "seed", "error"]
    joined = runs.merge(design, on=["run_id", "point_id", "replicate", "seed"])
    assert len(joined) == len(runs) == len(design), "every run joins to its design row"
    assert set(joined["strategy.name"]) == {"staircase", "parallel"}


def test_an_outcome_past_the_runs_horizon_is_null_and_its_file_says_which_horizon(sweep_folder):
    runs = pd.read_parquet(sweep_folder / "runs")
    assert runs["share_job_1y"].notna().all(), "a 60-week run has a 1-year value"
    assert runs["share_job_2y"].isna().all() and runs["share_job_4y"].isna().all(), (
        "a 60-week run has no 2- or 4-year value, not one from another week"
    )
    schema = pq.read_schema(next((sweep_folder / "runs").glob("part-*.parquet")))
    assert schema.field("share_job_2y").metadata[schemas.HORIZON_KEY] == b"104"
    assert schema.field("share_ever_job").metadata is None, "a whole-run outcome has no horizon"
    assert "**Needs a run of at least 104 weeks**" in DOC.read_text()


def test_the_comparison_files_are_written_with_their_declared_schemas(comparison_folder):
    for table in ("runs", "weekly", "differences"):
        written = pq.read_schema(comparison_folder / f"{table}.parquet").remove_metadata()
        declared = schemas.comparison_schema(table)
        assert written.equals(declared, check_metadata=True), f"{table}: {written}"
    runs = pd.read_parquet(comparison_folder / "runs.parquet")
    assert not [c for c in runs.columns if "." in c], "parameters are in metadata.json only"


def test_every_metadata_json_has_exactly_the_declared_keys(
    run_folder, sweep_folder, comparison_folder
):
    for folder, declared in (
        (run_folder, schemas.RUN_METADATA),
        (sweep_folder, schemas.SWEEP_METADATA),
        (comparison_folder, schemas.COMPARISON_METADATA),
    ):
        written = json.loads((folder / "metadata.json").read_text())
        assert set(written) == {k.name for k in declared}, f"{folder.name}: docs/data.md is stale"


def test_the_lock_file_holds_the_declared_keys_while_a_sweep_writes(tmp_path):
    lock = FolderLock(tmp_path).acquire()
    try:
        held = json.loads((tmp_path / LOCK_NAME).read_text())
    finally:
        lock.release()
    assert set(held) == {k.name for k in schemas.LOCK_FILE}
    assert (tmp_path / LOCK_NAME).read_text() == "", "an unheld lock file is empty"
