"""The same sweep gives identical numbers in-process, on a local pool and on a Dask cluster."""

import pandas as pd
import pytest

from sim.experiments.executors import Dask, InProcess, LocalPool
from sim.experiments.sweep import make_plan, run_plan
from sim.experiments.sweepfile import load_sweep
from tests.experiments.sweep_files import sweep_text


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
