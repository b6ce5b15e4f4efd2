"""Compare as a brief: the UI's numbers are the command line's, in a planner's words and units,
and the report (PDF and HTML) carries the differences table."""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from pypdf import PdfReader

from sim.experiments.executors import InProcess
from sim.experiments.scenario import load_scenario
from sim.ui import brief
from sim.ui.compare import DEFAULT_PICK, DEFAULT_REFERENCE, compare, ordered
from sim.ui.i18n import t
from sim.ui.report import report_html, report_pdf
from tests.ui.browser import ROOT

# the module's tests share a costly fixture: one worker builds it for all of them
pytestmark = pytest.mark.xdist_group("brief")

SCENARIO = """
[meta]
name = "{name}"
description = "A small cohort."
base = "{fitted}"

[population]
n_citizens = 300

[strategy]
name = "{name}"

[run]
weeks = {weeks}
seed = 11
replicates = 3
"""
NAMES = ["status_quo", "staircase", "parallel"]


def write(folder, name: str, weeks: int = 60):
    path = folder / f"{name}.toml"
    fitted = (ROOT / "calibration" / "fitted.toml").as_posix()
    path.write_text(SCENARIO.format(name=name, fitted=fitted, weeks=weeks))
    return path


@pytest.fixture(scope="module")
def ui_result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("brief")
    paths = [write(folder, n) for n in NAMES]
    base = load_scenario(paths[0])
    return folder, paths, compare(base, NAMES, 3, executor=InProcess())


def test_current_practice_is_the_default_reference_and_comes_first():
    assert DEFAULT_REFERENCE == "status_quo" and DEFAULT_REFERENCE in DEFAULT_PICK
    assert ordered(["parallel", "status_quo", "staircase"], "status_quo")[0] == "status_quo"
    assert ordered(["parallel", "staircase"], "staircase") == ["staircase", "parallel"]


@pytest.mark.parametrize("weeks", [26, 52, 60, 104, 208, 300])
def test_the_table_never_shows_one_number_twice(weeks):
    keys = [k for k, _ in brief.rows_for(weeks)]
    assert len(keys) == len(set(keys))
    # "in a job at the end" is its own row only when the end is not one of the years shown
    assert ("share_job" in keys) == (weeks not in (52, 104, 208))
    if weeks >= 208:
        assert "share_job_4y" in keys and "share_pension_4y" in keys


@pytest.mark.slow
def test_the_ui_gives_the_command_lines_numbers_and_the_cli_writes_the_same_report(ui_result):
    folder, paths, ui = ui_result
    out = folder / "cli"
    done = subprocess.run(
        [sys.executable, "-m", "sim.cli", "compare", *paths, "--replicates", "3",
         "--workers", "1", "--out", out, "--report", "--lang", "da"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    cli = pd.read_parquet(out / "differences.parquet")
    assert ui.root_seed == 11, "the UI uses the scenario's own seed"
    cols = ["scenario", "outcome", "mean", "diff", "low", "high"]
    a = ui.differences[cols].sort_values(["scenario", "outcome"], ignore_index=True)
    b = cli[cols].sort_values(["scenario", "outcome"], ignore_index=True)
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12)
    # the report the command line wrote has the table the UI shows, cell for cell
    text = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(out / "report.pdf").pages)
    )
    table = brief.table(ui, "da")
    assert "Udfald og parvise forskelle" in text
    for row in table.rows:
        assert row[0] in text, f"row {row[0]!r} is in the CLI's PDF"
        assert row[4] in text, f"difference {row[4]!r} is in the CLI's PDF"
    assert f"{t('report_seed', 'da')} 11" in text and "Gentagelser pr. strategi 3" in text
    page = (out / "report.html").read_text(encoding="utf-8")
    assert table.rows[0][4] in page and "data:image/png;base64," in page


def test_the_table_is_per_100_citizens_and_in_danish_kroner(ui_result):
    _, _, result = ui_result
    table = brief.table(result, "da")
    assert table.header[:3] == ["Udfald", "Enhed", "nuværende praksis"]
    assert table.header[4] == "trappestige − nuværende praksis (95 %-interval)"
    job = table.rows[table.keys.index("share_job_1y")]
    d = result.differences.set_index(["scenario", "outcome"])
    mean = d.loc[("status_quo", "share_job_1y"), "mean"]
    assert job[1] == "pr. 100 borgere" and job[2] == f"{100 * mean:.1f}".replace(".", ",")
    diff = d.loc[("staircase", "share_job_1y")]
    assert re.fullmatch(r"[+−]\d+,\d \([+−]\d+,\d til [+−]\d+,\d\)", job[4]), job[4]
    assert job[4].startswith(f"{100 * diff['diff']:+.1f}".replace(".", ",").replace("-", "−"))
    cost = table.rows[table.keys.index("cost_per_citizen")]
    assert re.fullmatch(r"\d{1,3}(\.\d{3})* kr\.", cost[2]), cost[2]


def _with_cost_note(result, note: str, ratio: float = np.nan):
    d = result.differences.copy()
    row = (d["scenario"] == "parallel") & (d["outcome"] == "cost_per_extra_job")
    d.loc[row, ["diff", "low", "high", "note"]] = [ratio, ratio * 0.5, ratio * 2, note]
    return type(result)(result.scenarios, result.runs, result.weekly, d, result.root_seed)


@pytest.mark.parametrize(
    ("note", "words"),
    [
        ("no clear difference in jobs", "ingen klar forskel i antal i job"),
        ("more jobs at lower cost", "flere i job ved slut og samtidig lavere indsatsudgifter"),
        ("fewer jobs at higher cost", "færre i job ved slut og samtidig højere indsatsudgifter"),
    ],
)
def test_no_price_is_never_worded_as_no_cost(ui_result, note, words):
    _, _, result = ui_result
    text = " ".join(brief.cost_sentences(_with_cost_note(result, note), "da"))
    assert words in text
    assert "ingen pris" not in text and "no cost" not in text
    assert "ikke den samlede offentlige nettoudgift" in text, "the costs' scope is said"


def test_a_price_per_extra_job_is_in_kroner_with_its_interval(ui_result):
    _, _, result = ui_result
    d = result.differences
    d.loc[(d["scenario"] == "parallel") & (d["outcome"] == "share_job"), "diff"] = 0.02
    text = " ".join(brief.cost_sentences(_with_cost_note(result, "x", 23456.0), "da"))
    assert (
        "Parallelle indsatser mod nuværende praksis: 23.456 kr. mere i indsatsudgifter for hver "
        "ekstra borger i job ved slut (95 %-interval 11.728 kr. til 46.912 kr.)" in text
    )


def test_the_report_reads_back_with_its_set_up_and_in_english_too(ui_result):
    _, _, result = ui_result
    setup = brief.Setup("status_quo", "", 11, 3, 300, 60, [("Caseload (citizens)", "82", "60")])
    pdf = report_pdf(result, setup, "en")
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    for expected in (
        "Comparison of strategies",
        "Fremdrift 0.1.0" if "0.1.0" in brief.fremdrift_version() else "Fremdrift",
        "Reference current practice",
        "Changed levers Caseload (citizens): 82 → 60",
        "Outcomes and paired differences",
        "staircase − current practice (95% interval)",
        "The model's assumptions and limits",
        "hard targets",
    ):
        assert expected in text, expected
    page = report_html(result, setup, "en")
    assert page.count("<img") == 2 and 'src="http' not in page, "self-contained"


def test_across_the_ensemble_the_brief_says_in_how_many_parameter_sets_a_difference_holds(
    tmp_path,
):
    base = load_scenario(write(tmp_path, "status_quo"))
    sets = [{"caseworkers.p_leave": v} for v in (0.002, 0.004, 0.006)]
    result = compare(base, NAMES, 6, executor=InProcess(), ensemble=sets)
    assert set(result.runs["parameter_set"]) == {0, 1, 2}, "each set used by two replicates"
    da, en = brief.ensemble_sentences(result, "da"), brief.ensemble_sentences(result, "en")
    assert len(da) == len(en) == 2 * (len(NAMES) - 1), "jobs and derailment, per strategy"
    assert "af 3 plausible parametersæt" in da[0] and "of 3 plausible parameter sets" in en[0]
    row = result.ensemble.set_index(["scenario", "outcome"]).loc[("staircase", "share_job_1y")]
    assert brief.fmt.per100(row["diff"], "da", 1, True) in da[0], "the table's number, in Danish"
    assert brief.ensemble_sentences(compare(base, NAMES[:2], 2, executor=InProcess()), "en") == []
    html = report_html(result, brief.Setup("status_quo", "", 11, 6, 300, 60), "en")
    assert "Uncertainty about the parameters" in html and "of 3 plausible parameter sets" in html
    words = " ".join(
        p.extract_text()
        for p in PdfReader(
            io.BytesIO(report_pdf(result, brief.Setup("status_quo", "", 11, 6, 300, 60), "da"))
        ).pages
    )
    assert "Usikkerhed om parametrene" in words


def test_the_ensemble_never_overrides_what_the_planner_set(tmp_path):
    from sim.ui.compare import ensemble_for

    base = load_scenario(write(tmp_path, "status_quo"))
    sets = [{"caseworkers.p_leave": 0.004, "dynamics.p_job_ready": 0.005}]
    varied, own = ensemble_for(base, sets)
    assert own == [] and varied == sets, "a scenario on the fit's values takes the whole set"
    lowered = dataclasses.replace(
        base, params=base.params.with_values(**{"caseworkers.p_leave": 0.001})
    )
    varied, own = ensemble_for(lowered, sets)
    assert own == ["caseworkers.p_leave"] and varied == [{"dynamics.p_job_ready": 0.005}]
