"""Every table is written with its declared schema, docs/data.md says what that schema is, and
the readers analysts use (pandas, pyarrow, polars, duckdb) read the files alike."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from scripts.data_doc import DOC, render
from sim.core import simulate
from sim.experiments.scenario import Scenario
from sim.store import schemas, write_run
from tests.conftest import small


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    scenario = Scenario("tiny", "", small(200, 27))
    return write_run(simulate(scenario.params, 3), scenario, tmp_path_factory.mktemp("r") / "r")


def test_the_data_document_is_generated_from_the_schemas():
    assert DOC.read_text() == render(), "run: .venv/bin/python scripts/data_doc.py --write"


@pytest.mark.parametrize("table", list(schemas.RUN_TABLES))
def test_each_run_table_is_written_with_its_declared_schema(run_folder, table):
    written = pq.read_schema(run_folder / f"{table}.parquet").remove_metadata()
    declared = schemas.schema(table, ("company", "upskilling", "health", "social"))
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
