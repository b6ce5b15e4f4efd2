"""What a worker process does with a chunk of runs: run each, keep outcomes, never give up.

A chunk is a base parameter set plus run specs. Each run's outcomes and weekly series come back
as plain arrays (cheap to send between processes). A run that raises is returned as a row with
its error and no outcomes, and the rest of the chunk goes on.
"""

from __future__ import annotations

import importlib
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.core import Params
from sim.experiments.executors import Executor, JobCrashed
from sim.experiments.outcomes import OUTCOMES, WEEKLY_SERIES, outcome_row, weekly_series

# Sweeps and comparisons read outcomes and weekly series only, so they skip the per-citizen
# event log and panel (same numbers, less work).
DEFAULT_RUNNER = "sim.core.runner:run_without_detail"


@dataclass(frozen=True)
class RunSpec:
    run_id: int
    seed: int
    replicate: int
    point_id: int = 0
    overrides: dict[str, Any] = field(default_factory=dict)


@dataclass
class ChunkOutput:
    runs: dict[str, list]
    weekly: dict[str, np.ndarray]


def _resolve(path: str):
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def check_runner(path: str) -> str:
    """`module:function` importable here (the workers import it the same way); ValueError else."""
    module, sep, name = path.partition(":")
    if not sep or not module or not name.isidentifier():
        raise ValueError("expected MODULE:FUNCTION, e.g. sim.core.runner:run_without_detail")
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise ValueError(f"cannot import module {module!r} ({type(exc).__name__})") from None
    except Exception as exc:  # importing user code may raise anything; report it in one line
        raise ValueError(f"importing module {module!r} failed ({type(exc).__name__})") from None
    if not callable(getattr(mod, name, None)):
        raise ValueError(f"module {module!r} has no function {name!r}")
    return path


KEYS = ("run_id", "scenario", "point_id", "replicate", "seed")


def _empty_rows() -> dict[str, list]:
    """The columns of a chunk's rows: keys, error, outcomes. No parameter values: the caller
    knows them from the specs (a sweep keeps them in its design table, a comparison in its
    scenarios), and repeating every parameter in every row would give two places to disagree."""
    return {k: [] for k in (*KEYS, "error", *OUTCOMES)}


def _add_spec(rows, spec: RunSpec, scenario: str) -> None:
    for key, value in zip(
        KEYS, (spec.run_id, scenario, spec.point_id, spec.replicate, spec.seed), strict=True
    ):
        rows[key].append(value)


def _add_failure(rows, error: str) -> None:
    rows["error"].append(error)
    for key in OUTCOMES:
        rows[key].append(float("nan"))


def _weekly(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    columns = ("run_id", "week", *WEEKLY_SERIES)
    if parts:
        return {c: np.concatenate([p[c] for p in parts]) for c in columns}
    weekly = {c: np.zeros(0, dtype=np.float64) for c in columns}
    weekly["run_id"] = np.zeros(0, dtype=np.int64)
    weekly["week"] = np.zeros(0, dtype=np.int32)
    return weekly


def run_chunk(
    base: dict[str, dict[str, Any]],
    specs: list[RunSpec],
    runner: str = DEFAULT_RUNNER,
    scenario: str = "",
) -> ChunkOutput:
    """Run `specs` on top of `base`; one row per run with its keys (run, scenario, point,
    replicate, seed) and the outcomes (or the error), plus the weekly series keyed by run_id."""
    base_params = Params.from_dict(base)
    try:
        run = _resolve(runner)
    except Exception as exc:  # e.g. a worker machine without the runner's module
        cause = f"the runner {runner!r} cannot be loaded here ({type(exc).__name__}: {exc})"
        return crashed_chunk(base, specs, scenario, cause, kind="RunnerError")
    rows = _empty_rows()
    weekly_parts: list[dict[str, np.ndarray]] = []
    for spec in specs:
        _add_spec(rows, spec, scenario)
        try:
            params = base_params.with_values(**spec.overrides) if spec.overrides else base_params
            result = run(params, spec.seed)
            outcomes = outcome_row(result)
            series = weekly_series(result)
        except Exception as exc:  # a failed run is data, not a crash of the sweep
            last = traceback.extract_tb(exc.__traceback__)[-1]
            _add_failure(rows, f"{type(exc).__name__}: {exc} ({last.filename}:{last.lineno})")
            continue
        rows["error"].append(None)
        for key in OUTCOMES:
            rows[key].append(outcomes[key])
        series["run_id"] = np.full(series["week"].size, spec.run_id, dtype=np.int64)
        weekly_parts.append(series)
    return ChunkOutput(rows, _weekly(weekly_parts))


def crashed_chunk(
    base: dict[str, dict[str, Any]],
    specs: list[RunSpec],
    scenario: str,
    cause: str,
    kind: str = "WorkerDied",
) -> ChunkOutput:
    """The rows of runs that could not run (their worker died, the runner is missing):
    recorded as failed, with the cause, no outcomes."""
    rows = _empty_rows()
    suffix = " while running this run" if kind == "WorkerDied" else ""
    for spec in specs:
        _add_spec(rows, spec, scenario)
        _add_failure(rows, f"{kind}: {cause}{suffix}")
    return ChunkOutput(rows, _weekly([]))


def run_chunks(executor: Executor, jobs: Iterable[tuple]) -> Iterator[ChunkOutput]:
    """Every chunk's output, as chunks finish; worker deaths become failed rows, not a crash.

    A chunk whose worker died even when it ran alone holds at least one run that kills its
    worker. Its runs are run again one per job, after the rest, so the other runs of that chunk
    still count and only the run that kills its worker is recorded as failed, with the cause.
    """
    crashed: list[tuple] = []
    for out in executor.imap_unordered(run_chunk, jobs):
        if not isinstance(out, JobCrashed):
            yield out
            continue
        base, specs, _runner, scenario = out.job
        if len(specs) == 1:
            yield crashed_chunk(base, specs, scenario, out.cause)
        else:
            crashed.append(out.job)
    singles = [
        (base, [spec], runner, scenario)
        for base, specs, runner, scenario in crashed
        for spec in specs
    ]
    if singles:
        yield from run_chunks(executor, singles)


def replicate_seed_ints(root_seed: int, n: int) -> list[int]:
    """Integer seeds for n replicates, spawned from the root (never root + i).

    Each fits `fremdrift run --seed`, so any single run of a sweep can be repeated by hand.
    """
    children = np.random.SeedSequence(root_seed).spawn(n)
    return [int(c.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1)) for c in children]
