"""Every workshop notebook runs from top to bottom, as a participant would run it.

Executed with nbclient in a real kernel, in the notebooks folder (their paths are relative to
it). A cell that raises fails the test, and so does a cell that runs for more than two minutes.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
CELL_TIMEOUT = 120  # seconds; a whole notebook should take less than that at its default size


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_the_notebook_runs_without_an_error(path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=CELL_TIMEOUT, kernel_name="python3", resources={"metadata": {"path": NOTEBOOKS}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert images, f"{path.name} shows at least one figure"


def test_there_are_notebooks_to_run():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")), "notebooks/ holds the notebooks"
