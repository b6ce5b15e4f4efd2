"""The documents stay true to the code."""

import re
from pathlib import Path

from scripts.param_table import ODD, table
from sim.core import STEP_ORDER
from sim.core.params import iter_fields

ROOT = Path(__file__).resolve().parents[1]


def test_the_odd_parameter_table_is_the_generated_one():
    assert table() in ODD.read_text(), "run: .venv/bin/python scripts/param_table.py --write"


def test_the_odd_lists_every_parameter():
    text = ODD.read_text()
    missing = [f"{g}.{f.name}" for g, f in iter_fields() if f"`{g}.{f.name}`" not in text]
    assert not missing, missing


def test_the_odd_schedule_has_the_stages_in_step_order():
    text = ODD.read_text()
    section = text.split("## 3. Process overview")[1].split("### 3.1")[0]
    stages = re.findall(r"^\d\. \*\*(.+?)\.\*\*", section, flags=re.MULTILINE)
    assert len(stages) == len(STEP_ORDER), stages


def test_the_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "bash scripts/test.sh" in readme and "bash scripts/test.sh" in ci
