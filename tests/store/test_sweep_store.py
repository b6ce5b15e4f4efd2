"""The sweep store under concurrency and crashes: one writer at a time, resumable from any
moment of its creation, one fixed schema per table, failed runs retried on request."""

import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pyarrow.parquet as pq
import pytest

from sim.cli import main
from sim.experiments.executors import InProcess
from sim.experiments.sweep import make_plan
from sim.experiments.sweepfile import load_sweep
from sim.store.sweep_run import plan_metadata, run_plan
from sim.store.sweep_store import LOCK_NAME, SweepLockedError, SweepStore
from tests.experiments.sweep_files import ROOT, sweep_text

FACTORS = {"caseworkers.caseload": "[45, 82]", "strategy.name": '["staircase", "parallel"]'}
SIZE = ["--citizens", "100", "--weeks", "5"]


@pytest.fixture
def sweep_file(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(sweep_text(tmp_path, kind="grid", replicates=3, factors=FACTORS))
    return path


def reference(sweep_file, out, **size):
    plan = make_plan(load_sweep(sweep_file), **size)
    with InProcess() as ex:
        run_plan(plan, out, ex)
    return SweepStore(out)


def test_a_second_writer_is_refused_with_the_holders_pid_while_the_first_runs(sweep_file, tmp_path):
    plan = make_plan(load_sweep(sweep_file), citizens=100, weeks=5)
    out = tmp_path / "o"
    first = SweepStore.open(out, plan_metadata(plan), plan.design_table())
    try:
        locked = pytest.raises(SweepLockedError, match=rf"PID {os.getpid()}\b.*started")
        with locked, InProcess() as ex:
            run_plan(plan, out, ex, resume=True)
    finally:
        first.close()
    with InProcess() as ex:
        report = run_plan(plan, out, ex, resume=True)
    assert report.n_ran == len(plan.specs), "once the first writer is gone, a resume goes ahead"


def test_a_lock_left_by_a_killed_sweep_is_taken_over(sweep_file, tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from sim.store.sweep_store import FolderLock; "
            f"FolderLock(Path({str(out)!r})).acquire(); print('held', flush=True); "
            "time.sleep(60)",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    plan = make_plan(load_sweep(sweep_file), citizens=100, weeks=5)
    with pytest.raises(SweepLockedError, match=f"PID {holder.pid}"), InProcess() as ex:
        run_plan(plan, out, ex)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    with InProcess() as ex:
        report = run_plan(plan, out, ex)
    assert report.took_over_from["pid"] == holder.pid, "the stale lock is reported as taken over"
    assert report.n_ran == len(plan.specs)


def test_a_sweep_and_a_resume_at_once_one_refused_and_the_dataset_exact(sweep_file, tmp_path):
    """The attack that gave 131 rows for 81 runs: start a sweep, then --resume the same folder
    while it runs. The resume must be refused and the dataset must hold every run once."""
    out = tmp_path / "o"
    expected = reference(sweep_file, tmp_path / "ref", citizens=100, weeks=5).runs()
    cmd = [
        sys.executable,
        "-m",
        "sim.cli",
        "sweep",
        str(sweep_file),
        "--out",
        str(out),
        *SIZE,
        "--workers",
        "1",
        "--chunk-size",
        "1",
        "--runner",
        "tests.helpers:run_slowly",
    ]
    first = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list((out / "runs").glob("part-*.parquet")) and time.monotonic() < deadline:
        time.sleep(0.05)
    second = subprocess.run([*cmd, "--resume"], cwd=ROOT, capture_output=True, text=True)
    assert first.poll() is None, "the first sweep must still be running when the second starts"
    assert first.wait(120) == 0, first.stderr.read().decode()
    assert second.returncode == 2, f"the concurrent resume must be refused: {second.stderr}"
    assert f"PID {first.pid}" in second.stderr and "Traceback" not in second.stderr
    runs = SweepStore(out).runs()
    assert runs["run_id"].is_unique, "no run may be recorded twice"
    pd.testing.assert_frame_equal(runs, expected)


@pytest.mark.parametrize(
    "left",
    [
        ["runs"],
        ["runs", "weekly"],
        ["runs", "weekly", "design.parquet.tmp"],
        ["runs", "weekly", "design.parquet"],
        ["runs", "weekly", "design.parquet", "metadata.json.tmp"],
    ],
)
def test_a_sweep_killed_while_its_folder_was_being_created_resumes(sweep_file, tmp_path, left):
    """Every state the store's creation passes through before metadata.json exists (as a kill
    leaves it, lock file included) is continued by --resume, not refused."""
    out = tmp_path / "o"
    out.mkdir()
    (out / LOCK_NAME).write_text('{"pid": 999999, "started": "earlier"}\n')
    for name in left:
        if "." in name:
            (out / name).write_bytes(b"partial")
        else:
            (out / name).mkdir()
    code = main(["sweep", str(sweep_file), "--out", str(out), *SIZE, "--workers", "1", "--resume"])
    assert code == 0, "a resume after a very early kill completes the sweep"
    expected = reference(sweep_file, tmp_path / "ref", citizens=100, weeks=5)
    pd.testing.assert_frame_equal(SweepStore(out).runs(), expected.runs())


def test_a_folder_of_other_files_is_still_not_taken_by_resume(sweep_file, tmp_path):
    out = tmp_path / "o"
    (out / "runs").mkdir(parents=True)
    (out / "runs" / "mine.csv").write_text("precious\n")
    code = main(["sweep", str(sweep_file), "--out", str(out), *SIZE, "--workers", "1", "--resume"])
    assert code == 2 and (out / "runs" / "mine.csv").read_text() == "precious\n"


def test_every_part_has_the_same_schema_failed_or_not(sweep_file, tmp_path):
    """A chunk of failed runs only used to write a null-typed error column and float counts."""
    out = tmp_path / "o"
    code = main(
        [
            "sweep",
            str(sweep_file),
            "--out",
            str(out),
            *SIZE,
            "--workers",
            "1",
            "--chunk-size",
            "3",
            "--runner",
            "tests.helpers:run_failing_at_caseload_45",
        ]
    )
    assert code == 1
    schemas = {str(pq.read_schema(p)) for p in (out / "runs").glob("part-*.parquet")}
    assert len(schemas) == 1, "one schema for every runs part"
    schema = pq.read_schema(next((out / "runs").glob("part-*.parquet")))
    assert str(schema.field("error").type) == "string"
    weekly = [pq.read_schema(p) for p in (out / "weekly").glob("part-*.parquet")]
    assert len({str(s) for s in weekly}) == 1, "one schema for every weekly part"
    assert str(weekly[0].field("n_job").type) == "int64", "counts of citizens are integers"
    assert len(pd.read_parquet(out / "runs")) == 12, "the whole dataset reads as one table"
    # ... and so it does for the other readers analysts use, failed runs included.
    import duckdb
    import polars as pl
    import pyarrow.dataset as ds

    assert ds.dataset(out / "runs", format="parquet").to_table().num_rows == 12
    assert pl.read_parquet(out / "runs" / "*.parquet").height == 12
    rows, failed = duckdb.sql(
        f"select count(*), count(error) from read_parquet('{out}/runs/*.parquet')"
    ).fetchall()[0]
    assert rows == 12 and failed >= 1, (rows, failed)
    # The parameters are in design.parquet only; every reader joins them on run_id alike.
    design = out / "design.parquet"
    by_pandas = (
        pd.read_parquet(out / "runs")
        .merge(pd.read_parquet(design), on="run_id")
        .groupby("caseworkers.caseload")["error"]
        .count()
        .to_dict()
    )
    by_polars = dict(
        pl.read_parquet(out / "runs" / "*.parquet")
        .join(pl.read_parquet(design), on="run_id")
        .group_by("caseworkers.caseload")
        .agg(pl.col("error").count())
        .iter_rows()
    )
    by_duckdb = dict(
        duckdb.sql(
            f"""select d."caseworkers.caseload", count(r.error)
            from read_parquet('{out}/runs/*.parquet') r join '{design}' d using (run_id)
            group by 1"""
        ).fetchall()
    )
    joined = ds.dataset(out / "runs").to_table().join(pq.read_table(design), "run_id")
    counted = joined.group_by("caseworkers.caseload").aggregate([("error", "count")])
    by_pyarrow = {r["caseworkers.caseload"]: r["error_count"] for r in counted.to_pylist()}
    assert by_pandas == by_polars == by_duckdb == by_pyarrow == {45: 6, 82: 0}, (
        "the failed runs are the caseload-45 ones, in every reader"
    )


def test_a_sweep_folder_of_the_old_layout_still_reads_but_a_resume_says_why_it_cannot(
    sweep_file, tmp_path, capsys
):
    """Schema version 1 repeated every parameter in runs/. Adding parts of the new shape to such
    a folder would make its dataset unreadable as one table, so a resume is refused, in one line,
    and the folder is left as it was."""
    out = tmp_path / "o"
    assert main(["sweep", str(sweep_file), "--out", str(out), *SIZE, "--workers", "1"]) == 0
    meta = json.loads((out / "metadata.json").read_text())
    (out / "metadata.json").write_text(json.dumps({**meta, "schema_version": 1}))
    first, *others = sorted((out / "runs").glob("part-*.parquet"))
    design = pq.read_table(out / "design.parquet").select(["run_id", "caseworkers.caseload"])
    old = pq.read_table(first).join(design, "run_id")  # a part as version 1 wrote it
    pq.write_table(old, first)
    for part in others:
        part.unlink()

    def results():  # the lock file is taken and released by any attempt, and that is all
        return {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.name != LOCK_NAME}

    before = results()
    capsys.readouterr()
    code = main(["sweep", str(sweep_file), "--out", str(out), *SIZE, "--workers", "1", "--resume"])
    err = capsys.readouterr().err
    assert code == 2 and "older Fremdrift" in err and "--overwrite" in err, err
    assert "Traceback" not in err
    assert before == results(), "nothing of the old folder is changed"
    runs = SweepStore(out).runs()
    assert len(runs) == old.num_rows and "caseworkers.caseload" in runs.columns, (
        "an old folder still reads as it was written"
    )


def test_failed_runs_are_counted_on_resume_and_retried_on_request(
    sweep_file, tmp_path, monkeypatch, capsys
):
    flag = tmp_path / "flag"
    flag.touch()
    monkeypatch.setenv("FREMDRIFT_TEST_FLAG", str(flag))
    out = tmp_path / "o"
    args = [
        "sweep",
        str(sweep_file),
        "--out",
        str(out),
        *SIZE,
        "--workers",
        "1",
        "--chunk-size",
        "2",
        "--runner",
        "tests.helpers:run_failing_while_flag_exists",
    ]
    assert main(args) == 1
    capsys.readouterr()
    assert main([*args, "--resume"]) == 1, "a resume after failures still reports them"
    said = " ".join(capsys.readouterr().out.split())  # rich wraps long lines
    assert "6 of them failed" in said and "6 of 12 runs failed" in said, said
    flag.unlink()
    assert main([*args, "--resume", "--retry-failed"]) == 0
    said = " ".join(capsys.readouterr().out.split())  # rich wraps long lines
    assert "6 failed runs were run again" in said and "0 of 12 runs failed" in said, said
    runs = SweepStore(out).runs()
    assert runs["run_id"].is_unique and len(runs) == 12 and runs["error"].isna().all()
    expected = reference(sweep_file, tmp_path / "ref", citizens=100, weeks=5)
    pd.testing.assert_frame_equal(runs, expected.runs())
    weekly = SweepStore(out).weekly()
    pd.testing.assert_frame_equal(weekly, expected.weekly())


def test_a_resume_with_another_runner_is_refused(sweep_file, tmp_path):
    out = tmp_path / "o"
    assert main(["sweep", str(sweep_file), "--out", str(out), *SIZE, "--workers", "1"]) == 0
    other = ["--runner", "tests.helpers:run_failing_at_caseload_45"]
    code = main(
        ["sweep", str(sweep_file), "--out", str(out), *SIZE, "--workers", "1", "--resume", *other]
    )
    assert code == 2, "the runner is part of the plan: another one is another sweep"
