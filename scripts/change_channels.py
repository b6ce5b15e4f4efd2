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


def log_ratios(params, seeds) -> np.ndarray:
    """The P2 estimator's log hazard ratio per change, one per replicate."""
    out = []
    for seed in seeds:
        r = simulate(params, seed)
        out.append(math.log(hazard_ratio_per_change(r.panel, r.events)))
    return np.asarray(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", nargs="?", default="defaults", help="a scenario, or 'defaults'")
    ap.add_argument("--replicates", type=int, default=16)
    ap.add_argument("--citizens", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=4242)
    a = ap.parse_args()
    if a.scenario == "defaults":  # the model's documented first guesses, status quo
        base = Params().with_values(citizens=a.citizens, weeks=208)
    else:
        base = load_scenario(locate(a.scenario)).params.with_values(citizens=a.citizens)
    seeds = replicate_seeds(a.seed, a.replicates)
    full = log_ratios(base, seeds)
    n = a.replicates
    print(
        f"scenario {a.scenario}, {a.citizens} citizens x {base.run.weeks} weeks, {n} "
        "replicates with common random numbers; share = paired mean change in log HR / log HR"
    )
    print(f"{'channel switched off':48s} {'HR per change':>13s} {'share carried':>20s}")
    hr = math.exp(full.mean())
    se = full.std(ddof=1) / math.sqrt(n)
    print(f"{'(none: all channels on)':48s} {hr:13.3f}   (log HR {full.mean():.3f} +/- {se:.3f})")
    everything: dict[str, object] = {}
    rows = [(name, off) for name, off in CHANNELS.items()]
    for name, off in [*rows, ("all of them", None)]:
        if off is None:
            off = everything
        else:
            everything.update(off)
        logs = log_ratios(base.with_values(**off), seeds)
        diff = full - logs  # how much more negative the log HR is with the channel on
        share = diff.mean() / full.mean()
        share_se = diff.std(ddof=1) / math.sqrt(n) / abs(full.mean())
        print(f"{name:48s} {math.exp(logs.mean()):13.3f} {share:12.0%} +/- {share_se:.0%}")


if __name__ == "__main__":
    main()
