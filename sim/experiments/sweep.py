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
from dataclasses import dataclass
from typing import Any

import pandas as pd

from sim.core import ParamError
from sim.experiments.design import Design, build_design
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

    def design_table(self) -> pd.DataFrame:
        rows = []
        for spec in self.specs:
            row = {
                "run_id": spec.run_id,
                "point_id": spec.point_id,
                "replicate": spec.replicate,
                "seed": spec.seed,
            }
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
) -> Plan:
    """All runs of the sweep, each design point checked against the parameter schema.

    The runner is part of the plan (and its hash): a resume with another runner would mix the
    numbers of two models in one dataset.
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
    specs = [
        RunSpec(run_id=p * reps + r, seed=seeds[r], replicate=r, point_id=p, overrides=point)
        for p, point in enumerate(design.points)
        for r in range(reps)
    ]
    fingerprint = json.dumps(
        {
            "sweep": sweep.text_hash,
            "base": scenario_hash(base),
            "replicates": reps,
            "runner": runner,
        },
        sort_keys=True,
    )
    plan_hash = hashlib.sha256(fingerprint.encode()).hexdigest()
    return Plan(sweep, design, base.params.to_dict(), specs, reps, plan_hash, runner)


def chunked(specs: list[RunSpec], size: int) -> list[list[RunSpec]]:
    return [specs[i : i + size] for i in range(0, len(specs), size)]


def default_chunk_size(n_runs: int, workers: int) -> int:
    """Enough chunks to keep every worker busy to the end and resume fine-grained.

    Sending a chunk costs a few milliseconds, so ten runs per chunk is plenty; more would
    leave a core idle while the last chunk finishes.
    """
    return max(1, min(10, math.ceil(n_runs / (8 * max(workers, 1)))))
