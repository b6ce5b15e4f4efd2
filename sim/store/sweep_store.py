"""A sweep's results on disk: a Parquet dataset that grows one chunk at a time.

    OUT/metadata.json        what was run: sweep, plan hash, seeds, versions
    OUT/design.parquet       the planned runs: run_id, point, replicate, seed, parameter values
    OUT/runs/part-*.parquet  one row per finished run: its keys and outcomes, or the error
    OUT/weekly/part-*.parquet the weekly series of those runs, keyed by run_id
    OUT/.fremdrift-lock      who is writing the folder now (PID, start time)

The parameter values of a run live in design.parquet only (join on run_id): the runs parts
used to repeat every parameter, which made each part wide and left two places to disagree.
A folder written that way (schema version 1) still reads with `runs()`, but `--resume` refuses
it with a clear message rather than add parts of another shape to its dataset, which would make
the dataset unreadable as one table in pyarrow, polars and duckdb.

Each chunk is written under a temporary name and renamed. The weekly part is renamed first and
the runs part last: a chunk counts as finished exactly when its runs part exists. On resume,
temporary files and weekly parts without a runs part (a kill between the two renames) are
removed, so a sweep killed at any moment resumes with no run lost and none duplicated.

Only one process writes a folder at a time. A sweep or resume holds an exclusive `flock` on the
lock file for as long as it runs; a second one is refused with the holder's PID and start time.
The kernel drops the lock when its holder dies however it dies, so a lock left by a killed sweep
is simply taken over (the file stays; its lock is what counts).

Every file is written with its declared Arrow schema (sim/store/schemas.py: the `error` column
is always a string, counts are always integers), so the dataset reads as one table whatever each
chunk happened to hold.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from sim.store.run_output import OutputExistsError
from sim.store.schemas import sweep_runs_schema, sweep_weekly_schema

SCHEMA_VERSION = 2  # 1: every parameter repeated in runs/; 2: parameters in design.parquet only
LOCK_NAME = ".fremdrift-lock"
# What the store itself creates; a folder holding only these (and no metadata.json) is a sweep
# killed while it was being created, which a resume may start afresh.
_SKELETON = {
    LOCK_NAME,
    "runs",
    "weekly",
    "design.parquet",
    "design.parquet.tmp",
    "metadata.json.tmp",
}


class SweepMismatchError(ValueError):
    """--resume pointed at a folder that holds a different sweep."""


class SweepLayoutError(SweepMismatchError):
    """--resume pointed at a sweep written in an older layout of the folder."""


class SweepLockedError(RuntimeError):
    """Another live process is writing the same sweep folder."""


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _write_atomic(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp, compression="zstd")
    _fsync(tmp)
    os.replace(tmp, path)


class FolderLock:
    """An exclusive lock on a sweep folder, held by this process until `release`."""

    def __init__(self, root: Path) -> None:
        self.path = root / LOCK_NAME
        self._fd: int | None = None
        self.previous: dict[str, Any] | None = None  # a stale holder this lock took over from

    def acquire(self) -> FolderLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise SweepLockedError(
                f"{self.path.parent} is being written by another sweep (PID "
                f"{holder.get('pid', '?')} on {holder.get('host', '?')}, started "
                f"{holder.get('started', '?')}); wait for it to end or stop it, then --resume"
            ) from None
        previous = _read_holder(fd)
        self.previous = previous or None
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": datetime.now().isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(info) + "\n").encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        # The file stays: unlinking it would let a newcomer lock a fresh file while a waiter
        # holds the old one. An unheld lock file means nothing.
        if self._fd is not None:
            os.ftruncate(self._fd, 0)  # an empty file: nobody holds it, nobody died holding it
            os.close(self._fd)
            self._fd = None


def _read_holder(fd: int) -> dict[str, Any]:
    try:
        return json.loads(os.pread(fd, 4096, 0).decode() or "{}")
    except (ValueError, OSError):
        return {}


class SweepStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.runs_dir = self.root / "runs"
        self.weekly_dir = self.root / "weekly"
        self._lock: FolderLock | None = None

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        root: str | Path,
        metadata: dict[str, Any],
        design: pd.DataFrame | pa.Table,
        *,
        resume: bool = False,
        overwrite: bool = False,
    ) -> SweepStore:
        """Create the folder, or reopen it to resume the same sweep; holds its lock until
        `close`."""
        store = cls(Path(root))
        if store.root.exists() and not store.root.is_dir():
            raise OutputExistsError(f"{store.root} exists and is not a folder")
        store.root.mkdir(parents=True, exist_ok=True)
        store._lock = FolderLock(store.root).acquire()
        try:
            store._open_locked(metadata, design, resume=resume, overwrite=overwrite)
        except BaseException:
            store.close()
            raise
        return store

    def _open_locked(self, metadata, design, *, resume: bool, overwrite: bool) -> None:
        meta_path = self.root / "metadata.json"
        entries = {p.name for p in self.root.iterdir()} - {LOCK_NAME}
        if entries and resume and meta_path.is_file():
            try:
                old = json.loads(meta_path.read_text())
            except ValueError:
                old = {}
            if old.get("plan_hash") != metadata["plan_hash"]:
                raise SweepMismatchError(
                    f"{self.root} holds a different sweep (plan "
                    f"{str(old.get('plan_hash', '?'))[:12]}, this one "
                    f"{metadata['plan_hash'][:12]}); choose another --out"
                )
            if old.get("schema_version") != SCHEMA_VERSION:
                raise SweepLayoutError(
                    f"{self.root} was written by an older Fremdrift (sweep layout "
                    f"{old.get('schema_version', '?')}, this one writes {SCHEMA_VERSION}: "
                    "parameters only in design.parquet); its results still read, but it cannot "
                    "be resumed. Finish it with the version that started it, or run it again "
                    "with --overwrite or another --out"
                )
            self._clean_partial_chunks()
            return
        unfinished_start = resume and entries <= _SKELETON and self._only_uncommitted_parts()
        if entries and not overwrite and not unfinished_start:
            hint = "" if resume else "pass --resume to continue it, or "
            raise OutputExistsError(
                f"{self.root} already holds files; {hint}--overwrite to replace them"
            )
        for name in entries:  # overwrite, or a start killed before metadata.json existed
            path = self.root / name
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        self.runs_dir.mkdir()
        self.weekly_dir.mkdir()
        if isinstance(design, pd.DataFrame):
            design = pa.Table.from_pandas(design, preserve_index=False)
        _write_atomic(design, self.root / "design.parquet")
        # metadata.json last: from here on the folder is a sweep that --resume continues.
        tmp = meta_path.with_name("metadata.json.tmp")
        tmp.write_text(json.dumps(metadata, indent=2, sort_keys=True, default=str) + "\n")
        _fsync(tmp)
        os.replace(tmp, meta_path)

    def _only_uncommitted_parts(self) -> bool:
        """runs/ and weekly/ hold nothing but temporary files and weekly parts (no commit)."""
        for d in (self.runs_dir, self.weekly_dir):
            if not d.is_dir():
                continue
            for p in d.iterdir():
                ours = p.name.endswith(".tmp") or (
                    d is self.weekly_dir and p.name.startswith("part-")
                )
                if not ours:
                    return False
        return True

    def _committed_parts(self) -> list[Path]:
        return list(self.runs_dir.glob("part-*.parquet")) if self.runs_dir.is_dir() else []

    def close(self) -> None:
        """Release the folder's lock (the results stay)."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> SweepStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def took_over_from(self) -> dict[str, Any] | None:
        """The previous holder's PID and start time, when this store took over its lock."""
        return self._lock.previous if self._lock else None

    def _clean_partial_chunks(self) -> None:
        for d in (self.runs_dir, self.weekly_dir):
            d.mkdir(parents=True, exist_ok=True)
            for tmp in d.glob("*.tmp"):
                tmp.unlink()
        committed = {p.name for p in self.runs_dir.glob("part-*.parquet")}
        for part in self.weekly_dir.glob("part-*.parquet"):
            if part.name not in committed:
                part.unlink()

    # -- reading and writing --------------------------------------------------------------

    @property
    def metadata(self) -> dict[str, Any]:
        return json.loads((self.root / "metadata.json").read_text())

    def _status(self) -> pd.DataFrame:
        frames = [
            pq.read_table(p, columns=["run_id", "error"]).to_pandas().assign(part=p.name)
            for p in self._committed_parts()
        ]
        if not frames:
            return pd.DataFrame({"run_id": [], "error": [], "part": []})
        return pd.concat(frames, ignore_index=True)

    def completed_run_ids(self) -> set[int]:
        """Runs with a row on disk, whether they succeeded or failed."""
        return {int(i) for i in self._status()["run_id"]}

    def failed_run_ids(self) -> set[int]:
        status = self._status()
        return {int(i) for i in status.loc[status["error"].notna(), "run_id"]}

    def forget_failed(self) -> set[int]:
        """Remove the rows of failed runs so that they run again (`--retry-failed`).

        Each part is rewritten without its failed rows under the same name (atomically), or
        removed when nothing else is in it. A kill half-way leaves some failed runs still
        recorded and others pending: both are consistent states to resume from.
        """
        status = self._status()
        failed = status[status["error"].notna()]
        for name, rows in failed.groupby("part"):
            path = self.runs_dir / name
            table = pq.read_table(path)
            gone = pa.array(rows["run_id"].astype("int64"))
            keep = pc.invert(pc.is_in(table.column("run_id"), value_set=gone))
            kept = table.filter(keep)
            if kept.num_rows:
                _write_atomic(kept, path)
            else:
                path.unlink()  # the commit of the removal; its weekly part goes next
                (self.weekly_dir / name).unlink(missing_ok=True)
        return {int(i) for i in failed["run_id"]}

    def write_chunk(self, runs: dict[str, list], weekly: dict[str, Any]) -> Path:
        ids = runs["run_id"]
        stem = f"part-{min(ids):09d}-{max(ids):09d}-{len(ids):05d}"
        name, k = f"{stem}.parquet", 1
        while (self.runs_dir / name).exists():  # a part kept from before a --retry-failed
            name, k = f"{stem}-{k}.parquet", k + 1
        runs_schema, weekly_schema = sweep_runs_schema(), sweep_weekly_schema()
        runs_table = pa.table({k: runs[k] for k in runs_schema.names}, schema=runs_schema)
        weekly_table = pa.table({k: weekly[k] for k in weekly_schema.names})
        weekly_table = weekly_table.cast(weekly_schema)
        _write_atomic(weekly_table, self.weekly_dir / name)
        runs_path = self.runs_dir / name
        _write_atomic(runs_table, runs_path)  # the commit: from here on the chunk counts
        return runs_path

    def runs(self) -> pd.DataFrame:
        """One row per finished run (keys, error, outcomes), sorted by run_id; join `design()`
        on run_id for the parameter values."""
        parts = sorted(self.runs_dir.glob("part-*.parquet"))
        if not parts:
            return pd.DataFrame()
        runs = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
        return runs.sort_values("run_id", ignore_index=True)

    def design(self) -> pd.DataFrame:
        """Every planned run with its factor values and raw design coordinates (x:...)."""
        return pd.read_parquet(self.root / "design.parquet")

    def runs_with_factors(self) -> pd.DataFrame:
        """`runs()` with each run's factor values from design.parquet beside its keys: the join
        an analyst makes first, kept in one place so that every reader makes it alike."""
        runs, design = self.runs(), self.design()
        factors = [c for c in design.columns if not c.startswith("x:") and c not in runs.columns]
        if runs.empty:
            return runs
        joined = runs.merge(design[["run_id", *factors]], on="run_id", how="left")
        keys = [c for c in ("run_id", "point_id", "replicate", "seed") if c in joined.columns]
        rest = [c for c in joined.columns if c not in keys and c not in factors]
        return joined[[*keys, *factors, *rest]]

    def weekly(self) -> pd.DataFrame:
        parts = sorted(self.weekly_dir.glob("part-*.parquet"))
        if not parts:
            return pd.DataFrame()
        weekly = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
        return weekly.sort_values(["run_id", "week"], ignore_index=True)
