"""The flat API serves analysts' tools: `sim.run` with overrides, and `sim.run_outcomes` as a
model function that EMA Workbench drives with levers, uncertainties and replications."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import sim
from sim.experiments.outcomes import OUTCOMES

ROOT = Path(__file__).resolve().parents[2]
STATUS_QUO = str(ROOT / "scenarios" / "status_quo.toml")


def test_run_takes_overrides_by_flat_name_and_numpy_scalars():
    r = sim.run(STATUS_QUO, seed=3, citizens=200, weeks=13, caseload=np.int64(60))
    assert r.params.caseworkers.caseload == 60
    again = sim.run(STATUS_QUO, seed=3, citizens=200, weeks=13, caseworkers__caseload=60)
    assert r.summary() == again.summary(), "the same run, however the lever is named"


def test_run_outcomes_is_a_flat_function_of_keywords_returning_floats():
    out = sim.run_outcomes(STATUS_QUO, seed=1, citizens=200, weeks=52, strategy="parallel")
    assert set(out) == set(OUTCOMES)
    assert all(isinstance(v, float) for v in out.values())
    assert math.isnan(out["share_job_2y"]), "a 52-week run has no two-year value"


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:ipyparallel not installed")
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded")
def test_ema_workbench_drives_the_model_with_the_projects_spawned_seeds():
    ema = pytest.importorskip("ema_workbench")
    from ema_workbench import (
        CategoricalParameter,
        Constant,
        MultiprocessingEvaluator,
        RealParameter,
        ReplicatorModel,
        ScalarOutcome,
    )

    model = ReplicatorModel("fremdrift", function=sim.run_outcomes)
    model.uncertainties = [RealParameter("p_leave", 0.001, 0.012)]
    model.levers = [CategoricalParameter("strategy", ["status_quo", "parallel"])]
    model.constants = [
        Constant("scenario", STATUS_QUO),
        Constant("citizens", 300),
        Constant("weeks", 52),
    ]
    # Replications pair with the project's seeds: spawned from one root, never root + i.
    model.replications = [{"seed": s} for s in sim.replicate_seeds(20261129, 3)]
    model.outcomes = [
        ScalarOutcome("share_job_1y", function=np.mean),
        ScalarOutcome("share_any_caseworker_change", function=np.mean),
    ]
    with MultiprocessingEvaluator(model, n_processes=2) as evaluator:
        experiments, outcomes = evaluator.perform_experiments(scenarios=4, policies=2)
    assert len(experiments) == 8
    changes = outcomes["share_any_caseworker_change"]
    assert np.all((changes >= 0) & (changes <= 1))
    # More turnover, more changes of caseworker: the lever reaches the model.
    order = np.argsort(experiments["p_leave"].to_numpy())
    assert changes[order[-1]] > changes[order[0]]
    assert ema.__version__.startswith("3.")
