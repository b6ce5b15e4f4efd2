"""A run's cost as a fixed part plus a part per citizen-week, and what each design buys.

Issue 17 names two routes to faster comparisons and sweeps: compiling more of the week, which
cuts the cost per citizen-week, and a replicate axis (R runs stepped as one), which shares the
cost every week pays whatever the cohort's size (the Python between kernels, the kernels' calls,
the random-number calls) among R runs but leaves the per-citizen work as it is. Which one a
target needs follows from the two parts, so this measures them: runs of several cohort sizes
and strategies, each the same run (same seed) every round, timed in one process in an order
that alternates from round to round; the fastest round of each counts, since other tenants of a
shared machine only ever add time. Then a line through

    seconds = weeks * (fixed + marginal * citizens)

fitted by least squares on relative errors (each run weighs alike, whatever its length). All
runs have the same weeks, so `fixed` is the run's fixed cost, setting up included, spread over
its weeks; `marginal` is what one more citizen adds to a week, not the average cost of a
citizen-week that benchmarks/speed.py prints. Prints, per strategy:

    cost_model strategy=S fixed_us_per_week=... marginal_us_per_citizen_week=... worst_fit=...
    cost_model_size strategy=S citizens=N run_s=... fitted_s=... fixed_share=...
    replicate_axis_bound strategy=S citizens=N replicates=R speedup_at_most=...

`worst_fit` is the largest relative gap between a measured run and the line: above about 0.1 the
sitting was too noisy, or the cost not linear enough, to read much into the parts. The last line
(for cohorts of 1,000 citizens or more) is an upper bound: the speed-up if R replicates shared the
fixed part perfectly and the marginal part did not grow at all (it would, a little: R times the
arrays leave the cache sooner).

Usage: python benchmarks/cost_model.py [--sizes 100,500,1000,2000,4000] [--weeks 208]
       [--rounds 7] [--strategies status_quo,parallel] [--replicates 20]
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


def fastest_runs(
    cases: list[tuple[str, int]], weeks: int, rounds: int
) -> dict[tuple[str, int], float]:
    """Fastest seconds of `rounds` runs of each (strategy, citizens) case, the same seed every
    time, the cases taken in turn each round (forwards, then backwards) so that a slow spell
    of the machine is spread over all of them."""
    params = {
        (strategy, n): Params().with_values(
            **{"population.n_citizens": n, "run.weeks": weeks, "strategy.name": strategy}
        )
        for strategy, n in cases
    }
    best = dict.fromkeys(cases, float("inf"))
    for case in cases:
        simulate(params[case], SEED, detail=False)  # first touch of each case's code paths
    for r in range(rounds):
        for case in cases if r % 2 == 0 else reversed(cases):
            t0 = time.perf_counter()
            simulate(params[case], SEED, detail=False)
            best[case] = min(best[case], time.perf_counter() - t0)
    return best


def fit_line(sizes: list[int], seconds: list[float], weeks: int) -> tuple[float, float]:
    """(fixed seconds per week, marginal seconds per citizen-week), least squares on relative
    errors: each row is divided by its measured seconds."""
    y = np.asarray(seconds)
    design = np.column_stack([np.full(len(sizes), float(weeks)), weeks * np.asarray(sizes, float)])
    (fixed, marginal), *_ = np.linalg.lstsq(design / y[:, None], np.ones_like(y), rcond=None)
    return float(fixed), float(marginal)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,500,1000,2000,4000")
    parser.add_argument("--weeks", type=int, default=208)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--strategies", default="status_quo,parallel")
    parser.add_argument("--replicates", type=int, default=20)
    args = parser.parse_args()
    sizes = sorted(int(x) for x in args.sizes.split(","))
    if len(sizes) < 2:
        parser.error("--sizes needs at least two cohort sizes to fit a line")
    warm_up()
    strategies = args.strategies.split(",")
    best = fastest_runs([(s, n) for s in strategies for n in sizes], args.weeks, args.rounds)
    for strategy in strategies:
        seconds = [best[strategy, n] for n in sizes]
        fixed, marginal = fit_line(sizes, seconds, args.weeks)
        fitted = {n: args.weeks * (fixed + marginal * n) for n in sizes}
        worst = max(abs(best[strategy, n] - fitted[n]) / best[strategy, n] for n in sizes)
        print(
            f"cost_model strategy={strategy} fixed_us_per_week={fixed * 1e6:.0f} "
            f"marginal_us_per_citizen_week={marginal * 1e6:.3f} worst_fit={worst:.2f}",
            flush=True,
        )
        for n in sizes:
            share = args.weeks * fixed / fitted[n]
            print(
                f"cost_model_size strategy={strategy} citizens={n} "
                f"run_s={best[strategy, n]:.4f} fitted_s={fitted[n]:.4f} fixed_share={share:.2f}",
                flush=True,
            )
        if fixed <= 0 or marginal <= 0:
            print(f"cost_model strategy={strategy}: a part came out negative; no bound", flush=True)
            continue
        r = args.replicates
        for n in (n for n in sizes if n >= 1000):
            shared = fixed / r + marginal * n
            print(
                f"replicate_axis_bound strategy={strategy} citizens={n} replicates={r} "
                f"speedup_at_most={(fixed + marginal * n) / shared:.2f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
