"""How much of the estimated cost of a caseworker change each channel carries (issue: change
channels). Runs a scenario with every channel on, then with each switched off in turn, and
applies the BIP study's own estimator (the job hazard ratio per change so far, P2) to each.

    .venv/bin/python scripts/change_channels.py [SCENARIO] [--replicates R] [--citizens N]

The share a channel carries is how much of the log hazard ratio disappears without it.
"""

from __future__ import annotations

import argparse
import math

import numpy as np

from calibration.estimators import hazard_ratio_per_change
from sim.core import Params, replicate_seeds, simulate
from sim.experiments.scenario import load_scenario, locate

CHANNELS: dict[str, dict[str, object]] = {
    "self-belief starts over": {"dynamics.self_belief_loss_change": 0.0},
    "the new caseworker knows the citizen less": {"caseworkers.rel_belief_noise_new": 1.0},
    "waiting-list places lost": {"interventions.p_lose_waiting_on_change": 0.0},
    "push dips after a change (worse in standstill)": {"dynamics.push_change": 0.0},
    "vacancy weeks without follow-up": {"caseworkers.vacancy_cover": 1.0},
    "direct residual multiplier": {"dynamics.rel_job_per_change": 1.0},
}


def estimate(params, seeds) -> tuple[float, float]:
    """Mean and standard error of the P2 estimator over replicates."""
    values = []
    for seed in seeds:
        r = simulate(params, seed)
        values.append(hazard_ratio_per_change(r.panel, r.events))
    v = np.log(np.asarray(values))
    return float(np.exp(v.mean())), float(v.std(ddof=1) / math.sqrt(v.size))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", nargs="?", default="defaults", help="a scenario, or 'defaults'")
    ap.add_argument("--replicates", type=int, default=8)
    ap.add_argument("--citizens", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=4242)
    a = ap.parse_args()
    if a.scenario == "defaults":  # the model's documented first guesses, status quo
        base = Params().with_values(citizens=a.citizens, weeks=208)
    else:
        base = load_scenario(locate(a.scenario)).params.with_values(citizens=a.citizens)
    seeds = replicate_seeds(a.seed, a.replicates)
    full, se = estimate(base, seeds)
    print(
        f"scenario {a.scenario}, {a.citizens} citizens x {base.run.weeks} weeks, "
        f"{a.replicates} replicates (common random numbers)"
    )
    print(f"{'channel switched off':48s} {'HR per change':>13s} {'share carried':>13s}")
    print(f"{'(none: all channels on)':48s} {full:13.3f} {'':>13s}   (log SE {se:.3f})")
    everything: dict[str, object] = {}
    for name, off in CHANNELS.items():
        everything.update(off)
        hr, _ = estimate(base.with_values(**off), seeds)
        share = 1 - math.log(hr) / math.log(full) if full != 1 else float("nan")
        print(f"{name:48s} {hr:13.3f} {share:13.0%}")
    hr, _ = estimate(base.with_values(**everything), seeds)
    print(f"{'all of them':48s} {hr:13.3f} {1 - math.log(hr) / math.log(full):13.0%}")


if __name__ == "__main__":
    main()
