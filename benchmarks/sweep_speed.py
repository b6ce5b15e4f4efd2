"""Sweep throughput: the default executor, Dask against the local pool, and parent memory.

Prints, from one process:

    runs=1000 citizens=2000 weeks=208 executor=local-pool workers=2 seconds=... runs_per_second=...
    parent_rss_mb start=... at_25%=... at_50%=... at_75%=... end=...
    runs=100 rounds=3 local-pool median_seconds=A dask median_seconds=B dask_over_pool=B/A
    runs=100 rounds=3 in_process seconds_per_run=C started_local-pool seconds_per_run=D speedup=C/D

The last line says how much the second core adds: on a machine whose two cores were truly
independent the speed-up would be close to 2.

Targets (issue 4): 1,000 runs of 2,000 citizens x 208 weeks in <= 120 s on this 2-core machine
with the default executor (issue 17 lowers this to 30 s; benchmarks/speed.py prints that line);
Dask LocalCluster within 25% of the local pool; parent memory flat as the sweep grows (results
go to disk chunk by chunk).

Usage: python benchmarks/sweep_speed.py [--runs 1000] [--ratio-runs 100] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.experiments.executors import Dask, InProcess, LocalPool  # noqa: E402
from sim.experiments.sweep import make_plan  # noqa: E402
from sim.experiments.sweepfile import load_sweep  # noqa: E402
from sim.store.sweep_run import run_plan  # noqa: E402

SWEEP = """
[meta]
name = "benchmark"
base = "{base}"

[design]
kind = "lhs"
samples = {points}
replicates = 2
seed = 20261122

[factors]
"caseworkers.p_leave" = {{ low = 0.001, high = 0.02 }}
"strategy.name" = ["status_quo", "staircase", "parallel"]
"""


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def plan_of(runs: int, citizens: int, folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sweep.toml"
    path.write_text(SWEEP.format(base=ROOT / "scenarios" / "status_quo.toml", points=runs // 2))
    return make_plan(load_sweep(path), citizens=citizens, weeks=208)


def timed(plan, make_executor, out: Path, memory: list | None = None) -> tuple[float, float]:
    """(seconds to start the executor, seconds for the sweep itself); shutdown not counted."""
    done = [0]

    def tick(n: int) -> None:
        done[0] += n
        if memory is not None:
            memory.append((done[0], rss_mb()))

    t0 = time.perf_counter()
    with make_executor() as executor:
        t1 = time.perf_counter()
        report = run_plan(plan, out, executor, on_chunk=tick)
        t2 = time.perf_counter()
    assert report.n_failed == 0
    return t1 - t0, t2 - t1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--ratio-runs", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--citizens", type=int, default=2000)
    args = parser.parse_args()
    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        plan = plan_of(args.runs, args.citizens, tmp)
        memory: list[tuple[int, float]] = []
        start_rss = rss_mb()
        _, seconds = timed(plan, lambda: LocalPool(workers), tmp / "main", memory)
        n = len(plan.specs)
        print(
            f"runs={n} citizens={args.citizens} weeks=208 executor=local-pool workers={workers} "
            f"seconds={seconds:.1f} runs_per_second={n / seconds:.2f}",
            flush=True,
        )

        def at(fraction: float) -> float:
            return next(m for d, m in memory if d >= fraction * n)

        print(
            f"parent_rss_mb start={start_rss:.0f} at_25%={at(0.25):.0f} at_50%={at(0.5):.0f} "
            f"at_75%={at(0.75):.0f} end={memory[-1][1]:.0f}",
            flush=True,
        )
        # Dask against the pool on the same plan, alternating which goes first, several
        # rounds: this machine is shared and noisy, and one pair of timings can mislead.
        small = plan_of(args.ratio_runs, args.citizens, tmp / "small")
        pools, dasks, starts = [], [], []
        for i in range(args.rounds):
            order = ("pool", "dask") if i % 2 == 0 else ("dask", "pool")
            for kind in order:
                out = tmp / f"{kind}-{i}"
                if kind == "pool":
                    pools.append(timed(small, lambda: LocalPool(workers), out)[1])
                else:
                    start, seconds = timed(small, lambda: Dask(workers=workers), out)
                    dasks.append(seconds)
                    starts.append(start)
        pool, dask = statistics.median(pools), statistics.median(dasks)
        pairs = ", ".join(f"{a:.1f}/{b:.1f}" for a, b in zip(pools, dasks, strict=True))
        print(
            f"runs={len(small.specs)} rounds={args.rounds} local-pool median_seconds={pool:.1f} "
            f"dask median_seconds={dask:.1f} dask_over_pool={dask / pool:.2f} "
            f"(each round pool/dask: {pairs}; "
            f"LocalCluster start {statistics.median(starts):.1f} s, not counted)",
            flush=True,
        )
        # How much the second core adds: the same plan in this process and on a pool whose
        # workers have already started (imports are a one-off cost, not throughput).
        single, warm = [], []
        warm_up = plan_of(2 * workers, args.citizens, tmp / "warm-up")
        for i in range(args.rounds):
            single.append(timed(small, InProcess, tmp / f"single-{i}")[1])
            with LocalPool(workers) as pool:
                run_plan(warm_up, tmp / f"warm-up-{i}", pool)
                t0 = time.perf_counter()
                run_plan(small, tmp / f"warm-{i}", pool)
                warm.append(time.perf_counter() - t0)
        alone = statistics.median(single) / len(small.specs)
        pooled = statistics.median(warm) / len(small.specs)
        print(
            f"runs={len(small.specs)} rounds={args.rounds} in_process "
            f"seconds_per_run={alone:.3f} started_local-pool seconds_per_run={pooled:.3f} "
            f"speedup={alone / pooled:.2f} (workers={workers})",
            flush=True,
        )


if __name__ == "__main__":
    main()
