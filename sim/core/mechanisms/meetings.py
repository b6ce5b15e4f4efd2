"""Meetings, the caseworker's belief, and plans.

Every quarter each caseworker answers "job within the next year?" for each citizen (P5).
Citizens due a meeting meet their caseworker, more seldom the heavier the caseload (P23, P24),
and the strategy refers them to interventions: they join the waiting lists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.core.actions import form_beliefs
from sim.core.arrays import true_at
from sim.core.mechanisms.base import Mechanism
from sim.core.states import BENEFIT, WEEKS_PER_QUARTER
from sim.core.strategies import PlanContext

if TYPE_CHECKING:
    from sim.core.model import FremdriftModel


class MeetingsAndPlans(Mechanism):
    name = "meetings_and_plans"
    params = ("caseworkers", "strategy")
    streams = ("belief", "refer")
    reads = (
        "citizens.status",
        "citizens.caseworker",
        "citizens.post",
        "citizens.slot",
        "citizens.dur_left",
        "citizens.ti_waiting",
        "citizens.done",
        "citizens.needs",
        "citizens.mean_indicator",
        "citizens.phase",
        "caseworkers.ti_absent_end",
        "caseworkers.optimism",
        "caseworkers.style",
        "posts.caseload",
    )
    writes = ("citizens.belief", "citizens.ti_waiting")
    sources = ("P4", "P5", "P8", "P16", "P17", "P23", "P24", "seed 002")

    def step(self, model: FremdriftModel) -> None:
        t = model.week
        p = model.params.caseworkers
        c, cws = model.citizens, model.caseworkers
        holder = c.caseworker
        with_cw = (c.status == BENEFIT) & (holder >= 0)
        if t % WEEKS_PER_QUARTER == 0:
            form_beliefs(model, true_at(with_cw))
        present = with_cw & (cws.ti_absent_end[np.maximum(holder, 0)] <= t)
        interval = np.ceil(
            p.dur_meeting_interval * np.maximum(1.0, model.posts.caseload / p.caseload_recommended)
        ).astype(np.int64)
        due = present & ((t + c.slot) % interval[c.post] == 0)
        u_refer, u_type = model.streams.refer.random((2, c.n), dtype=np.float32)
        idx = true_at(due)
        if not idx.size:
            return
        cw = holder[idx]
        sets = model.kind_sets
        ctx = PlanContext(
            active=sets.codes(c.dur_left[:, idx] > 0),
            waiting=sets.codes(c.ti_waiting[:, idx] >= 0),
            done=sets.codes(c.done[:, idx]),
            needs=c.needs[idx],
            optimism=cws.optimism[cw],
            style=cws.style[cw],
            u_refer=u_refer[idx],
            u_type=u_type[idx],
            mean_indicator=c.mean_indicator[idx],
            phase=c.phase[idx],
        )
        want = model.strategy.plan(ctx)
        for k, bit in enumerate(sets.bit):
            c.ti_waiting[k, idx[(want & bit) != 0]] = t
