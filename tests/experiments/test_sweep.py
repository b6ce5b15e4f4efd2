"""Nothing is lost: killed sweeps resume exactly, failed runs are kept, results not clobbered."""

import os
import random
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from sim.experiments.executors import InProcess, LocalPool
from sim.experiments.sweep import make_plan
from sim.experiments.sweepfile import load_sweep
from sim.store import OutputExistsError
from sim.store.sweep_run import run_plan
from sim.store.sweep_store import SweepMismatchError, SweepStore
from tests.experiments.sweep_files import ROOT, sweep_text

FACTORS = {
    "caseworkers.p_leave": "[0.002, 0.01, 0.02]",
    "caseworkers.caseload": "[45, 82]",
    "strategy.name": '["staircase", "parallel"]',
}


@pytest.fixture
def sweep_file(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(sweep_text(tmp_path, kind="grid", replicates=3, factors=FACTORS))
    return path


CITIZENS, WEEKS = 400, 104  # the killed sweep and its reference must match


@pytest.fixture
def killed_sweep_file(tmp_path):
    """The sweep the kill test interrupts: 24 runs in 12 chunks, enough for several kills
    (each restart pays the command's start-up, which is most of the test's time)."""
    path = tmp_path / "k.toml"
    path.write_text(sweep_text(tmp_path, kind="grid", replicates=2, factors=FACTORS))
    return path


def sweep_cmd(sweep_file, out, *extra):
    size = ["--citizens", str(CITIZENS), "--weeks", str(WEEKS)]
    return [sys.executable, "-m", "sim.cli", "sweep", str(sweep_file), "--out", str(out),
            *size, "--chunk-size", "2", "--workers", "2", *extra]  # fmt: skip


def committed(out) -> int:
    return len(list((out / "runs").glob("part-*.parquet"))) if (out / "runs").is_dir() else 0


def test_a_sweep_killed_repeatedly_resumes_with_every_run_exactly_once(killed_sweep_file, tmp_path):
    """SIGKILL the whole process group at random moments: between chunks, while workers run,
    while a chunk is being written. Then resume until done and compare with a clean sweep."""
    sweep_file = killed_sweep_file
    reference = tmp_path / "reference"
    plan = make_plan(load_sweep(sweep_file), citizens=CITIZENS, weeks=WEEKS)
    with InProcess() as ex:
        run_plan(plan, reference, ex, chunk_size=2)
    expected = SweepStore(reference)

    out = tmp_path / "killed"
    rng = random.Random(20261122)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    kills = 0
    for attempt in range(40):
        args = sweep_cmd(sweep_file, out, *(["--resume"] if attempt else []))
        proc = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        # Kill after a random number of newly committed chunks, plus a random delay.
        target = committed(out) + rng.randint(1, 3)
        delay = rng.uniform(0.0, 0.15)
        while proc.poll() is None and committed(out) < target:
            time.sleep(0.02)
        if proc.poll() is None and attempt < 30:
            time.sleep(delay)
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)  # the whole group, workers included
                proc.wait()
                kills += 1
                continue
        proc.wait(timeout=120)
        assert proc.returncode == 0, proc.stderr.read().decode()
        break
    else:
        pytest.fail("the sweep never finished")
    assert kills >= 3, f"the sweep must really have been interrupted, killed {kills} times"
    got = SweepStore(out)
    runs = got.runs()
    assert runs["run_id"].is_unique, "no run may be recorded twice"
    assert sorted(runs["run_id"]) == list(range(len(plan.specs))), "no run may be lost"
    pd.testing.assert_frame_equal(runs, expected.runs())
    pd.testing.assert_frame_equal(got.weekly(), expected.weekly())
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_a_failing_run_is_recorded_and_the_sweep_goes_on(sweep_file, tmp_path):
    plan = make_plan(
        load_sweep(sweep_file),
        citizens=100,
        weeks=10,
        runner="tests.helpers:run_failing_at_caseload_45",
    )
    with LocalPool(2) as ex:
        report = run_plan(plan, tmp_path / "out", ex)
    runs = SweepStore(tmp_path / "out").runs_with_factors()
    failed = runs[runs["error"].notna()]
    assert len(runs) == len(plan.specs), "failed runs are kept as rows"
    assert (failed["caseworkers.caseload"] == 45).all() and len(failed) == len(plan.specs) // 2
    assert failed["error"].str.contains("deliberate failure").all()
    assert runs.loc[runs["error"].isna(), "share_ever_job"].notna().all()
    assert report.n_failed == len(failed)


def test_the_command_exits_1_after_failures_and_names_them(sweep_file, tmp_path, capsys):
    from sim.cli import main

    code = main(
        [
            "sweep",
            str(sweep_file),
            "--out",
            str(tmp_path / "o"),
            "--citizens",
            "100",
            "--weeks",
            "5",
            "--workers",
            "1",
            "--runner",
            "tests.helpers:run_failing_at_caseload_45",
        ]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert "18 failed" in out and "deliberate failure" in out


def test_existing_results_are_never_overwritten_without_asking(sweep_file, tmp_path):
    plan = make_plan(load_sweep(sweep_file), citizens=100, weeks=5)
    out = tmp_path / "o"
    with InProcess() as ex:
        run_plan(plan, out, ex)
        with pytest.raises(OutputExistsError, match="--resume"):
            run_plan(plan, out, ex)
        report = run_plan(plan, out, ex, resume=True)
        assert report.n_ran == 0 and report.n_done_before == len(plan.specs)
        other = make_plan(load_sweep(sweep_file), citizens=101, weeks=5)
        with pytest.raises(SweepMismatchError):
            run_plan(other, out, ex, resume=True)
        run_plan(other, out, ex, overwrite=True)
    assert SweepStore(out).metadata["plan_hash"] == other.plan_hash


def test_the_parent_keeps_only_a_few_chunks_in_flight(sweep_file, tmp_path):
    plan = make_plan(load_sweep(sweep_file), citizens=100, weeks=5)
    in_flight = []

    class Watching(LocalPool):
        def imap_unordered(self, fn, jobs, max_in_flight=None):
            started = 0

            def counting():
                nonlocal started
                for job in jobs:
                    started += 1
                    yield job

            for k, result in enumerate(super().imap_unordered(fn, counting(), max_in_flight)):
                in_flight.append(started - k)
                yield result

    with Watching(2) as ex:
        run_plan(plan, tmp_path / "o", ex, chunk_size=1)
    assert max(in_flight) <= 2 * 2 + 1, f"chunks submitted ahead of results: {max(in_flight)}"


def test_a_run_that_kills_its_worker_is_recorded_as_failed_and_the_sweep_goes_on(tmp_path):
    """os._exit in a worker is what a segfault or an out-of-memory kill looks like. It used to
    end the sweep with BrokenProcessPool; now only the runs that kill their worker fail, with
    the cause, the pool is replaced, and every other run is done with the right numbers."""
    small = {"citizens": 100, "weeks": 10}
    sweep_file = tmp_path / "s.toml"
    sweep_file.write_text(
        sweep_text(tmp_path, replicates=3, factors={"caseworkers.caseload": "[45, 82]"})
    )
    plan = make_plan(
        load_sweep(sweep_file),
        runner="tests.helpers:run_killing_its_worker_at_caseload_45",
        **small,
    )
    with LocalPool(2) as ex:
        report = run_plan(plan, tmp_path / "out", ex, chunk_size=3)
        replaced = ex.replaced
    runs = SweepStore(tmp_path / "out").runs_with_factors()
    assert runs["run_id"].is_unique and len(runs) == len(plan.specs), "every run recorded once"
    failed = runs[runs["error"].notna()]
    assert (failed["caseworkers.caseload"] == 45).all() and len(failed) == len(plan.specs) // 2
    assert failed["error"].str.contains("WorkerDied").all()
    assert failed["error"].str.contains("worker process died").all(), "the cause is recorded"
    assert failed["error"].str.contains("exit code 1").any(), "with the exit code when known"
    assert report.n_failed == len(failed) and replaced >= 1
    with InProcess() as ex:
        run_plan(make_plan(load_sweep(sweep_file), **small), tmp_path / "ref", ex)
    ok = runs[runs["error"].isna()].reset_index(drop=True)
    ref = SweepStore(tmp_path / "ref").runs_with_factors()
    ref = ref[ref["caseworkers.caseload"] != 45].reset_index(drop=True)
    pd.testing.assert_frame_equal(ok, ref)


def test_a_sweep_across_an_ensemble_gives_each_replicate_one_set_at_every_point(tmp_path):
    """Replicate r has the same seed and the same parameter set at every design point; the
    design's factor wins over a set's value for it; design.parquet names each run's set and
    reads alike in pandas and polars; the ensemble is part of the plan, so a resume with
    another ensemble is refused."""
    import polars as pl

    from sim.cli import main

    path = tmp_path / "s.toml"
    factors = {"caseworkers.p_leave": "[0.002, 0.01]"}
    path.write_text(sweep_text(tmp_path, kind="grid", replicates=4, factors=factors))
    ensemble = tmp_path / "ensemble.toml"
    sets = [(0.004, 0.2), (0.006, 0.3), (0.008, 0.4)]
    ensemble.write_text(
        "".join(
            f'[[set]]\n"caseworkers.p_leave" = {a}\n"dynamics.push_base" = {b}\n' for a, b in sets
        )
    )
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out), "--citizens", "200", "--weeks", "20",
                 "--workers", "1", "--ensemble", str(ensemble)]) == 0  # fmt: skip
    design = pd.read_parquet(out / "design.parquet")
    assert pl.read_parquet(out / "design.parquet").height == len(design) == 8
    by_rep = design.groupby("replicate")
    assert (by_rep["parameter_set"].nunique() == 1).all() and (by_rep["seed"].nunique() == 1).all()
    assert design["parameter_set"].nunique() == 2, "four replicates: two sets, two cohorts each"
    assert (design.groupby("parameter_set")["replicate"].nunique() == 2).all()
    assert set(design["caseworkers.p_leave"]) == {0.002, 0.01}, "the factor keeps its values"
    assert design["dynamics.push_base"].tolist() == [sets[s][1] for s in design["parameter_set"]], (
        "the set's other values go to the run"
    )
    ensemble.write_text('[[set]]\n"dynamics.push_base" = 0.1\n')
    assert main(["sweep", str(path), "--out", str(out), "--citizens", "200", "--weeks", "20",
                 "--workers", "1", "--ensemble", str(ensemble), "--resume"]) == 2  # fmt: skip


def test_a_sweep_across_an_ensemble_keeps_what_its_base_sets_apart_from_the_fit(tmp_path):
    from sim.core import Params

    path = tmp_path / "s.toml"
    factors = {"caseworkers.caseload": "[45, 82]"}
    path.write_text(sweep_text(tmp_path, kind="grid", replicates=4, factors=factors))
    sweep = load_sweep(path)
    sets = [{"caseworkers.p_leave": 0.004, "dynamics.push_base": 0.2}] * 2
    fitted = sweep.base.params.with_values(**{"dynamics.push_base": 0.31})  # base differs here
    plan = make_plan(sweep, ensemble=sets, fitted=fitted)
    assert plan.kept == ["dynamics.push_base"]
    assert all("dynamics.push_base" not in s.overrides for s in plan.specs)
    assert all(s.overrides["caseworkers.p_leave"] == 0.004 for s in plan.specs)
    assert isinstance(fitted, Params)
