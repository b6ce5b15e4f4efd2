"""The same sweep gives identical numbers in-process, on a local pool and on a Dask cluster;
Dask failures end in one clear error within a stated time, with finished runs kept."""

import pandas as pd
import pytest

from sim.experiments.executors import Dask, InProcess, LocalPool
from sim.experiments.sweep import make_plan
from sim.experiments.sweepfile import load_sweep
from sim.store.sweep_run import run_plan
from tests.experiments.sweep_files import sweep_text

# the module's tests share a costly fixture: one worker builds it for all of them
pytestmark = pytest.mark.xdist_group("executors")


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sweep")
    path = folder / "s.toml"
    path.write_text(
        sweep_text(
            folder,
            kind="lhs",
            samples=6,
            replicates=2,
            factors={
                "caseworkers.p_leave": "{ low = 0.001, high = 0.02 }",
                "strategy.name": '["staircase", "parallel"]',
            },
        )
    )
    return make_plan(load_sweep(path), citizens=200, weeks=30)


def results(plan, executor, out):
    with executor:
        report = run_plan(plan, out, executor, chunk_size=3)
    assert report.n_failed == 0 and report.n_ran == len(plan.specs)
    from sim.store.sweep_store import SweepStore

    store = SweepStore(out)
    return store.runs(), store.weekly()


def test_in_process_pool_and_dask_give_identical_numbers(plan, tmp_path):
    runs_a, weekly_a = results(plan, InProcess(), tmp_path / "a")
    runs_b, weekly_b = results(plan, LocalPool(2), tmp_path / "b")
    runs_c, weekly_c = results(plan, Dask(workers=2), tmp_path / "c")
    assert len(runs_a) == len(plan.specs)
    pd.testing.assert_frame_equal(runs_a, runs_b)
    pd.testing.assert_frame_equal(runs_a, runs_c)
    pd.testing.assert_frame_equal(weekly_a, weekly_b)
    pd.testing.assert_frame_equal(weekly_a, weekly_c)


def test_replicates_share_seeds_across_design_points(plan):
    seeds = {}
    for spec in plan.specs:
        seeds.setdefault(spec.replicate, set()).add(spec.seed)
    assert all(len(s) == 1 for s in seeds.values()), "common random numbers across points"
    assert len({next(iter(s)) for s in seeds.values()}) == plan.replicates


# -- Dask failing fast and clearly ---------------------------------------------------------


@pytest.fixture
def sweep_plan(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(sweep_text(tmp_path, replicates=6, factors={"caseworkers.p_leave": "[0.002]"}))
    return make_plan(load_sweep(path), citizens=100, weeks=10, runner="tests.helpers:run_slowly")


def test_a_scheduler_that_loses_all_its_workers_stops_the_sweep_with_runs_kept(
    sweep_plan, tmp_path
):
    """All workers killed used to hang the sweep with no message. Now it stops within the
    stated time with ExecutorError, the finished runs stay, and a local resume finishes."""
    import time

    from distributed import LocalCluster

    from sim.experiments.executors import ExecutorError
    from sim.store.sweep_store import SweepStore

    out = tmp_path / "o"
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        ex = Dask(scheduler=cluster.scheduler_address, no_workers_seconds=3)
        started = []

        def lose_workers(n):
            if not started:
                started.append(time.monotonic())
                cluster.scale(0)

        try:
            with pytest.raises(ExecutorError, match=r"no workers for 3 s.*--resume"):
                run_plan(sweep_plan, out, ex, chunk_size=1, on_chunk=lose_workers)
        finally:
            ex.close()
        waited = time.monotonic() - started[0]
        assert waited < 20, f"the sweep noticed after {waited:.0f} s"
    kept = SweepStore(out).runs()
    assert 1 <= len(kept) < len(sweep_plan.specs), "finished runs are kept"
    with InProcess() as local:
        report = run_plan(sweep_plan, out, local, resume=True)
    assert report.n_done_before == len(kept)
    runs = SweepStore(out).runs()
    assert sorted(runs["run_id"]) == list(range(len(sweep_plan.specs)))


def test_a_scheduler_without_workers_or_unreachable_is_one_clear_error(tmp_path):
    import socket
    import time

    from distributed import LocalCluster

    from sim.experiments.executors import ExecutorError

    no_workers = pytest.raises(ExecutorError, match="has no workers")
    with LocalCluster(n_workers=0, processes=True, dashboard_address=None) as cluster, no_workers:
        Dask(scheduler=cluster.scheduler_address, no_workers_seconds=2)
    with socket.socket() as silent:  # accepts TCP, never speaks
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        with pytest.raises(ExecutorError, match=f"cannot reach the Dask scheduler at {address}"):
            Dask(scheduler=address, connect_seconds=2)
        assert time.monotonic() - started < 10, "gives up at the connect timeout"
