"""Public costs: each week's spending is the rates times who is in each state, to the krone's
fraction (nothing is rounded on the way to the weekly table)."""

from __future__ import annotations

import numpy as np

from sim.core import simulate
from sim.core.kinds import KindTable
from tests.conftest import small


def test_each_weeks_costs_are_the_rates_times_the_people_they_are_paid_for():
    p = small(400, 30, **{"population.inflow_share_per_year": 0.2})
    w = simulate(p, 5, detail=False).weekly.iloc[1:]  # week 0 is the set-up, before any cost
    k, per_week = p.costs, 1 / 52
    expected = {
        "cost_benefit": w["n_benefit"] * k.benefit_per_year * per_week,
        "cost_flexjob": w["n_flexjob"] * k.flexjob_per_year * per_week,
        "cost_pension": w["n_pension"] * k.pension_per_year * per_week,
        "cost_caseworkers": w["n_caseworkers"] * p.caseworkers.salary_per_year * per_week,
    }
    kinds = KindTable(p.interventions.kinds)
    places = sum(
        w[f"n_active_{name}"] * price for name, price in zip(kinds.names, kinds.cost, strict=True)
    )
    assert (w["n_flexjob"] > 0).any() and (w["n_pension"] > 0).any(), "every part is exercised"
    for column, value in expected.items():
        np.testing.assert_allclose(w[column], value, rtol=1e-12, err_msg=column)
    np.testing.assert_allclose(w["cost"], places, rtol=1e-12)
    np.testing.assert_allclose(w["cost_total"], places + sum(expected.values()), rtol=1e-12)
