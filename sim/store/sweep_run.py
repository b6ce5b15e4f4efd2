"""Running a planned sweep into its folder: the store layer's half of a sweep.

`sim.experiments.sweep` plans the runs (design, seeds, plan hash); this module runs the ones
not yet on disk on an executor and writes each finished chunk to the locked sweep store, so a
sweep resumes after a kill at any moment with no run lost or repeated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from sim.experiments.executors import Executor
from sim.experiments.sweep import Plan, chunked, default_chunk_size
from sim.experiments.worker import run_chunks
from sim.store.run_output import library_versions, provenance
from sim.store.schemas import arrow_type, design_schema
from sim.store.sweep_store import SCHEMA_VERSION, SweepStore


def design_table(plan: Plan) -> pa.Table:
    """design.parquet: every planned run with its factors' values, each column typed like its
    parameter (a listed float factor such as [1, 2.5] stays a float column), and the x: columns.
    """
    types = {}
    for key in plan.design.problem["names"]:
        group, name = key.split(".", 1)
        types[key] = arrow_type(plan.base[group][name])
    frame = plan.design_table()
    for key, kind in types.items():
        if kind == pa.float64():
            frame[key] = frame[key].astype(float)
    ensemble = {}
    for key in plan.ensemble_keys:
        frame[key] = frame[key].astype(float)
        ensemble[key] = pa.float64()
    schema = design_schema(types, ensemble if plan.ensemble else None)
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False)


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
        "ensemble": (
            {
                "sets": plan.ensemble,
                "parameter_set_of_replicate": plan.sets,
                "kept": plan.kept,
            }
            if plan.ensemble
            else None
        ),
        "base": {"name": s.base.name, "source": s.base.source, "params": plan.base},
        "versions": library_versions(),
        "provenance": provenance(),
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
    store = SweepStore.open(
        out, plan_metadata(plan), design_table(plan), resume=resume, overwrite=overwrite
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
