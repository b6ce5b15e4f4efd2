"""Public costs: what the week costs the public purse, by kind of spending.

Intervention places are counted by the interventions stage (`cost`, DKK, as the kinds price
them). This stage adds cash benefit for everyone on it, the flexjob subsidy and disability
pension for those who left for them, and the salaries of the caseworkers holding posts, so that
a strategy's price can be set against what it saves (P29 gives the scale of active measures).
Taxes paid by those in work are not counted: `cost_total` is public spending, not a net fiscal
balance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.core.compiled import kernel
from sim.core.mechanisms.base import Mechanism
from sim.core.states import BENEFIT, FLEXJOB, PENSION, STATUSES, WEEKS_PER_YEAR

if TYPE_CHECKING:
    from sim.core.model import FremdriftModel

COST_PARTS: tuple[str, ...] = ("cost_benefit", "cost_flexjob", "cost_pension", "cost_caseworkers")
"""The weekly spending this stage records besides intervention places (`cost`)."""


class PublicCosts(Mechanism):
    name = "public_costs"
    params = ("costs", "caseworkers")
    reads = ("citizens.status", "posts.holder", "model.n_active")
    flows = (*COST_PARTS, "cost_total")
    sources = ("P29",)

    def step(self, model: FremdriftModel) -> None:
        k = model.params.costs
        by_status = count_statuses(model.arrived.status, len(STATUSES) + 1)
        per_week = 1.0 / WEEKS_PER_YEAR
        parts = {
            "cost_benefit": by_status[BENEFIT] * k.benefit_per_year * per_week,
            "cost_flexjob": by_status[FLEXJOB] * k.flexjob_per_year * per_week,
            "cost_pension": by_status[PENSION] * k.pension_per_year * per_week,
            "cost_caseworkers": int((model.posts.holder >= 0).sum())
            * model.params.caseworkers.salary_per_year
            * per_week,
        }
        for name, value in parts.items():
            model.recorder.flow(name, value)
        places = float(model.n_active @ model.kinds.cost)
        model.recorder.flow("cost_total", places + sum(parts.values()))


@kernel
def count_statuses(status, n_codes):
    """Citizens per status code (the last, NOT_ARRIVED, is only a slot for the code)."""
    counts = np.zeros(n_codes, dtype=np.int64)
    for s in status:
        counts[s] += 1
    return counts
