"""A sweep's results on disk: a Parquet dataset that grows one chunk at a time.

    OUT/metadata.json        what was run: sweep, plan hash, seeds, versions
    OUT/design.parquet       the planned runs: run_id, point, replicate, seed, parameter values
    OUT/runs/part-*.parquet  one row per finished run (outcomes, or the error)
    OUT/weekly/part-*.parquet the weekly series of those runs, keyed by run_id

Each chunk is written under a temporary name and renamed. The weekly part is renamed first and
the runs part last: a chunk counts as finished exactly when its runs part exists. On resume,
temporary files and weekly parts without a runs part (a kill between the two renames) are
removed, so a sweep killed at any moment resumes with no run lost and none duplicated.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.store.run_output import OutputExistsError

SCHEMA_VERSION = 1


class SweepMismatchError(ValueError):
    """--resume pointed at a folder that holds a different sweep."""


def _write_atomic(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp, compression="zstd")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class SweepStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.runs_dir = self.root / "runs"
        self.weekly_dir = self.root / "weekly"

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        root: str | Path,
        metadata: dict[str, Any],
        design: pd.DataFrame,
        *,
        resume: bool = False,
        overwrite: bool = False,
    ) -> SweepStore:
        """Create the folder, or reopen it to resume the same sweep."""
        store = cls(Path(root))
        meta_path = store.root / "metadata.json"
        has_files = store.root.is_dir() and any(store.root.iterdir())
        if store.root.exists() and not store.root.is_dir():
            raise OutputExistsError(f"{store.root} exists and is not a folder")
        if has_files and resume and meta_path.is_file():
            old = json.loads(meta_path.read_text())
            if old.get("plan_hash") != metadata["plan_hash"]:
                raise SweepMismatchError(
                    f"{store.root} holds a different sweep (plan {old.get('plan_hash', '?')[:12]}, "
                    f"this one {metadata['plan_hash'][:12]}); choose another --out"
                )
            store._clean_partial_chunks()
            return store
        if has_files and not overwrite:
            hint = "" if resume else "pass --resume to continue it, or "
            raise OutputExistsError(
                f"{store.root} already holds files; {hint}--overwrite to replace them"
            )
        if has_files:
            shutil.rmtree(store.root)
        store.runs_dir.mkdir(parents=True, exist_ok=True)
        store.weekly_dir.mkdir(parents=True, exist_ok=True)
        _write_atomic(
            pa.Table.from_pandas(design, preserve_index=False), store.root / "design.parquet"
        )
        tmp = meta_path.with_name("metadata.json.tmp")
        tmp.write_text(json.dumps(metadata, indent=2, sort_keys=True, default=str) + "\n")
        os.replace(tmp, meta_path)
        return store

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

    def completed_run_ids(self) -> set[int]:
        done: set[int] = set()
        for part in self.runs_dir.glob("part-*.parquet"):
            done.update(pq.read_table(part, columns=["run_id"]).column("run_id").to_pylist())
        return done

    def write_chunk(self, runs: dict[str, list], weekly: dict[str, Any]) -> Path:
        ids = runs["run_id"]
        name = f"part-{min(ids):09d}-{max(ids):09d}-{len(ids):05d}.parquet"
        _write_atomic(pa.table(weekly), self.weekly_dir / name)
        runs_path = self.runs_dir / name
        _write_atomic(pa.table(runs), runs_path)  # the commit: from here on the chunk counts
        return runs_path

    def runs(self) -> pd.DataFrame:
        """One row per finished run (parameters, outcomes, error), sorted by run_id."""
        parts = sorted(self.runs_dir.glob("part-*.parquet"))
        if not parts:
            return pd.DataFrame()
        runs = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
        return runs.sort_values("run_id", ignore_index=True)

    def design(self) -> pd.DataFrame:
        """Every planned run with its factor values and raw design coordinates (x:...)."""
        return pd.read_parquet(self.root / "design.parquet")

    def weekly(self) -> pd.DataFrame:
        parts = sorted(self.weekly_dir.glob("part-*.parquet"))
        if not parts:
            return pd.DataFrame()
        weekly = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
        return weekly.sort_values(["run_id", "week"], ignore_index=True)
