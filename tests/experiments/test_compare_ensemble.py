"""Comparisons across an ensemble of parameter sets: every scenario of a replicate uses the same
set and seed, and the result tells parameter uncertainty from Monte Carlo noise."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.experiments.compare import assign_sets, ensemble_summary, run_comparison
from sim.experiments.ensemble import EnsembleError, load_ensemble
from sim.experiments.executors import InProcess
from sim.experiments.outcomes import OUTCOMES
from tests.experiments.test_compare import scenario

ENSEMBLE = """
[ensemble]
sets = 3

[[set]]
"caseworkers.p_leave" = 0.001
"dynamics.p_job_ready" = 0.002

[[set]]
"caseworkers.p_leave" = 0.004
"dynamics.p_job_ready" = 0.006

[[set]]
"caseworkers.p_leave" = 0.008
"dynamics.p_job_ready" = 0.012
"""


def synthetic_runs(param_sd: float, mc_sd: float, n_sets: int = 40, per_set: int = 4, seed=1):
    """Runs of two scenarios whose paired difference in every outcome is 0.05 plus a set's own
    shift (sd `param_sd`) plus a replicate's noise (sd `mc_sd`)."""
    rng = np.random.default_rng(seed)
    shift = rng.normal(0, param_sd, n_sets)
    reps = n_sets * per_set
    sets = np.arange(reps) % n_sets
    base = {o: rng.random(reps) for o in OUTCOMES}
    rows = []
    for name in ("a", "b"):
        for r in range(reps):
            row = {"scenario": name, "replicate": r, "parameter_set": sets[r], "error": None}
            for o in OUTCOMES:
                extra = 0.05 + shift[sets[r]] + rng.normal(0, mc_sd) if name == "b" else 0.0
                row[o] = base[o][r] + extra
            rows.append(row)
    return pd.DataFrame(rows)


def test_ensemble_summary_recovers_both_sources_of_uncertainty():
    s = ensemble_summary(synthetic_runs(param_sd=0.03, mc_sd=0.02), ["a", "b"])
    row = s[s["outcome"] == OUTCOMES[0]].iloc[0]
    assert row["diff"] == pytest.approx(0.05, abs=0.012)
    assert row["parameter_sd"] == pytest.approx(0.03, abs=0.012), "between-set spread"
    assert row["monte_carlo_sd"] == pytest.approx(0.02, abs=0.004), "within-set noise"
    assert row["sets"] == 40 and 30 <= row["sets_same_sign"] <= 40


def test_ensemble_summary_finds_no_parameter_spread_where_there_is_none():
    s = ensemble_summary(synthetic_runs(param_sd=0.0, mc_sd=0.02, seed=2), ["a", "b"])
    row = s[s["outcome"] == OUTCOMES[0]].iloc[0]
    assert row["parameter_sd"] < 0.006, f"no set differs, estimated {row['parameter_sd']:.4f}"
    assert row["sets_same_sign"] == row["sets"], "a clear difference holds in every set"


def test_each_replicate_uses_one_set_for_every_scenario_and_each_set_twice(tmp_path):
    path = tmp_path / "ensemble.toml"
    path.write_text(ENSEMBLE, encoding="utf-8")
    ensemble = load_ensemble(path)
    a, b = scenario("staircase", citizens=120, weeks=26), scenario("parallel", 120, 26)
    with InProcess() as ex:
        c = run_comparison([a, b], 4, ex, root_seed=3, ensemble=ensemble)
    used = c.runs.pivot(index="replicate", columns="scenario", values="parameter_set")
    assert (used["staircase"] == used["parallel"]).all(), "paired: same set in each scenario"
    assert used["staircase"].value_counts().min() >= 2, "each set drawn is run at least twice"
    again = assign_sets(ensemble, 4, 3, [a, b])
    assert again == list(used["staircase"]), "the draw of sets is fixed by the root seed"
    assert set(c.ensemble["scenario"]) == {"parallel"}
    assert (c.ensemble["sets"] == 2).all()
    # The sets change the runs: the same seed with another set gives other numbers.
    same_seed = c.runs[c.runs["scenario"] == "staircase"].set_index("replicate")
    assert same_seed["seed"].nunique() == 4
    plain = run_comparison([a, b], 4, InProcess(), root_seed=3)
    assert not np.allclose(
        plain.runs["share_ever_job"].to_numpy(), c.runs["share_ever_job"].to_numpy()
    ), "with the ensemble the parameters vary, so the runs differ from the plain comparison"


def test_scenarios_that_differ_in_an_ensemble_parameter_are_refused(tmp_path):
    path = tmp_path / "ensemble.toml"
    path.write_text(ENSEMBLE, encoding="utf-8")
    a = scenario("staircase", citizens=120, weeks=26)
    b = type(a)("other", "", a.params.with_values(**{"caseworkers.p_leave": 0.006}), a.source)
    with pytest.raises(ValueError, match=r"caseworkers\.p_leave"):
        assign_sets(load_ensemble(path), 4, 1, [a, b])


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[[set]]\n"caseworkers.nope" = 1\n', "unknown parameter 'caseworkers.nope'"),
        ('[[set]]\n"caseworkers.p_leave" = 5\n', "caseworkers.p_leave = 5 is outside"),
        ("[ensemble]\n", "no [[set]]"),
    ],
)
def test_a_bad_ensemble_file_names_set_key_and_range(tmp_path, text, words):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EnsembleError, match=words.replace("[", r"\[").replace("]", r"\]")):
        load_ensemble(path)


def test_compare_with_an_ensemble_prints_how_often_the_difference_holds(tmp_path, capsys):
    from tests.experiments.sweep_files import ROOT

    path = tmp_path / "ensemble.toml"
    path.write_text(ENSEMBLE, encoding="utf-8")
    out = tmp_path / "out"
    code = main(
        [
            "compare",
            str(ROOT / "scenarios" / "staircase.toml"),
            str(ROOT / "scenarios" / "parallel.toml"),
            "--citizens", "120", "--weeks", "26", "--replicates", "4",
            "--workers", "1", "--ensemble", str(path), "--out", str(out),
        ]
    )  # fmt: skip
    text = capsys.readouterr().out
    assert code == 0
    assert "parameter sets" in text and "Monte Carlo sd" in text
    # what the sets are is said before the results (a file without a kind: non-implausible)
    assert "Parameter sets: 3 from ensemble.toml" in text and "non-implausible" in text
    summary = pd.read_parquet(out / "ensemble.parquet")
    assert {"parameter_sd", "monte_carlo_sd", "sets_same_sign"} <= set(summary.columns)
    bad = main(
        [
            "compare",
            str(ROOT / "scenarios" / "staircase.toml"),
            str(ROOT / "scenarios" / "parallel.toml"),
            "--ensemble", str(tmp_path / "missing.toml"), "--out", str(tmp_path / "o2"),
        ]
    )  # fmt: skip
    assert bad == 2 and "no such file" in capsys.readouterr().err


def test_compare_across_an_ensemble_keeps_what_each_scenario_sets_apart_from_the_fit(
    tmp_path, capsys
):
    """A lower-turnover scenario against current practice: turnover stays each scenario's own,
    the other parameters vary with the sets."""
    from tests.experiments.sweep_files import ROOT

    path = tmp_path / "ensemble.toml"
    path.write_text(ENSEMBLE.replace("[ensemble]\n", '[ensemble]\nkind = "screened"\n'))
    low = tmp_path / "low.toml"
    fitted = (ROOT / "calibration" / "fitted.toml").as_posix()
    text = (ROOT / "scenarios" / "status_quo.toml").read_text(encoding="utf-8")
    text = text.replace('base = "../calibration/fitted.toml"', f'base = "{fitted}"')
    low.write_text(text + "\n[caseworkers]\np_leave = 0.0011\n", encoding="utf-8")
    code = main(
        [
            "compare", str(ROOT / "scenarios" / "status_quo.toml"), str(low),
            "--citizens", "120", "--weeks", "26", "--replicates", "4", "--workers", "1",
            "--ensemble", str(path), "--out", str(tmp_path / "out"),
        ]
    )  # fmt: skip
    text = capsys.readouterr().out
    assert code == 0, text
    assert "keeps its own caseworkers.p_leave" in text
    assert "screened" in " ".join(text.split()) and "not a posterior" in " ".join(text.split())
