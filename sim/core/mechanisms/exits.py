"""Exits and returns: jobs end and education is dropped, returning citizens to benefit (P22);
citizens on benefit leave for education, flexjob or disability pension."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.core import hazards
from sim.core.actions import form_beliefs, leave_benefit, meet_current_caseworker
from sim.core.arrays import any_rows, true_at
from sim.core.mechanisms.base import Mechanism
from sim.core.states import (
    BENEFIT,
    EDUCATION,
    EV_PHASE,
    EV_STATUS,
    FLEXJOB,
    JOB,
    NO_BELIEF,
    PENSION,
    STANDSTILL,
    WEEKS_PER_YEAR,
)

if TYPE_CHECKING:
    from sim.core.model import FremdriftModel


class ExitsAndReturns(Mechanism):
    name = "exits_and_returns"
    params = ("dynamics", "caseworkers", "interventions")
    streams = ("exit", "returns", "belief", "waiting")
    reads = (
        "citizens.status",
        "citizens.ti_status",
        "citizens.job_fit",
        "citizens.phase",
        "citizens.belief",
        "citizens.done",
        "citizens.dur_left",
        "citizens.flex_base",
        "citizens.pension_base",
        "citizens.years_prior",
        "citizens.post",
        "posts.holder",
    )
    writes = (
        "citizens.status",
        "citizens.ti_status",
        "citizens.phase",
        "citizens.dur_passive",
        "citizens.ever_education",
        "citizens.dur_left",
        "citizens.ti_waiting",
        "citizens.belief",
        "citizens.placement_employer",
        "citizens.last_caseworker",
        "citizens.n_changes",
        "citizens.ti_change",
        "citizens.indicators",
        "caseworkers.cum_to_education",
        "caseworkers.cum_citizens",
        "employers.slots_used",
    )
    flows = (
        "new_education",
        "new_flexjob",
        "new_pension",
        "new_return",
        "new_caseworker_changes",
    )
    sources = ("P22", "P30")

    def step(self, model: FremdriftModel) -> None:
        d = model.params.dynamics
        t = model.week
        c = model.citizens
        u_exit = model.streams.exit.random(c.n, dtype=np.float32)
        u_ret = model.streams.returns.random(c.n, dtype=np.float32)
        # Returns first, for citizens who were off benefit before this week.
        settled = c.ti_status < t
        in_job = true_at((c.status == JOB) & settled)
        job_end = hazards.job_end_prob(d, t - c.ti_status[in_job], c.job_fit[in_job])
        back_from_job = in_job[u_ret[in_job] < job_end]
        dropout = (c.status == EDUCATION) & settled & (u_ret < d.p_education_dropout)
        back = np.sort(np.concatenate([back_from_job, true_at(dropout)]))
        # Exits for citizens on benefit (not those who returned this very week).
        benefit = c.status == BENEFIT
        toward = model.kinds.education  # kinds that raise the chance of education
        upskilled = any_rows(c.done, toward) | any_rows(c.dur_left, toward)
        edu, flex, pension = hazards.exit_rates(
            d,
            phase=c.phase,
            belief=c.belief,
            upskilled=upskilled,
            flex_base=c.flex_base,
            pension_base=c.pension_base,
            years_on_benefit=c.years_prior + np.float32(t / WEEKS_PER_YEAR),
            tables=model.tables,
        )
        total = edu + flex + pension
        p_any = hazards.rate_to_prob(total)
        leaving = true_at(benefit & (u_exit < p_any))
        if leaving.size:
            # Which exit: the draw's position within p_any, split in proportion to the hazards.
            share = u_exit[leaving] / p_any[leaving] * total[leaving]
            e, f = edu[leaving], flex[leaving]
            leave_benefit(model, leaving[share < e], EDUCATION)
            leave_benefit(model, leaving[(share >= e) & (share < e + f)], FLEXJOB)
            leave_benefit(model, leaving[share >= e + f], PENSION)
        if back.size:
            c.status[back] = BENEFIT
            c.ti_status[back] = t
            c.phase[back] = STANDSTILL
            c.dur_passive[back] = 0
            model.recorder.flow("new_return", back.size)
            model.recorder.event(t, back, EV_STATUS, BENEFIT)
            model.recorder.event(t, back, EV_PHASE, STANDSTILL)
            meet_current_caseworker(model, back)
            still = back[c.belief[back] == NO_BELIEF]
            form_beliefs(model, still[model.posts.holder[c.post[still]] >= 0])
