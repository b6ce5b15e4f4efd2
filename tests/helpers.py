"""Run functions for tests that need a run to fail, loaded by workers by their import path."""

from sim.core import simulate


def run_failing_at_caseload_45(params, seed):
    """Like sim.core.run, but raises for one design value, to test failure recording."""
    if params.caseworkers.caseload == 45:
        raise RuntimeError("deliberate failure for caseload 45")
    return simulate(params, seed)


def run_killing_its_worker_at_caseload_45(params, seed):
    """Like sim.core.simulate, but the worker process dies on the spot for one design value, as it
    would from a segfault or an out-of-memory kill (no exception, no cleanup)."""
    import multiprocessing
    import os

    if params.caseworkers.caseload == 45:
        if multiprocessing.parent_process() is None:
            raise RuntimeError("refusing to kill the test process itself; use a worker pool")
        os._exit(1)
    return simulate(params, seed)


def run_failing_while_flag_exists(params, seed):
    """Fails at caseload 45 while the file named by FREMDRIFT_TEST_FLAG exists: a transient
    failure (a full disk, a lost licence) that --retry-failed should get past once it is gone."""
    import os
    from pathlib import Path

    flag = os.environ.get("FREMDRIFT_TEST_FLAG")
    if params.caseworkers.caseload == 45 and flag and Path(flag).exists():
        raise RuntimeError("transient failure for caseload 45")
    return simulate(params, seed)


def run_slowly(params, seed):
    """sim.core.simulate plus half a second: keeps a small sweep running long enough to be raced."""
    import time

    time.sleep(0.5)
    return simulate(params, seed)
