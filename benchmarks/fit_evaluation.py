"""What one evaluation of the calibration's loss costs, and where the time goes.

A fit evaluation runs the simulated study (calibration/study.py) on the fit's cohorts at one
parameter set: a status-quo cohort with its event log and quarterly panel, then the studies'
estimators on them. Issue 17 asks for the throughput that lets the calibration afford thousands
of evaluations (issue 13); this says how much of an evaluation is simulation and how much is
estimation, so that speed work goes where the time is. It runs in one process at the shipped
fit (calibration/fitted.toml), with the kernels loaded first. Prints:

    fit_evaluation cohorts=N citizens=4000 weeks=208 seconds=... per_cohort_s=...
        simulate_s=... estimators_s=... estimators_share=...   (one line)
    fit_evaluation_estimator name=<function> seconds=... share=...   (the five costliest)

`simulate_s` is the model's runs with detail and the tables a run returns (weekly counts, event
log, panel and caseworkers as DataFrames); `estimators_s` is the rest of the study: the
estimators and the tables they build from those. An estimator that calls another is counted in
the caller.

Usage: python benchmarks/fit_evaluation.py [--cohorts 12]
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import calibration.estimators as est  # noqa: E402
import calibration.study as study  # noqa: E402
from sim.core.compiled import warm_up  # noqa: E402
from sim.experiments.scenario import load_scenario  # noqa: E402
from sim.experiments.worker import replicate_seed_ints  # noqa: E402

SEED = 20261130


@contextlib.contextmanager
def timed_study(seconds: Counter):
    """Within the block, the study's runs add to seconds["simulate"] and each estimator the
    study calls (outermost calls only) to seconds[name]; restored afterwards."""
    depth = [0]
    run_study = study.simulate
    replaced = [(study, "simulate", run_study)]

    def timed(key, fn):
        def call(*args, **kwargs):
            depth[0] += 1
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                depth[0] -= 1
                if depth[0] == 0:
                    seconds[key] += time.perf_counter() - start

        return call

    def simulate_with_tables(*args, **kwargs):
        # A result builds its tables when first read (cached properties); the study reads them
        # after `simulate` returns, so they are read here, inside the model's share.
        result = run_study(*args, **kwargs)
        for table in ("weekly", "events", "panel", "caseworkers"):
            getattr(result, table)
        return result

    study.simulate = timed("simulate", simulate_with_tables)
    for name, fn in inspect.getmembers(est, inspect.isfunction):
        if fn.__module__ == est.__name__:
            replaced.append((est, name, fn))
            setattr(est, name, timed(name, fn))
    try:
        yield
    finally:
        for module, name, fn in replaced:
            setattr(module, name, fn)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cohorts", type=int, default=12)
    args = parser.parse_args()
    warm_up()
    params = load_scenario(ROOT / "scenarios" / "status_quo.toml").params
    seeds = replicate_seed_ints(SEED, args.cohorts)
    study.study_moments(params, seeds[0])  # first evaluation of the process: page it all in
    seconds: Counter = Counter()
    with timed_study(seconds):
        start = time.perf_counter()
        for seed in seeds:
            study.study_moments(params, seed)
        wall = time.perf_counter() - start
    simulating = seconds.pop("simulate")
    estimating = wall - simulating
    p = params.population.n_citizens
    print(
        f"fit_evaluation cohorts={args.cohorts} citizens={p} weeks={params.run.weeks} "
        f"seconds={wall:.2f} per_cohort_s={wall / args.cohorts:.3f} "
        f"simulate_s={simulating:.2f} estimators_s={estimating:.2f} "
        f"estimators_share={estimating / wall:.2f}",
        flush=True,
    )
    for name, spent in seconds.most_common(5):
        print(
            f"fit_evaluation_estimator name={name} seconds={spent:.2f} share={spent / wall:.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
