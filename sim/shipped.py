"""Where the files Fremdrift ships live: the scenarios, the calibrated fit, the report data and
the UI's front-end files.

In a checkout they are the top-level `scenarios/` and `calibration/` folders; in an installed
wheel they are package data under `sim/shipped-data/`, which in the checkout holds links to the
same files (the scenarios folder, and the fit and report files of the calibration folder). The
front-end files are real files under `sim/shipped-data/frontend/` in both.
Every reader goes through these functions, so the command line, the UI and the library find
the same files however Fremdrift was installed, and never look in the working directory.
"""

from __future__ import annotations

import json
import os
import shutil
from importlib.resources import files
from pathlib import Path


def shipped_root() -> Path:
    return Path(str(files("sim"))) / "shipped-data"


def scenarios_dir() -> Path:
    """The shipped scenarios (a `base = "../calibration/fitted.toml"` works from here)."""
    return (shipped_root() / "scenarios").resolve()


def calibration_dir() -> Path:
    """The folder of the calibrated fit (`fitted.toml`) and the calibration report's data.

    Found through the fit itself: in a checkout the shipped files are links into the top-level
    `calibration/` folder, and that folder is the answer.
    """
    return (shipped_root() / "calibration" / "fitted.toml").resolve().parent


def ensemble_file() -> Path | None:
    """The calibration's ensemble of plausible parameter sets (`ensemble.toml` beside the
    fit), or None when none has been shipped."""
    path = shipped_root() / "calibration" / "ensemble.toml"
    return path.resolve() if path.exists() else None


def shipped_scenario_names() -> list[str]:
    """Names of the shipped scenarios, as `fremdrift run NAME` accepts them."""
    return sorted(p.stem for p in scenarios_dir().glob("*.toml"))


def frontend_dir() -> Path:
    """The UI's front-end files (JavaScript, CSS, fonts), laid out as Solara's asset cache is.

    Solara's page asks a CDN for these through its server, which many networks (municipal ones,
    and the machines Fremdrift is built on) cannot reach; the page then stays blank. Shipping the
    files the page loads makes the UI work offline however Fremdrift was installed.
    `scripts/solara_assets.py` refreshes them from npm for a new Solara.
    """
    return shipped_root() / "frontend"


def frontend_manifest() -> dict:
    """{"solara": version the files were taken for, "packages": {package: version}}."""
    return json.loads((frontend_dir() / "MANIFEST.json").read_text())


def fill_solara_cache(cache: Path) -> int:
    """Copy the shipped front-end files that are missing from Solara's cache; how many were.

    Solara's server reads and writes that cache itself (it fetches a missing file from the CDN
    when it can), so filling it, rather than pointing Solara at the package's own folder,
    keeps the installed package read-only and leaves Solara's fallback as it was. A copy
    already there is left alone; each new file appears whole (written aside, then renamed), so
    a server running on the same cache never sends half a file. Raises OSError when the cache
    cannot be written.
    """
    source = frontend_dir()
    copied = 0
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if not path.is_file() or rel.name == "MANIFEST.json":
            continue
        target = cache / rel
        if target.is_file() and target.stat().st_size == path.stat().st_size:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        shutil.copyfile(path, partial)
        os.replace(partial, target)
        copied += 1
    return copied
