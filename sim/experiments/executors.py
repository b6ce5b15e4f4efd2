"""Executors: where chunks of runs are computed. One small interface, three kinds.

- InProcess: in this process, one chunk after another (`--workers 1`).
- LocalPool: a pool of worker processes on this machine (the default).
- Dask: a Dask distributed cluster, either a LocalCluster started here (`--dask-local N`) or a
  running scheduler (`--scheduler tcp://host:8786`).

`imap_unordered` yields results as chunks finish and never keeps more than `max_in_flight`
chunks submitted at once, so the parent's memory stays flat however large the sweep.
The numbers do not depend on the executor: each run's seed is fixed before it is sent.

Workers die: a segfault, an out-of-memory kill, `kill -9` by an operator. An executor never lets
one dead worker end the whole job. When a local worker dies, every chunk that was in flight is
run again, alone, in a fresh pool; a chunk that kills its worker even when alone is the cause,
and comes back as a `JobCrashed` instead of a result. Dask does the same on its own (a task that
kills workers repeatedly ends as `KilledWorker`). Failures of the cluster itself (unreachable,
no workers, the scheduler gone) raise `ExecutorError` with one line for the user, within a
stated time, instead of hanging.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import logging
import multiprocessing
import os
import re
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

# How long a Dask client waits to reach a scheduler, and how long a sweep waits for a scheduler
# with no workers (at the start, or after losing all of them) before giving up with a message.
DASK_CONNECT_SECONDS = 10
DASK_NO_WORKERS_SECONDS = 30
# How often a pool worker checks that its parent is still alive.
PARENT_POLL_SECONDS = 0.5

ADDRESS_RE = re.compile(r"^(tcp|tls)://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*):(\d{1,5})$")


class ExecutorError(RuntimeError):
    """The executor cannot go on (cluster unreachable, no workers); `str()` is for the user."""


@dataclass(frozen=True)
class JobCrashed:
    """A job whose worker process died while running it alone: the job itself is the cause."""

    job: tuple
    cause: str


def check_scheduler_address(text: str) -> str:
    """`tcp://host:port` (or `tls://`); a bare `host:port` means tcp. ValueError otherwise."""
    address = text if "://" in text else f"tcp://{text}"
    m = ADDRESS_RE.match(address)
    if not m or not 1 <= int(m.group(3)) <= 65535:
        raise ValueError(
            f"{text!r} is not a scheduler address; expected tcp://HOST:PORT with PORT 1-65535"
        )
    return address


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


def _exit_with_parent(parent: int) -> None:
    """Pool worker initializer: end this worker as soon as its parent is gone.

    A parent killed with SIGKILL cannot shut its pool down, and an idle worker would wait for
    work forever (and hold its memory). A daemon thread polls the parent's pid; when the worker
    has been re-parented, it exits. Polling works whichever thread started the worker, unlike
    Linux's parent-death signal, which fires when that *thread* ends (the UI starts its pool from
    a short-lived task thread).
    """

    def watch() -> None:
        while True:
            time.sleep(PARENT_POLL_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    # Ctrl-C in a terminal reaches the whole process group; the parent decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
    _one_blas_thread()


def _one_blas_thread() -> None:
    """A pool already has a worker per core, so a worker's linear algebra (the calibration's
    hazard models) must not start threads of its own: on this 2-core machine, OpenBLAS threads
    fighting the other worker made a hazard model 3x slower (0.30 s against 0.10 s, measured
    side by side). Dask's nanny sets the same limit for its workers."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


class LocalPool(Executor):
    """Worker processes started with "spawn": no inherited state, same on every platform.

    A worker that dies breaks a `ProcessPoolExecutor` for good; this pool replaces it and runs
    the lost chunks again one at a time, so only the chunk that kills its worker is reported
    (as `JobCrashed`). The UI keeps one LocalPool for the server's lifetime, so a worker killed
    from outside costs at most a rerun, never every later comparison.
    """

    name = "local-pool"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self._lock = threading.Lock()
        self._pool = self._new_pool()
        self._procs: dict[int, Any] = {}  # every worker process seen, to read how one died
        self.replaced = 0  # how many times a broken pool was replaced (for tests and logs)

    def _new_pool(self) -> cf.ProcessPoolExecutor:
        ctx = multiprocessing.get_context("spawn")
        return cf.ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=ctx,
            initializer=_exit_with_parent,
            initargs=(os.getpid(),),
        )

    def _death_cause(self) -> str:
        """How the dead worker ended, read before the broken pool is discarded."""
        codes: list[int] = []
        self._procs.update(getattr(self._pool, "_processes", None) or {})
        for _ in range(10):  # the dead worker may not have been reaped yet
            codes = [
                proc.exitcode
                for proc in self._procs.values()
                # SIGTERM is the pool's own cleanup of the other workers
                if proc.exitcode is not None and proc.exitcode != -signal.SIGTERM
            ]
            if codes:
                break
            time.sleep(0.1)
        if not codes:
            return "its worker process died"
        code = codes[0]
        if code < 0:
            try:
                how = f"killed by {signal.Signals(-code).name}"
            except ValueError:
                how = f"killed by signal {-code}"
        else:
            how = f"exit code {code}"
        return f"its worker process died ({how}: a crash, a kill or out of memory)"

    def _replace(self, broken: cf.ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:
                broken.shutdown(wait=True, cancel_futures=True)
                self._procs.clear()
                self._pool = self._new_pool()
                self.replaced += 1

    def _submit(self, fn, job) -> cf.Future:
        pool = self._pool
        try:
            future = pool.submit(fn, *job)
        except BrokenProcessPool:  # a worker died while the pool was idle
            self._replace(pool)
            pool = self._pool
            future = pool.submit(fn, *job)
        self._procs.update(getattr(pool, "_processes", None) or {})
        return future

    def imap_unordered(self, fn, jobs, max_in_flight=None):
        limit = max_in_flight or 2 * self.workers
        jobs = iter(jobs)
        pending: dict[cf.Future, tuple] = {}
        suspects: deque[tuple] = deque()  # in flight when a worker died: rerun alone

        def fill() -> None:
            while len(pending) < limit and not suspects:
                job = next(jobs, None)
                if job is None:
                    return
                pending[self._submit(fn, job)] = job

        fill()
        while pending or suspects:
            if suspects and not pending:
                job = suspects.popleft()
                pool = self._pool
                future = self._submit(fn, job)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    cause = self._death_cause()
                    self._replace(pool)
                    yield JobCrashed(job, cause)
                else:
                    yield result
                fill()
                continue
            pool = self._pool
            done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            broken = False
            for future in done:
                job = pending.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    suspects.append(job)
                    broken = True
                    continue
                yield result
            if broken:
                suspects.extend(pending.values())  # every chunk in flight is lost with the pool
                pending.clear()
                if len(suspects) == 1:  # it was running alone: no need to run it again to know
                    cause = self._death_cause()
                    self._replace(pool)
                    yield JobCrashed(suspects.popleft(), cause)
                else:
                    self._replace(pool)
            fill()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def terminate(self) -> None:
        """Stop now: kill the workers instead of letting running chunks finish (Ctrl-C, SIGTERM)."""
        for proc in list((getattr(self._pool, "_processes", None) or {}).values()):
            if proc.is_alive():
                proc.kill()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __exit__(self, exc_type, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.terminate()


def _quiet_dask_logs() -> None:
    """Dask logs every failed attempt and lost connection on stderr; the user gets one line
    from us instead (ExecutorError)."""
    names = [n for n in logging.root.manager.loggerDict if n.startswith("distributed")]
    for name in ["distributed", *names]:
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _probe_scheduler(address: str, seconds: float) -> None:
    """Ask the scheduler who it is, all within `seconds`; OSError or TimeoutError if it does not
    answer. A Dask Client waits for ever on a peer that accepts TCP but never speaks."""
    import asyncio

    from distributed.comm import connect

    async def probe() -> None:
        comm = await connect(address, timeout=seconds)
        try:
            await comm.write({"op": "identity", "reply": True})
            await comm.read()
        finally:
            comm.abort()

    async def bounded() -> None:
        await asyncio.wait_for(probe(), seconds)

    asyncio.run(bounded())


class Dask(Executor):
    """A Dask distributed client; starts a LocalCluster when no scheduler address is given."""

    name = "dask"

    def __init__(
        self,
        workers: int | None = None,
        scheduler: str | None = None,
        *,
        connect_seconds: float = DASK_CONNECT_SECONDS,
        no_workers_seconds: float = DASK_NO_WORKERS_SECONDS,
    ) -> None:
        from distributed import Client, LocalCluster

        self._cluster = None
        self._client = None
        self.no_workers_seconds = no_workers_seconds
        if scheduler:
            self.address = check_scheduler_address(scheduler)
            _quiet_dask_logs()
            try:
                _probe_scheduler(self.address, connect_seconds)
                self._client = Client(self.address, timeout=f"{connect_seconds}s")
                _quiet_dask_logs()  # Client set-up may have reset the levels
            except (OSError, TimeoutError) as exc:
                raise ExecutorError(
                    f"cannot reach the Dask scheduler at {self.address} within "
                    f"{connect_seconds:g} s ({type(exc).__name__}); is it running?"
                ) from None
            try:
                self._client.wait_for_workers(1, timeout=no_workers_seconds)
            except (OSError, TimeoutError):
                self.close()
                raise ExecutorError(
                    f"the Dask scheduler at {self.address} has no workers (waited "
                    f"{no_workers_seconds:g} s); start some with `dask worker {self.address}`"
                ) from None
        else:
            self._cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self._client = Client(self._cluster)
            self.address = self._client.scheduler.address
        info = self._client.scheduler_info()
        self.workers = max(1, len(info.get("workers", {})))

    @property
    def client(self):
        """The Dask client, for libraries with their own Dask scheduling (pyabc's sampler)."""
        return self._client

    def _n_workers(self) -> int:
        try:
            return len(self._client.scheduler_info().get("workers", {}))
        except (OSError, TimeoutError):
            raise self._lost() from None

    def _lost(self) -> ExecutorError:
        return ExecutorError(
            f"lost the connection to the Dask scheduler at {self.address}; finished runs are "
            "kept (continue with --resume)"
        )

    def imap_unordered(self, fn, jobs, max_in_flight=None):
        from distributed import wait
        from distributed.client import FutureCancelledError
        from distributed.scheduler import KilledWorker

        limit = max_in_flight or 2 * self.workers
        jobs = iter(jobs)
        pending: dict[Any, tuple] = {}

        def fill() -> None:
            while len(pending) < limit:
                job = next(jobs, None)
                if job is None:
                    return
                pending[self._client.submit(fn, *job, pure=False)] = job

        fill()
        no_workers_since: float | None = None
        while pending:
            try:
                done, _ = wait(list(pending), timeout=1.0, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done = set()
            except (FutureCancelledError, cf.CancelledError, OSError):
                raise self._lost() from None
            except Exception as exc:  # FuturesCancelledError (newer distributed) and the like
                if "cancel" in type(exc).__name__.lower():
                    raise self._lost() from None
                raise
            if not done:
                # Nothing finished: is anyone still working on it?
                if self._n_workers():
                    no_workers_since = None
                    continue
                no_workers_since = no_workers_since or time.monotonic()
                if time.monotonic() - no_workers_since > self.no_workers_seconds:
                    raise ExecutorError(
                        f"the Dask cluster at {self.address} has had no workers for "
                        f"{self.no_workers_seconds:g} s; finished runs are kept (continue with "
                        "--resume, on any executor)"
                    )
                continue
            no_workers_since = None
            for future in done:
                job = pending.pop(future)
                try:
                    result = future.result()
                except KilledWorker as exc:
                    yield JobCrashed(job, f"it killed Dask workers repeatedly ({exc})")
                    continue
                except (FutureCancelledError, cf.CancelledError, OSError):
                    raise self._lost() from None
                except Exception as exc:
                    if "cancel" in type(exc).__name__.lower():
                        raise self._lost() from None
                    raise
                finally:
                    future.release()
                yield result
            fill()

    def close(self) -> None:
        if getattr(self, "_client", None) is not None:
            with contextlib.suppress(OSError, TimeoutError):
                self._client.close(timeout=5)
            self._client = None
        if getattr(self, "_cluster", None) is not None:
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
