"""Every workshop notebook runs from top to bottom, as a participant would run it.

Executed with nbclient in a real kernel, in the notebooks folder (their paths are relative to
it). A cell that raises fails the test, and so does a notebook that runs for more than two
minutes at its default size: a workshop cannot wait longer.
"""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
LIMIT = 120  # seconds, for a whole notebook and therefore for any one cell


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_the_notebook_runs_without_an_error(path):
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        nb, timeout=LIMIT, kernel_name="python3", resources={"metadata": {"path": NOTEBOOKS}}
    ).execute()
    seconds = time.perf_counter() - start
    assert seconds < LIMIT, f"{path.name} took {seconds:.0f} s; a workshop cannot wait that long"
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert images, f"{path.name} shows at least one figure"


def test_the_series_the_workshop_uses_is_all_there():
    names = {p.stem for p in NOTEBOOKS.glob("*.ipynb")}
    assert names >= {
        "01_first_run",
        "02_staircase_vs_parallel",
        "03_the_caseworker",
        "04_employers_and_network",
        "05_sweeps_and_sensitivity",
        "06_calibration",
    }


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_notebook_asks_participants_to_predict_before_they_run(path):
    nb = nbformat.read(path, as_version=4)
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "**Predict" in text or "Predict, then run" in text, f"{path.name} has no exercise"
    assert "What to take away" in text or "cannot tell" in text, f"{path.name} has no summary"
