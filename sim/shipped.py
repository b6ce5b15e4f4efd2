"""Where the files Fremdrift ships live: the scenarios, the calibrated fit and the report data.

In a checkout they are the top-level `scenarios/` and `calibration/` folders; in an installed
wheel they are package data under `sim/shipped-data/`, which in the checkout holds links to the
same files (the scenarios folder, and the fit and report files of the calibration folder).
Every reader goes through these functions, so the command line, the UI and the library find
the same files however Fremdrift was installed, and never look in the working directory.
"""

from __future__ import annotations

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


def shipped_scenario_names() -> list[str]:
    """Names of the shipped scenarios, as `fremdrift run NAME` accepts them."""
    return sorted(p.stem for p in scenarios_dir().glob("*.toml"))
