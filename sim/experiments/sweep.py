"""Running a sweep: plan the runs, skip the finished ones, stream chunks to disk as they end.

The plan is fixed before anything runs: design point x replicate, with run ids in that order
and one seed per replicate shared by every design point (common random numbers across points).
The parent process never holds more than the chunks in flight; each finished chunk is written
at once, so killing the sweep loses at most the chunks that were running.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.core import ParamError, Params
from sim.experiments.design import Design, build_design
from sim.experiments.ensemble import without_own
from sim.experiments.limits import LIMITS
from sim.experiments.scenario import ScenarioError, scenario_hash, with_overrides
from sim.experiments.sweepfile import Sweep
from sim.experiments.worker import (
    DEFAULT_RUNNER,
    RunSpec,
    check_runner,
    replicate_seed_ints,
)


@dataclass
class Plan:
    sweep: Sweep
    design: Design
    base: dict[str, dict[str, Any]]
    specs: list[RunSpec]
    replicates: int
    plan_hash: str
    runner: str = DEFAULT_RUNNER
    ensemble: list[dict[str, float]] | None = None  # parameter sets, with `sets` per replicate
    sets: list[int] | None = None
    kept: list[str] = field(default_factory=list)  # the base's own values, not varied

    @property
    def ensemble_keys(self) -> list[str]:
        """The parameters the ensemble varies that the design does not (design.parquet)."""
        if not self.ensemble:
            return []
        factors = set(self.design.problem["names"])
        return sorted({k for s in self.ensemble for k in s} - factors)

    def design_table(self) -> pd.DataFrame:
        rows = []
        for spec in self.specs:
            row = {
                "run_id": spec.run_id,
                "point_id": spec.point_id,
                "replicate": spec.replicate,
                "seed": spec.seed,
            }
            if self.sets is not None:
                row["parameter_set"] = self.sets[spec.replicate]
            row.update(spec.overrides)
            rows.append(row)
        table = pd.DataFrame(rows)
        for j, name in enumerate(self.design.problem["names"]):
            table[f"x:{name}"] = self.design.x[table["point_id"].to_numpy(), j]
        return table


def make_plan(
    sweep: Sweep,
    *,
    citizens: int | None = None,
    weeks: int | None = None,
    replicates: int | None = None,
    runner: str = DEFAULT_RUNNER,
    ensemble: list[dict[str, float]] | None = None,
    fitted: Params | None = None,
) -> Plan:
    """All runs of the sweep, each design point checked against the parameter schema.

    The runner is part of the plan (and its hash): a resume with another runner would mix the
    numbers of two models in one dataset.

    With `ensemble` (plausible parameter sets, e.g. calibration/ensemble.toml) replicate r of
    every design point also runs with the set `ensemble_sets` gives it: the same seed and the
    same parameters at every point, so a difference between points is still the factors'
    doing. A factor of the design keeps the design's value where a set also gives one (the
    sweep asks about that factor), and so does every parameter the base scenario sets
    differently from `fitted` (the calibrated values; `without_own`): a sweep over a
    low-turnover scenario stays at its turnover. The ensemble is part of the plan's hash.
    """
    base = with_overrides(sweep.base, citizens=citizens, weeks=weeks)
    try:
        check_runner(runner)
    except ValueError as exc:
        raise ScenarioError("command line", "--runner", runner, str(exc)) from None
    reps = replicates or sweep.replicates
    if not LIMITS["replicates"].ok(reps):
        raise ScenarioError("command line", "--replicates", reps, LIMITS["replicates"].allowed())
    n_runs = sweep.n_points * reps
    if not LIMITS["runs"].ok(n_runs):
        raise ScenarioError(
            sweep.source,
            "[design]",
            None,
            f"{sweep.n_points:,} design points x {reps:,} replicates = {n_runs:,} runs; "
            f"at most {LIMITS['runs'].hi:,} runs in one sweep",
        )
    design = build_design(sweep)
    for i, point in enumerate(design.points):
        try:
            base.params.with_values(**point)
        except ParamError as exc:
            shown = ", ".join(f"{k} = {v!r}" for k, v in point.items())
            raise ScenarioError(
                sweep.source, f"design point {i} ({shown}): {exc.key}", exc.value, exc.allowed
            ) from None
    seeds = replicate_seed_ints(sweep.seed, reps)
    kept: list[str] = []
    if ensemble and fitted is not None:
        ensemble, kept = without_own(ensemble, base.params, fitted)
    sets = ensemble_sets(len(ensemble), reps, sweep.seed) if ensemble else None

    def overrides(point: dict[str, Any], r: int) -> dict[str, Any]:
        if sets is None:
            return point
        drawn = ensemble[sets[r]]
        return {**{k: v for k, v in drawn.items() if k not in point}, **point}

    specs = [
        RunSpec(
            run_id=p * reps + r,
            seed=seeds[r],
            replicate=r,
            point_id=p,
            overrides=overrides(point, r),
        )
        for p, point in enumerate(design.points)
        for r in range(reps)
    ]
    fingerprint = {
        "sweep": sweep.text_hash,
        "base": scenario_hash(base),
        "replicates": reps,
        "runner": runner,
    }
    if ensemble:
        fingerprint["ensemble"] = ensemble
    text = json.dumps(fingerprint, sort_keys=True)
    plan_hash = hashlib.sha256(text.encode()).hexdigest()
    return Plan(
        sweep, design, base.params.to_dict(), specs, reps, plan_hash, runner, ensemble, sets, kept
    )


def ensemble_sets(n_sets: int, replicates: int, root_seed: int) -> list[int]:
    """The parameter set of each replicate: `min(n_sets, replicates // 2)` sets (at least
    one) drawn without replacement with a generator seeded from the sweep's seed, used in
    turn, so that each set is seen by at least two cohorts and the spread between sets can be
    told from chance (as in `fremdrift compare --ensemble`)."""
    k = max(1, min(n_sets, replicates // 2))
    rng = np.random.default_rng(np.random.SeedSequence([root_seed, 3]))
    chosen = rng.choice(n_sets, size=k, replace=False)
    return [int(chosen[r % k]) for r in range(replicates)]


def chunked(specs: list[RunSpec], size: int) -> list[list[RunSpec]]:
    return [specs[i : i + size] for i in range(0, len(specs), size)]


def default_chunk_size(n_runs: int, workers: int) -> int:
    """Enough chunks to keep every worker busy to the end and resume fine-grained.

    Sending a chunk costs a few milliseconds, so ten runs per chunk is plenty; more would
    leave a core idle while the last chunk finishes.
    """
    return max(1, min(10, math.ceil(n_runs / (8 * max(workers, 1)))))
