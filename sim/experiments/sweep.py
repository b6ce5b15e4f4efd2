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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from sim.core import ParamError
from sim.experiments.design import Design, build_design
from sim.experiments.executors import Executor
from sim.experiments.limits import LIMITS
from sim.experiments.scenario import ScenarioError, with_overrides
from sim.experiments.sweepfile import Sweep
from sim.experiments.worker import (
    DEFAULT_RUNNER,
    RunSpec,
    check_runner,
    flat_params,
    replicate_seed_ints,
    run_chunks,
)
from sim.store.run_output import library_versions, scenario_hash
from sim.store.sweep_store import SCHEMA_VERSION, SweepStore, runs_schema, weekly_schema


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


def plan_metadata(plan: Plan) -> dict[str, Any]:
    s = plan.sweep
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "sweep",
        "sweep": {
            "name": s.name,
            "description": s.description,
            "source": s.source,
            "sha256": s.text_hash,
        },
        "plan_hash": plan.plan_hash,
        "design": {
            "kind": s.design,
            "samples": s.samples,
            "levels": s.levels,
            "n_points": len(plan.design),
        },
        "problem": plan.design.problem,
        "factors": [
            {"key": f.key, "values": list(f.values), "low": f.low, "high": f.high}
            for f in s.factors
        ],
        "root_seed": s.seed,
        "replicates": plan.replicates,
        "runner": plan.runner,
        "n_runs": len(plan.specs),
        "base": {"name": s.base.name, "source": s.base.source, "params": plan.base},
        "versions": library_versions(),
    }


@dataclass
class SweepReport:
    n_runs: int
    n_done_before: int  # runs with a row on disk before this call (failed ones included)
    n_failed_before: int = 0  # of those, failed and not retried
    n_retried: int = 0  # failed runs forgotten and run again (--retry-failed)
    n_ran: int = 0
    failures: list[tuple[int, str]] = field(default_factory=list)
    took_over_from: dict[str, Any] | None = None  # a killed sweep's stale lock, taken over

    @property
    def n_failed(self) -> int:
        return len(self.failures)


def chunked(specs: list[RunSpec], size: int) -> list[list[RunSpec]]:
    return [specs[i : i + size] for i in range(0, len(specs), size)]


def default_chunk_size(n_runs: int, workers: int) -> int:
    """Enough chunks to keep every worker busy to the end and resume fine-grained.

    Sending a chunk costs a few milliseconds, so ten runs per chunk is plenty; more would
    leave a core idle while the last chunk finishes.
    """
    return max(1, min(10, math.ceil(n_runs / (8 * max(workers, 1)))))


def run_plan(
    plan: Plan,
    out: str | Path,
    executor: Executor,
    *,
    resume: bool = False,
    overwrite: bool = False,
    retry_failed: bool = False,
    chunk_size: int | None = None,
    on_chunk: Callable[[int], None] | None = None,
    on_start: Callable[[int, int], None] | None = None,
) -> SweepReport:
    """Run every planned run not already on disk; `on_chunk(n)` reports progress.

    The output folder stays locked while this runs. With `retry_failed`, runs recorded as
    failed are run again; otherwise they stay failed and are counted in the report.
    """
    schemas = (runs_schema(flat_params(plan.base)), weekly_schema())
    store = SweepStore.open(
        out,
        plan_metadata(plan),
        plan.design_table(),
        resume=resume,
        overwrite=overwrite,
        schemas=schemas,
    )
    with store:
        retried = store.forget_failed() if retry_failed else set()
        done = store.completed_run_ids()
        failed_before = store.failed_run_ids()
        todo = [s for s in plan.specs if s.run_id not in done]
        report = SweepReport(
            n_runs=len(plan.specs),
            n_done_before=len(done),
            n_failed_before=len(failed_before),
            n_retried=len(retried),
            took_over_from=store.took_over_from,
        )
        if on_start:
            on_start(len(plan.specs), len(done))
        size = chunk_size or default_chunk_size(len(todo), executor.workers)
        name = plan.sweep.base.name
        jobs = ((plan.base, chunk, plan.runner, name) for chunk in chunked(todo, size))
        for output in run_chunks(executor, jobs):
            store.write_chunk(output.runs, output.weekly)
            for run_id, error in zip(output.runs["run_id"], output.runs["error"], strict=True):
                if error is not None:
                    report.failures.append((run_id, error))
            report.n_ran += len(output.runs["run_id"])
            if on_chunk:
                on_chunk(len(output.runs["run_id"]))
    return report
