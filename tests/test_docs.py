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
    stages = re.findall(r"^\d+\. \*\*(.+?)\.\*\*", section, flags=re.MULTILINE)
    assert len(stages) == len(STEP_ORDER), stages


def test_the_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "bash scripts/test.sh" in readme and "bash scripts/test.sh" in ci


WORKSHOP = ROOT / "docs" / "workshop.md"


def test_the_workshop_schedule_fills_two_hours():
    text = WORKSHOP.read_text()
    rows = re.findall(r"^\| (\d):(\d\d) \| (\d+) \|", text, flags=re.MULTILINE)
    assert rows, "the guide has a schedule table"
    clock = 0
    for hours, minutes, length in rows:
        assert int(hours) * 60 + int(minutes) == clock, "each block starts when the last ends"
        clock += int(length)
    assert clock == 120


def test_the_workshop_names_every_ui_page_in_both_languages():
    from sim.ui.app import PAGES
    from sim.ui.i18n import t

    text = WORKSHOP.read_text()
    for key, _, _ in PAGES:
        assert f"**{t(f'page_{key}', 'en')}** page (*{t(f'page_{key}', 'da')}*)" in text, key


def test_the_workshop_names_only_sliders_and_notebooks_that_exist():
    from sim.ui.i18n import t
    from sim.ui.inputs import EXPLORE_INPUTS, lever_label

    text = WORKSHOP.read_text()
    labels = {lever_label(i.key, "en"): lever_label(i.key, "da") for i in EXPLORE_INPUTS}
    labels |= {t(k, "en"): t(k, "da") for k in ("net_week", "replicates")}  # other pages' sliders
    named = re.findall(r"\*([A-Z][a-z ]+)\*\s*\n?\s*\(\*([^*]+)\*\) slider", text)
    assert named, "the guide names the sliders it uses"
    for en, da in named:
        assert labels.get(en) == da, f"no slider {en!r} / {da!r} in the UI"
    for number in re.findall(r"notebooks? (\d\d)", text):
        assert list((ROOT / "notebooks").glob(f"{number}_*.ipynb")), f"notebook {number}"
    for path in re.findall(r"`(notebooks/[\w.]+\.ipynb)`", text):
        assert (ROOT / path).is_file(), path


def test_the_published_figures_live_in_the_project_with_their_sources():
    text = (Path(__file__).resolve().parents[1] / "docs" / "figures.md").read_text()
    for i in range(1, 31):
        assert f"| P{i} |" in text, f"P{i} is missing from docs/figures.md"


def test_the_version_has_one_source():
    import importlib.metadata
    import subprocess
    import sys

    import sim

    root = Path(__file__).resolve().parents[1]
    assert importlib.metadata.version("fremdrift") == sim.__version__
    cff = (root / "CITATION.cff").read_text()
    assert f"version: {sim.__version__}" in cff, "CITATION.cff names the released version"
    out = subprocess.run(
        [sys.executable, "-m", "sim.cli", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"fremdrift {sim.__version__}"


def test_the_api_reference_builds_from_the_docstrings_without_warnings(tmp_path):
    from scripts.api_docs import build

    warnings = build(tmp_path / "api")
    assert not warnings, "\n".join(warnings)
    assert (tmp_path / "api" / "sim" / "core" / "model.html").exists()


def test_the_readme_limits_table_is_the_one_the_code_applies():
    from sim.experiments.limits import limits_table

    readme = (ROOT / "README.md").read_text()
    assert limits_table() in readme, "update the limits table in README.md"


def test_the_readmes_sweep_join_examples_run_on_a_sweep(tmp_path, monkeypatch):
    """The README tells analysts to join runs/ to design.parquet; its code must do that."""
    from sim.cli import main
    from tests.experiments.sweep_files import sweep_text

    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    (block,) = [b for b in blocks if "design.parquet" in b]
    sweep = tmp_path / "s.toml"
    sweep.write_text(sweep_text(tmp_path, replicates=2))
    monkeypatch.chdir(tmp_path)
    args = ["sweep", str(sweep), "--out", "runs/example", "--citizens", "100", "--weeks", "5"]
    assert main([*args, "--workers", "1"]) == 0
    scope: dict = {}
    exec(compile(block, "README.md", "exec"), scope)
    joined = [scope["runs"], scope["runs_pl"].to_pandas(), scope["runs_db"].df(), scope["runs_fr"]]
    for runs in joined:
        assert len(runs) == 4 and "caseworkers.p_leave" in runs.columns, list(runs.columns)
        assert runs["share_ever_job"].notna().all()
