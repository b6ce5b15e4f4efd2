"""The Explore page's run: the same numbers as the command line, stepped in place."""

from __future__ import annotations

import numpy as np

from sim.core import simulate
from sim.ui.live import GRID_CLASSES, LiveRun
from tests.conftest import small


def test_a_live_run_stepped_to_week_k_matches_the_batch_run_up_to_k():
    params = small(300, 40)
    live = LiveRun.start(params, week=25)
    batch = simulate(params).weekly
    got = live.weekly()
    assert len(got) == 26
    for col in ("n_benefit", "n_job", "n_progress", "n_derailment", "mean_indicator"):
        np.testing.assert_array_equal(got[col], batch[col].iloc[:26], err_msg=col)


def test_stepping_stops_at_the_horizon():
    live = LiveRun.start(small(100, 10))
    live.step(50)
    assert live.week == 10 and live.finished


def test_the_grid_classes_agree_with_the_weekly_counts():
    live = LiveRun.start(small(400, 30), week=30)
    counts = np.bincount(live.grid_classes(), minlength=len(GRID_CLASSES))
    last = live.weekly().iloc[-1]
    for k, name in enumerate(GRID_CLASSES):
        assert counts[k] == last[f"n_{name}"], name


def test_a_citizen_card_describes_a_real_agent():
    live = LiveRun.start(small(200, 20), week=20)
    c = live.citizen(5)
    agent = live.model.citizen_agents[5]
    assert c["status"] == agent.status and c["phase"] == agent.phase
    assert 1.0 <= c["readiness"] <= 5.0
