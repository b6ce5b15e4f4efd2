"""Speed of the compiled model, each line against its target (issue 17), measured in one run.

Prints, in this order (a line per measurement; `ratio` is always target over measured for times,
measured over target for speed-ups, so above 1 means the target is met):

    kernels load_s=...                                    (compiled or loaded from the cache)
    reference_ratio citizens=N weeks=W reference_us=A compiled_us=B speedup=A/B target=200
    per_citizen_week citizens=100000 weeks=208 us=... target=0.08 ratio=...
    study_run citizens=4000 weeks=208 seconds=... target=0.05 ratio=...
    national_run citizens=70000 inflow=0.25/year weeks=520 seconds=... target=10 ratio=...
    peak_memory citizens=100000 weeks=208 mb=... target=488 ratio=...
    sweep runs=1000 citizens=2000 weeks=208 executor=local-pool workers=2 seconds=...
        target=30 ratio=...
    agreement cases=3 citizens=800 weeks=104 replicates=8 worst=<outcome> z=... within=yes

The reference is the per-agent Mesa model (benchmarks/reference_model.py); it is slow, so the
speed-up is measured over the first --ratio-weeks weeks, both models running exactly those weeks
side by side. Single-run times are the best of a few repeats in this process, after the kernels
are loaded; the 100,000-citizen run, its peak memory and the national run each come from a
fresh process, as a user's single run would be. The sweep uses the default executor (the local
process pool) as `fremdrift sweep` does. The agreement line
runs both models on the agreement test's cases and reports the outcome furthest apart, in
standard errors of the difference.

Usage: python benchmarks/speed.py [--ratio-weeks 26] [--sweep-runs 1000] [--skip-sweep]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.reference_model import ReferenceModel, run_reference  # noqa: E402
from sim.core import FremdriftModel, Params, replicate_seeds, simulate  # noqa: E402
from sim.core.compiled import warm_up  # noqa: E402

SEED = 20261122

# The peak is the child's own high-water mark (VmHWM). `ru_maxrss` is not: Linux carries it over
# from the parent through fork and exec, so after the reference model's 100,000 agents it
# reported this benchmark's own size (549 MB) instead of the run's (294 MB on the same day).
FULL_RUN = """
import json, resource, time
from pathlib import Path
from sim.core import Params, simulate
from sim.core.compiled import warm_up
warm_up()
p = Params().with_values(**{{"population.n_citizens": {n}, "run.weeks": {weeks}, **{extra!r}}})
t0 = time.perf_counter()
simulate(p, {seed}, detail=False)
t1 = time.perf_counter()
status = Path("/proc/self/status")
lines = status.read_text().splitlines() if status.exists() else []
hwm = [int(ln.split()[1]) for ln in lines if ln.startswith("VmHWM:")]
peak_kb = hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
peak = peak_kb / 1024
print(json.dumps({{"seconds": t1 - t0, "peak_mb": peak}}))
"""


def params(n: int, weeks: int, **extra) -> Params:
    return Params().with_values(**{"population.n_citizens": n, "run.weeks": weeks, **extra})


def steps_seconds(factory, weeks: int) -> float:
    """Seconds for `weeks` steps, construction excluded (both models pay it once)."""
    model = factory()
    start = time.perf_counter()
    for _ in range(weeks):
        model.step()
    return time.perf_counter() - start


def best_run_seconds(p: Params, repeats: int) -> float:
    best = float("inf")
    for r in range(repeats):
        start = time.perf_counter()
        simulate(p, SEED + r, detail=False)
        best = min(best, time.perf_counter() - start)
    return best


def reference_line(n: int, weeks: int) -> str:
    p = params(n, weeks)
    ref = steps_seconds(lambda: ReferenceModel(p, SEED), weeks)
    vec = steps_seconds(lambda: FremdriftModel(p, SEED, detail=False), weeks)
    cw = n * weeks
    speedup = ref / vec
    return (
        f"reference_ratio citizens={n} weeks={weeks} reference_us={ref / cw * 1e6:.3f} "
        f"compiled_us={vec / cw * 1e6:.3f} speedup={speedup:.1f} target=200 "
        f"ratio={speedup / 200:.2f}"
    )


def fresh_process_run(n: int, weeks: int, **extra) -> dict:
    """One run in a process of its own, as a user's `fremdrift run` would be: its seconds
    (kernels loaded first, not counted) and its peak memory."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    code = FULL_RUN.format(n=n, weeks=weeks, seed=SEED, extra=extra)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def sweep_line(runs: int) -> str:
    """The default executor (local pool, both cores) on the sweep benchmark's plan."""
    from benchmarks.sweep_speed import plan_of, timed
    from sim.experiments.executors import LocalPool

    with tempfile.TemporaryDirectory() as tmp:
        plan = plan_of(runs, 2000, Path(tmp))
        _, seconds = timed(plan, lambda: LocalPool(2), Path(tmp) / "out")
    return (
        f"sweep runs={len(plan.specs)} citizens=2000 weeks=208 executor=local-pool workers=2 "
        f"seconds={seconds:.1f} target=30 ratio={30 / seconds:.2f}"
    )


AGREEMENT_CASES = {
    "status_quo": {"strategy.name": "status_quo"},
    "staircase": {"strategy.name": "staircase"},
    "parallel": {"strategy.name": "parallel"},
}
AGREEMENT_OUTCOMES = ("share_benefit", "share_job", "share_derailment", "share_ever_job")


def agreement_line(reps: int = 8) -> str:
    worst = ("", "", 0.0)
    for case, extra in AGREEMENT_CASES.items():
        p = params(800, 104, **extra)
        seeds = [int(s.generate_state(1)[0]) for s in replicate_seeds(31, reps)]
        ref = [run_reference(p, s) for s in seeds]
        vec = [simulate(p, s, detail=False).summary() for s in seeds]
        for key in AGREEMENT_OUTCOMES:
            a = np.array([r[key] for r in ref])
            b = np.array([v[key] for v in vec])
            se = np.sqrt(a.var(ddof=1) / reps + b.var(ddof=1) / reps) or 1e-9
            z = abs(b.mean() - a.mean()) / se
            if z > worst[2]:
                worst = (case, key, z)
    case, key, z = worst
    return (
        f"agreement cases={len(AGREEMENT_CASES)} citizens=800 weeks=104 replicates={reps} "
        f"worst={case}:{key} z={z:.2f} within={'yes' if z <= 4.5 else 'no'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ratio-weeks", type=int, default=26)
    parser.add_argument("--sweep-runs", type=int, default=1000)
    parser.add_argument("--skip-sweep", action="store_true")
    args = parser.parse_args()
    print(f"kernels load_s={warm_up():.1f}", flush=True)
    for n in (10_000, 100_000):
        print(reference_line(n, args.ratio_weeks), flush=True)
    big = fresh_process_run(100_000, 208)
    us = big["seconds"] / (100_000 * 208) * 1e6
    print(
        f"per_citizen_week citizens=100000 weeks=208 us={us:.3f} target=0.08 ratio={0.08 / us:.2f}",
        flush=True,
    )
    study = best_run_seconds(params(4000, 208), repeats=5)
    print(
        f"study_run citizens=4000 weeks=208 seconds={study:.3f} target=0.05 "
        f"ratio={0.05 / study:.2f}",
        flush=True,
    )
    national = fresh_process_run(70_000, 520, **{"population.inflow_share_per_year": 0.25})[
        "seconds"
    ]
    print(
        f"national_run citizens=70000 inflow=0.25/year weeks=520 seconds={national:.2f} "
        f"target=10 ratio={10 / national:.2f}",
        flush=True,
    )
    print(
        f"peak_memory citizens=100000 weeks=208 mb={big['peak_mb']:.0f} target=488 "
        f"ratio={488 / big['peak_mb']:.2f}",
        flush=True,
    )
    if not args.skip_sweep:
        print(sweep_line(args.sweep_runs), flush=True)
    print(agreement_line(), flush=True)


if __name__ == "__main__":
    main()
