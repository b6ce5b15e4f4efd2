"""Write one run's tables to a folder: weekly, events, panel, caseworkers (Parquet), metadata.

Files are written into a temporary folder beside the target and moved into place only when all
of them are complete, so an interrupted write never leaves a half-filled result folder. An
existing non-empty folder is replaced only when the caller asks for it.

The tables hold nothing time-dependent: the same scenario and seed give byte-identical Parquet
files. `metadata.json` adds a `provenance` block saying when, from which command line and at
which git commit (in a checkout) the run was made; everything else in it is reproducible too.
Every table is cast to its declared schema (sim/store/schemas.py, documented in docs/data.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from sim.core import RunResult
from sim.experiments.scenario import Scenario, scenario_hash
from sim.store import schemas

SCHEMA_VERSION = 2
TABLES = ("weekly", "events", "panel", "caseworkers")
LIBRARIES = ("fremdrift", "mesa", "numpy", "scipy", "networkx", "pandas", "pyarrow")


class OutputExistsError(FileExistsError):
    """The output folder already holds files and overwriting was not asked for."""


def library_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def file_hash(scenario: Scenario) -> str | None:
    """Hash of the scenario file's own bytes, when it came from a file."""
    try:
        return hashlib.sha256(Path(scenario.source).read_bytes()).hexdigest()
    except (OSError, ValueError):
        return None


def git_commit() -> str | None:
    """The commit of the checkout Fremdrift runs from; None for an installed package."""
    root = Path(__file__).resolve().parents[2]
    if not (root / ".git").exists():
        return None
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def provenance() -> dict[str, Any]:
    """When, how and from which code a result was made (the one time-dependent block)."""
    return {
        "created_utc": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command_line": [Path(sys.argv[0]).name, *sys.argv[1:]] if sys.argv else [],
        "git_commit": git_commit(),
    }


def scenario_record(scenario: Scenario) -> dict[str, Any]:
    return {
        "name": scenario.name,
        "description": scenario.description,
        "source": scenario.source,
        "params_sha256": scenario_hash(scenario),
        "file_sha256": file_hash(scenario),
    }


def run_metadata(result: RunResult, scenario: Scenario) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "scenario": scenario_record(scenario),
        "seed": {"entropy": result.seed_entropy, "spawn_key": list(result.seed_spawn_key)},
        "params": result.params.to_dict(),
        "summary": result.summary(),
        "versions": library_versions(),
        "tables": {name: f"{name}.parquet" for name in TABLES},
        "provenance": provenance(),
    }


def check_target(out: Path, overwrite: bool) -> None:
    if out.exists() and not out.is_dir():
        raise OutputExistsError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        raise OutputExistsError(
            f"{out} already holds files; choose another --out or pass --overwrite to replace them"
        )


@contextmanager
def staged_folder(out: str | Path, *, overwrite: bool = False) -> Iterator[Path]:
    """Yield a temporary folder beside `out`; move it into place only if the block succeeds.

    An existing non-empty `out` is refused unless `overwrite`; on failure nothing is left.
    """
    out = Path(out)
    check_target(out, overwrite)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)  # mkdtemp's private 0700 is wrong for a results folder
    try:
        yield tmp
        if out.exists():
            check_target(out, overwrite)  # still allowed: nothing changed under our feet
            shutil.rmtree(out)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_table(frame, path: Path, schema: pa.Schema | None = None) -> None:
    """One table as Parquet, cast to `schema` when given (columns in the schema's order)."""
    table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    pq.write_table(table, path, compression="zstd")


def write_json(data: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")


def write_run(result: RunResult, scenario: Scenario, out: str | Path, *, overwrite=False) -> Path:
    """Write the run's five outputs to `out`; returns the folder."""
    with staged_folder(out, overwrite=overwrite) as tmp:
        for name in TABLES:
            schema = schemas.schema(name, result.kind_names)
            write_table(getattr(result, name), tmp / f"{name}.parquet", schema)
        write_json(run_metadata(result, scenario), tmp / "metadata.json")
    return Path(out)
