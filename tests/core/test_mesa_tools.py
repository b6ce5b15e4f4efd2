"""Mesa's own tools work on the model: flat keyword levers, Mesa's seed or rng, a
DataCollector, a model that stops at its horizon, batch_run, and SolaraViz with Reset."""

from __future__ import annotations

import multiprocessing as mp

import mesa
import numpy as np
import pandas as pd
import pytest

from sim.core import FremdriftModel, ParamError, Params


def test_levers_are_flat_keyword_arguments():
    m = FremdriftModel(citizens=300, weeks=13, strategy="parallel", caseload=60, seed=1)
    p = m.params
    assert (p.population.n_citizens, p.run.weeks, p.strategy.name) == (300, 13, "parallel")
    assert p.caseworkers.caseload == 60
    assert (
        FremdriftModel(citizens=300, caseworkers__p_leave=0.01).params.caseworkers.p_leave == 0.01
    )
    with pytest.raises(ParamError, match="unknown parameter"):
        FremdriftModel(citizens=300, caseloda=60)


def test_seed_and_rng_give_the_same_model_and_none_means_the_scenarios_seed():
    a = FremdriftModel(citizens=200, weeks=10, seed=5)
    b = FremdriftModel(citizens=200, weeks=10, rng=5)
    c = FremdriftModel(Params().with_values(citizens=200, weeks=10, seed=5))
    for m in (a, b, c):
        for _ in range(10):
            m.step()
    assert np.array_equal(a.citizens.phase, b.citizens.phase)
    assert np.array_equal(a.citizens.phase, c.citizens.phase)
    with pytest.raises(ValueError, match="either seed or rng"):
        FremdriftModel(citizens=200, seed=1, rng=1)


def test_the_model_stops_at_its_horizon_and_further_steps_change_nothing():
    m = FremdriftModel(citizens=200, weeks=5, seed=2)
    while m.running:
        m.step()
    assert m.week == 5
    before = m.citizens.status.copy()
    for _ in range(3):
        m.step()
    assert m.week == 5 and np.array_equal(before, m.citizens.status)


def test_the_datacollector_holds_the_weekly_table():
    from sim.core import result_of

    m = FremdriftModel(citizens=300, weeks=12, seed=3)
    while m.running:
        m.step()
    collected = m.datacollector.get_model_vars_dataframe()
    weekly = result_of(m).weekly
    assert len(collected) == 13, "week 0 and twelve steps"
    for col in ("n_job", "n_derailment", "n_active_company", "cost"):
        assert np.allclose(collected[col].to_numpy(), weekly[col].to_numpy()), col


def test_mesa_batch_run_runs_the_model_over_levers_and_seeds():
    before = mp.get_start_method(allow_none=True)
    try:
        rows = mesa.batch_run(
            FremdriftModel,
            parameters={"citizens": 200, "weeks": 13, "strategy": ["status_quo", "parallel"]},
            rng=[1, 2],
            max_steps=100,
            number_processes=1,
            display_progress=False,
        )
    finally:
        # batch_run switches the whole process to "spawn"; put back what the suite uses.
        mp.set_start_method(before, force=True)
    df = pd.DataFrame(rows)
    assert len(df) == 4, "two strategies x two seeds, one row each at the end"
    assert set(df["strategy"]) == {"status_quo", "parallel"}
    assert (df["Step"] == 13).all(), "each run stopped at its horizon"
    assert {"n_job", "n_derailment"} <= set(df.columns)


def test_solaraviz_shows_the_model_and_reset_keeps_the_calibrated_parameters():
    import ipyvuetify as v
    import solara
    from mesa.visualization.solara_viz import ModelController

    from sim.ui import mesa_app

    model = solara.reactive(mesa_app.model)
    params = solara.reactive({k: (d["value"] if isinstance(d, dict) else d)
                              for k, d in mesa_app.MODEL_PARAMS.items()})  # fmt: skip
    params.value = {**params.value, "caseload": 60, "seed": "7"}
    controller = ModelController(
        model,
        model_parameters=params,
        play_interval=solara.reactive(100),
        render_interval=solara.reactive(1),
        use_threads=solara.reactive(False),
    )
    _, rc = solara.render(controller, handle_error=False)
    rc.find(v.Btn, children=["Step"]).widget.click()
    assert model.value.week == 1
    rc.find(v.Btn, children=["Reset"]).widget.click()
    rebuilt = model.value
    assert rebuilt.week == 0 and rebuilt.params.caseworkers.caseload == 60
    fitted = mesa_app.MODEL_PARAMS["params"]
    assert rebuilt.params.caseworkers.p_leave == fitted.caseworkers.p_leave, "still calibrated"


def test_the_example_page_builds_with_mesa_plot_components():
    import solara

    from sim.ui import mesa_app

    _, rc = solara.render(mesa_app.page, handle_error=False)
    assert rc is not None and mesa_app.model.datacollector.model_reporters["n_job"]
