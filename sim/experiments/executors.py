"""Executors: where chunks of runs are computed. One small interface, three kinds.

- InProcess: in this process, one chunk after another (`--workers 1`).
- LocalPool: a pool of worker processes on this machine (the default).
- Dask: a Dask distributed cluster, either a LocalCluster started here (`--dask-local N`) or a
  running scheduler (`--scheduler tcp://host:8786`).

`imap_unordered` yields results as chunks finish and never keeps more than `max_in_flight`
chunks submitted at once, so the parent's memory stays flat however large the sweep.
The numbers do not depend on the executor: each run's seed is fixed before it is sent.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any


class Executor:
    name = "executor"
    workers = 1

    def imap_unordered(
        self, fn: Callable[..., Any], jobs: Iterable[tuple], max_in_flight: int | None = None
    ) -> Iterator[Any]:
        raise NotImplementedError

    def close(self) -> None:
        """Release workers; safe to call twice."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class InProcess(Executor):
    name = "in-process"

    def imap_unordered(self, fn, jobs, max_in_flight=None):
        for job in jobs:
            yield fn(*job)


class LocalPool(Executor):
    """Worker processes started with "spawn": no inherited state, same on every platform."""

    name = "local-pool"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        ctx = multiprocessing.get_context("spawn")
        self._pool = cf.ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)

    def imap_unordered(self, fn, jobs, max_in_flight=None):
        limit = max_in_flight or 2 * self.workers
        jobs = iter(jobs)
        pending: set[cf.Future] = set()
        for job in jobs:
            pending.add(self._pool.submit(fn, *job))
            if len(pending) >= limit:
                break
        while pending:
            done, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in done:
                yield future.result()
                job = next(jobs, None)
                if job is not None:
                    pending.add(self._pool.submit(fn, *job))

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class Dask(Executor):
    """A Dask distributed client; starts a LocalCluster when no scheduler address is given."""

    name = "dask"

    def __init__(self, workers: int | None = None, scheduler: str | None = None) -> None:
        from distributed import Client, LocalCluster

        self._cluster = None
        if scheduler:
            self._client = Client(scheduler, timeout="20s")
        else:
            self._cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self._client = Client(self._cluster)
        info = self._client.scheduler_info()
        self.workers = max(1, len(info.get("workers", {})))
        self.address = self._client.scheduler.address

    def imap_unordered(self, fn, jobs, max_in_flight=None):
        from distributed import as_completed

        limit = max_in_flight or 2 * self.workers
        jobs = iter(jobs)
        initial = []
        for job in jobs:
            initial.append(self._client.submit(fn, *job, pure=False))
            if len(initial) >= limit:
                break
        queue = as_completed(initial)
        for future in queue:
            result = future.result()
            future.release()
            yield result
            job = next(jobs, None)
            if job is not None:
                queue.add(self._client.submit(fn, *job, pure=False))

    def close(self) -> None:
        if getattr(self, "_client", None) is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def make_executor(
    workers: int | None = None, dask_local: int | None = None, scheduler: str | None = None
) -> Executor:
    """The executor the command-line flags ask for (local pool by default)."""
    if scheduler:
        return Dask(scheduler=scheduler)
    if dask_local:
        return Dask(workers=dask_local)
    if workers == 1:
        return InProcess()
    return LocalPool(workers)
