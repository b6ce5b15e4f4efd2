"""A run's cost as a fixed part per week plus a part per citizen-week, and what each design buys.

Issue 17 names two routes to faster comparisons and sweeps: compiling more of the week, which
cuts the cost per citizen-week, and a replicate axis (R runs stepped as one), which shares the
cost every week pays whatever the cohort's size (the Python between kernels, the kernels' calls,
the random-number calls) among R runs but leaves the per-citizen work as it is. Which one a
target needs follows from the two parts, so this measures them: runs of several cohort sizes,
timed in one process in alternating order (fastest of the rounds for each size, since other
tenants of a shared machine only ever add time), and a least-squares line through

    seconds = weeks * (fixed + per_citizen * citizens)

Prints, per strategy:

    cost_model strategy=S fixed_us_per_week=... per_citizen_week_us=... worst_fit=...
    cost_model_size strategy=S citizens=N run_s=... fitted_s=... fixed_share=...
    replicate_axis_bound strategy=S citizens=N replicates=R speedup_at_most=...

`worst_fit` is the largest relative gap between a measured run and the line. The last line is
an upper bound: the speed-up if R replicates shared the fixed part perfectly and the per-citizen
part did not grow at all (it would, a little: R times the arrays leave the cache sooner).

Usage: python benchmarks/cost_model.py [--sizes 100,500,1000,2000,4000] [--weeks 208]
       [--rounds 5] [--strategies status_quo,parallel] [--replicates 20]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.core import Params, simulate  # noqa: E402
from sim.core.compiled import warm_up  # noqa: E402

SEED = 20261201


def fastest_runs(sizes: list[int], weeks: int, rounds: int, strategy: str) -> dict[int, float]:
    """Fastest seconds of `rounds` runs per cohort size, the sizes taken in turn each round
    (forwards, then backwards) so that a slow spell of the machine is spread over all of them."""
    params = {
        n: Params().with_values(
            **{"population.n_citizens": n, "run.weeks": weeks, "strategy.name": strategy}
        )
        for n in sizes
    }
    best = dict.fromkeys(sizes, float("inf"))
    for n in sizes:
        simulate(params[n], SEED, detail=False)  # first touch of each size's code paths
    for r in range(rounds):
        for n in sizes if r % 2 == 0 else reversed(sizes):
            t0 = time.perf_counter()
            simulate(params[n], SEED + r, detail=False)
            best[n] = min(best[n], time.perf_counter() - t0)
    return best


def fit_line(sizes: list[int], seconds: list[float], weeks: int) -> tuple[float, float]:
    """(fixed seconds per week, seconds per citizen-week), least squares."""
    design = np.column_stack([np.full(len(sizes), float(weeks)), weeks * np.asarray(sizes, float)])
    (fixed, per_citizen), *_ = np.linalg.lstsq(design, np.asarray(seconds), rcond=None)
    return float(fixed), float(per_citizen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,500,1000,2000,4000")
    parser.add_argument("--weeks", type=int, default=208)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--strategies", default="status_quo,parallel")
    parser.add_argument("--replicates", type=int, default=20)
    args = parser.parse_args()
    sizes = sorted(int(x) for x in args.sizes.split(","))
    if len(sizes) < 2:
        parser.error("--sizes needs at least two cohort sizes to fit a line")
    warm_up()
    for strategy in args.strategies.split(","):
        best = fastest_runs(sizes, args.weeks, args.rounds, strategy)
        seconds = [best[n] for n in sizes]
        fixed, per_citizen = fit_line(sizes, seconds, args.weeks)
        fitted = {n: args.weeks * (fixed + per_citizen * n) for n in sizes}
        worst = max(abs(best[n] - fitted[n]) / best[n] for n in sizes)
        print(
            f"cost_model strategy={strategy} fixed_us_per_week={fixed * 1e6:.0f} "
            f"per_citizen_week_us={per_citizen * 1e6:.3f} worst_fit={worst:.2f}",
            flush=True,
        )
        for n in sizes:
            share = args.weeks * fixed / fitted[n]
            print(
                f"cost_model_size strategy={strategy} citizens={n} run_s={best[n]:.4f} "
                f"fitted_s={fitted[n]:.4f} fixed_share={share:.2f}",
                flush=True,
            )
        r = args.replicates
        for n in (n for n in sizes if n >= 1000):
            shared = fixed / r + per_citizen * n
            print(
                f"replicate_axis_bound strategy={strategy} citizens={n} replicates={r} "
                f"speedup_at_most={(fixed + per_citizen * n) / shared:.2f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
