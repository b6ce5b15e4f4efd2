"""Speed of the vectorised model against the per-agent Mesa reference, side by side.

For each size, both models run the same weeks in this process and the script prints one line:

    citizens=N weeks=W reference us_per_citizen_week=A vectorised us_per_citizen_week=B ratio=A/B

The reference is slow, so by default it runs the first --ratio-weeks weeks only (both models
run exactly those weeks for the ratio). Then the vectorised model runs the full --weeks in a
fresh process, which reports its time and peak memory:

    citizens=N weeks=208 vectorised setup_s=... run_s=... total_s=... peak_memory_mb=...

Targets (issue 2): ratio >= 30 at 10,000 and 100,000 citizens; 100,000 x 208 weeks in <= 5 s on
one core; peak memory <= 2 GB at 100,000.

Usage: python benchmarks/speed.py [--citizens 10000 100000] [--weeks 208] [--ratio-weeks 26]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.reference_model import ReferenceModel  # noqa: E402
from sim.core import FremdriftModel, Params  # noqa: E402

SEED = 20261122

FULL_RUN = """
import json, resource, time
from sim.core import FremdriftModel, Params
p = Params().with_values(**{{"population.n_citizens": {n}, "run.weeks": {weeks}}})
t0 = time.perf_counter()
m = FremdriftModel(p, {seed})
t1 = time.perf_counter()
for _ in range({weeks}):
    m.step()
t2 = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"setup": t1 - t0, "run": t2 - t1, "peak_mb": peak}}))
"""


def time_model(factory, weeks: int) -> float:
    """Seconds for `weeks` steps, construction excluded (both models pay it once)."""
    model = factory()
    start = time.perf_counter()
    for _ in range(weeks):
        model.step()
    return time.perf_counter() - start


def ratio_line(n: int, weeks: int) -> str:
    params = Params().with_values(**{"population.n_citizens": n, "run.weeks": weeks})
    ref = time_model(lambda: ReferenceModel(params, SEED), weeks)
    vec = time_model(lambda: FremdriftModel(params, SEED), weeks)
    cw = n * weeks
    return (
        f"citizens={n} weeks={weeks} reference us_per_citizen_week={ref / cw * 1e6:.3f} "
        f"vectorised us_per_citizen_week={vec / cw * 1e6:.3f} ratio={ref / vec:.1f}"
    )


def full_run_line(n: int, weeks: int) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    code = FULL_RUN.format(n=n, weeks=weeks, seed=SEED)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    r = json.loads(out.stdout.strip().splitlines()[-1])
    return (
        f"citizens={n} weeks={weeks} vectorised setup_s={r['setup']:.2f} run_s={r['run']:.2f} "
        f"total_s={r['setup'] + r['run']:.2f} peak_memory_mb={r['peak_mb']:.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--weeks", type=int, default=208)
    parser.add_argument("--ratio-weeks", type=int, default=26)
    args = parser.parse_args()
    for n in args.citizens:
        print(ratio_line(n, args.ratio_weeks), flush=True)
        print(full_run_line(n, args.weeks), flush=True)


if __name__ == "__main__":
    main()
