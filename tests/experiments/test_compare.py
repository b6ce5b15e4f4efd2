"""Comparisons: common random numbers make a scenario's difference with itself exactly zero,
and the intervals behave as intervals."""

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.experiments.compare import cost_per_extra_job, run_comparison
from sim.experiments.executors import InProcess, LocalPool
from sim.experiments.scenario import load_scenario, with_overrides
from tests.experiments.sweep_files import ROOT


def scenario(name, citizens=300, weeks=104):
    return with_overrides(
        load_scenario(ROOT / "scenarios" / f"{name}.toml"), citizens=citizens, weeks=weeks
    )


def test_a_scenario_compared_with_itself_differs_by_exactly_zero():
    a = scenario("staircase")
    b = type(a)("staircase again", "", a.params, a.source)
    with InProcess() as ex:
        c = run_comparison([a, b], 4, ex, root_seed=5)
    d = c.differences[c.differences["scenario"] == "staircase again"]
    d = d[d["outcome"] != "cost_per_extra_job"]
    assert (d["diff"].fillna(0) == 0).all(), "same seeds, same parameters: identical runs"


def test_paired_intervals_are_tighter_than_unpaired_ones():
    with LocalPool(2) as ex:
        c = run_comparison([scenario("staircase"), scenario("parallel")], 8, ex, root_seed=9)
    # Self-support (job, education, flexjob): at 300 citizens a rarer outcome such as ever
    # having a job (about 4% under the fit) has too few events for pairing to show.
    runs = c.runs.set_index(["scenario", "replicate"])["share_self_support"]
    paired = (runs["parallel"] - runs["staircase"]).std(ddof=1)
    unpaired = np.sqrt(runs["parallel"].var(ddof=1) + runs["staircase"].var(ddof=1))
    assert paired < unpaired, "common random numbers must reduce the noise in differences"
    row = c.differences.query("scenario == 'parallel' and outcome == 'share_self_support'").iloc[0]
    assert row["low"] < row["diff"] < row["high"]


def test_cost_per_extra_job_is_only_a_ratio_where_it_means_one():
    first = pd.DataFrame({"cost_per_citizen": [100.0] * 5, "share_job": [0.10] * 5})
    dearer_better = pd.DataFrame(
        {
            "cost_per_citizen": [200, 210, 190, 205, 195],
            "share_job": [0.12, 0.121, 0.119, 0.12, 0.122],
        }
    )
    r = cost_per_extra_job(first, dearer_better, 1, False)
    assert r["diff"] == pytest.approx(100 / 0.0204, rel=1e-6)
    assert r["low"] < r["diff"] < r["high"] and r["note"] == "extra cost per extra job"
    cheaper_better = dearer_better.assign(cost_per_citizen=[50.0] * 5)
    assert cost_per_extra_job(first, cheaper_better, 1, False)["note"] == "more jobs at lower cost"
    no_effect = dearer_better.assign(share_job=[0.09, 0.11, 0.10, 0.105, 0.095])
    r = cost_per_extra_job(first, no_effect, 1, False)
    assert np.isnan(r["diff"]) and r["note"] == "no clear difference in jobs"


def test_compare_command_writes_tables_and_figure(tmp_path):
    out = tmp_path / "cmp"
    code = main(
        [
            "compare",
            str(ROOT / "scenarios" / "staircase.toml"),
            str(ROOT / "scenarios" / "parallel.toml"),
            "--replicates",
            "3",
            "--citizens",
            "200",
            "--weeks",
            "60",
            "--workers",
            "1",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    for name in (
        "runs.parquet",
        "weekly.parquet",
        "differences.parquet",
        "compare.png",
        "metadata.json",
    ):
        assert (out / name).is_file(), name
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 6 and set(runs["scenario"]) == {"staircase", "parallel"}
    assert (out / "compare.png").read_bytes()[:4] == b"\x89PNG"
    assert (
        main(
            [
                "compare",
                str(ROOT / "scenarios" / "staircase.toml"),
                str(ROOT / "scenarios" / "parallel.toml"),
                "--out",
                str(out),
            ]
        )
        == 2
    )


def test_compare_with_one_scenario_is_bad_input(capsys):
    assert main(["compare", str(ROOT / "scenarios" / "staircase.toml")]) == 2
    assert "at least two" in capsys.readouterr().err
