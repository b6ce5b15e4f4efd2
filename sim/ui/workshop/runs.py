"""The server-wide queue of workshop runs: first come, first served, one batch at a time.

Forty phones may press Send within a second. Their runs wait here, in order, instead of each
starting a comparison of its own; one dispatcher thread takes everything waiting as one batch
and hands it to the server's worker pool (sim.ui.pool, the same pool Compare uses, which
survives a worker that dies), so both cores stay busy and no session can crowd out another for
longer than one batch. The queue has a fixed length: when it is full a new run is refused with
a message, and nothing already queued is dropped.

Each job is one choice over the session's replicate seeds; the seeds are fixed before the job
is queued, so a result does not depend on what ran beside it. Kept free of Solara.
"""

from __future__ import annotations

import logging
import math
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from sim.core.params import Params
from sim.experiments.executors import Executor
from sim.experiments.worker import DEFAULT_RUNNER, RunSpec, run_chunks
from sim.ui.workshop.results import RunSet

log = logging.getLogger("fremdrift.workshop")

MAX_QUEUED = 400  # runs sets waiting, over every session on the server
MAX_BATCH = 64  # run sets handed to the pool at once


class QueueFull(RuntimeError):
    """The server has as many runs waiting as it takes; try again when some have finished."""


@dataclass
class Job:
    """One choice to run over `seeds`; `done(result, error)` is called from the queue's thread
    with the RunSet, or with None and a short cause."""

    name: str
    params: Params
    seeds: list[int]
    done: Callable[[RunSet | None, str | None], None]


class RunQueue:
    def __init__(
        self, executor: Callable[[], Executor], max_queued: int = MAX_QUEUED, workers: int = 2
    ) -> None:
        self._executor = executor
        self.max_queued = max_queued
        self.workers = workers
        self._jobs: deque[Job] = deque()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopped = False
        self.running = 0  # run sets in the batch on the pool now
        self.batches = 0

    def submit(self, job: Job) -> int:
        """Queue `job`; returns how many run sets are ahead of it. QueueFull when full."""
        with self._cond:
            if self._stopped:
                raise QueueFull("the server is stopping")
            if len(self._jobs) >= self.max_queued:
                raise QueueFull(f"{len(self._jobs)} run sets are waiting")
            ahead = len(self._jobs) + self.running
            self._jobs.append(job)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._loop, name="workshop-runs", daemon=True
                )
                self._thread.start()
            self._cond.notify_all()
            return ahead

    def waiting(self) -> int:
        with self._cond:
            return len(self._jobs) + self.running

    def close(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._jobs and not self._stopped:
                    self._cond.wait()
                if self._stopped:
                    return
                batch = [self._jobs.popleft() for _ in range(min(MAX_BATCH, len(self._jobs)))]
                self.running = len(batch)
            try:
                self._run(batch)
            except Exception as exc:  # the pool failed beyond repair: every job hears so
                log.error("workshop runs failed", exc_info=exc)
                for job in batch:
                    _call(job, None, "failed")
            finally:
                with self._cond:
                    self.running = 0
                    self.batches += 1

    def _run(self, batch: list[Job]) -> None:
        chunks, first_id, want = [], {}, {}
        next_id = 0
        for k, job in enumerate(batch):
            n = len(job.seeds)
            size = max(1, math.ceil(n / self.workers))
            specs = [
                RunSpec(run_id=next_id + r, seed=s, replicate=r, point_id=k)
                for r, s in enumerate(job.seeds)
            ]
            first_id[k], want[k] = next_id, n
            next_id += n
            params = job.params.to_dict()
            for i in range(0, n, size):
                chunks.append((params, specs[i : i + size], DEFAULT_RUNNER, job.name))
        runs: dict[int, list[pd.DataFrame]] = {k: [] for k in range(len(batch))}
        weekly: dict[int, list[pd.DataFrame]] = {k: [] for k in range(len(batch))}
        got = dict.fromkeys(range(len(batch)), 0)
        for out in run_chunks(self._executor(), chunks):
            rows = pd.DataFrame(out.runs)
            k = int(rows["point_id"].iloc[0])
            runs[k].append(rows)
            weekly[k].append(pd.DataFrame(out.weekly))
            got[k] += len(rows)
            if got[k] == want[k]:
                _call(batch[k], _runset(runs[k], weekly[k], first_id[k]), None)
        for k, job in enumerate(batch):
            if got[k] != want[k]:  # pragma: no cover - run_chunks returns every run
                _call(job, None, "incomplete")


def _runset(run_parts: list[pd.DataFrame], weekly_parts: list[pd.DataFrame], first: int) -> RunSet:
    runs = pd.concat(run_parts, ignore_index=True).sort_values("replicate", ignore_index=True)
    weekly = pd.concat(weekly_parts, ignore_index=True)
    weekly.insert(0, "replicate", (weekly["run_id"] - first).astype(int))
    weekly.insert(0, "scenario", runs["scenario"].iloc[0])
    weekly = weekly.drop(columns="run_id").sort_values(["replicate", "week"], ignore_index=True)
    runs = runs.drop(columns=["point_id", "run_id"])
    return RunSet(runs, weekly)


def _call(job: Job, result: RunSet | None, error: str | None) -> None:
    try:
        job.done(result, error)
    except Exception as exc:  # a session's bookkeeping must not stop the queue for all others
        log.error("workshop run callback failed", exc_info=exc)
