"""Experimental designs: which parameter values each design point gets.

Grid is the full factorial. Latin hypercube comes from `scipy.stats.qmc`. Sobol uses Saltelli's
scheme and Morris uses elementary-effect trajectories, both from SALib, because the sensitivity
indices need exactly those structures. All designs are seeded.

Each design also keeps its raw sample matrix `x` in the "problem space" SALib analyses: a range
factor's raw value, or, for a listed factor, a number in [0, k) whose whole part picks the value.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.stats import qmc

from sim.experiments.sweepfile import Factor, Sweep


@dataclass
class Design:
    points: list[dict[str, Any]]  # per point: factor key -> parameter value
    x: np.ndarray  # (n_points, n_factors) raw samples in problem space
    problem: dict[str, Any]  # SALib problem definition

    def __len__(self) -> int:
        return len(self.points)


def problem_of(factors: tuple[Factor, ...]) -> dict[str, Any]:
    bounds = [[f.low, f.high] if f.is_range else [0.0, float(len(f.values))] for f in factors]
    return {"num_vars": len(factors), "names": [f.key for f in factors], "bounds": bounds}


def _value(f: Factor, x: float) -> Any:
    """The parameter value a raw sample stands for."""
    if f.is_range:
        return round(x) if f.integer else float(x)
    index = min(int(np.floor(x)), len(f.values) - 1)
    return f.values[max(index, 0)]


def build_design(sweep: Sweep) -> Design:
    factors = sweep.factors
    problem = problem_of(factors)
    if sweep.design == "grid":
        levels = [f.values for f in factors]
        points = [
            dict(zip(problem["names"], combo, strict=True)) for combo in itertools.product(*levels)
        ]
        x = np.array(
            [
                [
                    float(v) if f.is_range else float(f.values.index(v))
                    for f, v in zip(factors, combo, strict=True)
                ]
                for combo in itertools.product(*levels)
            ]
        )
        return Design(points, x.reshape(len(points), len(factors)), problem)
    if sweep.design == "lhs":
        rng = np.random.default_rng(np.random.SeedSequence(sweep.seed))
        unit = qmc.LatinHypercube(d=len(factors), rng=rng).random(sweep.samples)
        lo = np.array([b[0] for b in problem["bounds"]])
        hi = np.array([b[1] for b in problem["bounds"]])
        x = lo + unit * (hi - lo)
    elif sweep.design == "sobol":
        from SALib.sample import sobol

        x = sobol.sample(problem, sweep.samples, calc_second_order=False, seed=_salib_seed(sweep))
    else:
        from SALib.sample import morris

        x = morris.sample(problem, sweep.samples, num_levels=sweep.levels, seed=_salib_seed(sweep))
    points = [{f.key: _value(f, row[j]) for j, f in enumerate(factors)} for row in np.asarray(x)]
    return Design(points, np.asarray(x, dtype=float), problem)


def _salib_seed(sweep: Sweep) -> int:
    return int(np.random.SeedSequence(sweep.seed).generate_state(1)[0])
