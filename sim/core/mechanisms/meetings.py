"""Meetings, the caseworker's belief, and plans.

Every quarter each caseworker answers "job within the next year?" for each citizen (P5).
Citizens due a meeting meet their caseworker, more seldom the heavier the caseload (P23, P24),
and the strategy refers them to interventions: they join the waiting lists. A heavier caseload
also thins the plans (fewer referrals, later reaction to the citizen's initiative). While a post
stands vacant, a colleague holds the share of meetings `vacancy_cover` says, with the plans of
an average caseworker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.core import hazards
from sim.core.actions import form_beliefs
from sim.core.arrays import true_at
from sim.core.mechanisms.base import Mechanism
from sim.core.state import NOBODY
from sim.core.states import (
    BENEFIT,
    DERAILMENT,
    PROGRESS,
    STEPWISE,
    WEEKS_PER_QUARTER,
    WEEKS_PER_YEAR,
)
from sim.core.strategies import PlanContext

if TYPE_CHECKING:
    from sim.core.model import FremdriftModel


class MeetingsAndPlans(Mechanism):
    name = "meetings_and_plans"
    params = ("caseworkers", "strategy", "interventions")
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
        "citizens.n_barriers",
        "citizens.years_prior",
        "citizens.mean_indicator",
        "citizens.phase",
        "citizens.jobcentre",
        "caseworkers.ti_absent_end",
        "caseworkers.optimism",
        "caseworkers.style",
        "posts.caseload",
        "posts.covered",
    )
    writes = ("citizens.belief", "citizens.ti_waiting")
    sources = ("P4", "P5", "P8", "P16", "P17", "P23", "P24", "seed 000", "seed 002")

    def step(self, model: FremdriftModel) -> None:
        t = model.week
        p = model.params.caseworkers
        c, cws = model.citizens, model.caseworkers
        holder = c.caseworker
        benefit = c.status == BENEFIT
        with_cw = benefit & (holder >= 0)
        if t % WEEKS_PER_QUARTER == 0:
            form_beliefs(model, true_at(with_cw))
        present = with_cw & (cws.ti_absent_end[np.maximum(holder, 0)] <= t)
        present |= benefit & model.posts.covered[c.post]
        interval = np.ceil(
            p.dur_meeting_interval * np.maximum(1.0, model.posts.caseload / p.caseload_recommended)
        ).astype(np.int64)
        due = present & ((t + c.slot) % interval[c.post] == 0)
        u_refer, u_type, u_resource = model.streams.refer.random((3, c.n), dtype=np.float32)
        idx = true_at(due)
        if not idx.size:
            return
        cw = holder[idx]
        own = cw >= 0  # the rest are met by a colleague covering a vacancy
        safe = np.maximum(cw, 0)
        sets = model.kind_sets
        # A heavier caseload thins the plans, and jobcentres differ in practice: the referral
        # draw is stretched by the inverse of both, so every strategy's chances scale alike.
        quality = hazards.plan_quality(p, model.posts.caseload[c.post[idx]])
        quality *= model.practice[c.jobcentre[idx]]
        ctx = PlanContext(
            active=sets.codes(c.dur_left[:, idx] > 0),
            waiting=sets.codes(c.ti_waiting[:, idx] >= 0),
            done=sets.codes(c.done[:, idx]),
            needs=c.needs[idx],
            optimism=np.where(own, cws.optimism[safe], p.optimism_mean),
            style=np.where(own, cws.style[safe], STEPWISE),
            u_refer=u_refer[idx] / quality,
            u_type=u_type[idx],
            mean_indicator=c.mean_indicator[idx],
            phase=c.phase[idx],
        )
        want = model.strategy.plan(ctx)
        when = np.full(idx.size, t, dtype=np.int32)
        s = model.params.strategy
        if s.phase_sensitive_practice:
            # In progress, act fast: a head start in the company queue. In derailment, no
            # company work: a place still waited for is given up (seed 000).
            when[ctx.phase == PROGRESS] = max(t - s.fast_track_weeks, 0)
            c.ti_waiting[model.kinds.company, idx[ctx.phase == DERAILMENT]] = NOBODY
        want |= self._resource_referrals(model, idx, u_resource[idx])
        for k, bit in enumerate(sets.bit):
            chosen = (want & bit) != 0
            c.ti_waiting[k, idx[chosen]] = when[chosen] if k == model.kinds.company else t

    @staticmethod
    def _resource_referrals(model: FremdriftModel, idx: np.ndarray, u: np.ndarray) -> np.ndarray:
        """Citizens with heavy, lasting problems may be referred to a resource programme,
        whatever the strategy (P30): as codes, the resource kind's bit where referred."""
        k = model.kinds.resource
        if k < 0:
            return np.zeros(idx.size, dtype=np.uint8)
        iv = model.params.interventions
        c = model.citizens
        years = c.years_prior[idx] + model.week / WEEKS_PER_YEAR
        eligible = (c.n_barriers[idx] >= iv.resource_min_barriers) & (
            years >= iv.resource_min_years
        )
        free = (c.dur_left[k, idx] == 0) & (c.ti_waiting[k, idx] < 0) & ~c.done[k, idx]
        refer = eligible & free & (u < iv.p_refer_resource)
        return np.where(refer, model.kind_sets.bit[k], 0).astype(np.uint8)
