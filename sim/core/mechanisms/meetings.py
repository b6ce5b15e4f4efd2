"""Meetings, the caseworker's belief, and plans.

Every quarter each caseworker answers "job within the next year?" for each citizen (P5).
Citizens due a meeting meet their caseworker, more seldom the heavier the caseload (P23, P24),
and the strategy refers them to interventions: they join the waiting lists. A heavier caseload
also thins the plans (fewer referrals, later reaction to the citizen's initiative). While a post
stands vacant, a colleague holds the share of meetings `vacancy_cover` says, with the plans of
an average caseworker.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from sim.core import hazards
from sim.core.actions import form_beliefs
from sim.core.compiled import kernel
from sim.core.draws import uniform
from sim.core.mechanisms.base import Mechanism
from sim.core.state import NOBODY
from sim.core.states import (
    BENEFIT,
    DERAILMENT,
    PROGRESS,
    STEPWISE,
    WEEKS_PER_QUARTER,
)
from sim.core.strategies import plan_one

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
        "citizens.ti_arrive",
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
        c, cws = model.arrived, model.caseworkers
        holder = c.caseworker
        if t % WEEKS_PER_QUARTER == 0:
            form_beliefs(model, ((c.status == BENEFIT) & (holder >= 0)).nonzero()[0])
        quality = np.empty(c.n)
        n_due = due_meetings(
            model.co,
            t,
            c.status,
            holder,
            c.post,
            c.slot,
            c.jobcentre,
            cws.ti_absent_end,
            model.posts.covered,
            model.posts.caseload,
            model.practice,
            model.scratch[0],
            quality,
        )
        if not n_due:
            return
        strategy = model.strategy
        kinds = model.kinds
        plan_meetings(
            model.co,
            t,
            model.scratch[0, :n_due],
            quality[:n_due],
            model.streams.key("refer"),
            strategy.tables,
            kinds.resource,
            c.caseworker,
            cws.optimism,
            cws.style,
            c.dur_left,
            c.ti_waiting,
            c.done,
            c.needs,
            c.n_barriers,
            c.years_prior,
            c.ti_arrive,
            c.mean_indicator,
            c.phase,
        )


@kernel
def plan_meetings(
    coefficients,
    week,
    due,
    quality,
    key,
    tables,
    resource,
    caseworker,
    optimism,
    style,
    dur_left,
    ti_waiting,
    done,
    needs,
    n_barriers,
    years_prior,
    ti_arrive,
    mean_indicator,
    phase,
):
    """Each citizen met this week is referred to interventions by the strategy (`plan_one`):
    they join those waiting lists.

    A colleague covering a vacancy plans as an average caseworker would (mean optimism,
    stepwise style). A heavier caseload and the jobcentre's practice stretch the referral draw
    by `quality`. Phase-sensitive practice gives a citizen in progress a head start in the
    company queue, and gives up a company place still waited for in derailment (seed 000).
    Whatever the strategy, citizens with heavy, lasting problems may be referred to a
    resource programme (P30).
    """
    co = coefficients[0]
    phase_sensitive, company = tables[1], tables[2]
    n_kinds = dur_left.shape[1]
    for j in range(due.size):
        i = due[j]
        cw = caseworker[i]
        active = 0
        waiting = 0
        completed = 0
        for k in range(n_kinds):
            if dur_left[i, k] > 0:
                active |= 1 << k
            if ti_waiting[i, k] >= 0:
                waiting |= 1 << k
            if done[i, k]:
                completed |= 1 << k
        want = plan_one(
            tables,
            active,
            waiting,
            completed,
            int(needs[i]),
            optimism[cw] if cw >= 0 else co.optimism_mean,
            style[cw] if cw >= 0 else STEPWISE,
            uniform(key, week, i, 0) / quality[j],
            uniform(key, week, i, 1),
            mean_indicator[i],
            phase[i],
        )
        when = week
        if phase_sensitive and phase[i] == PROGRESS:
            when = max(week - int(co.fast_track_weeks), 0)
        if phase_sensitive and phase[i] == DERAILMENT:
            ti_waiting[i, company] = NOBODY
        if (
            resource >= 0
            and n_barriers[i] >= co.resource_min_barriers
            and hazards.years_on_benefit(years_prior[i], ti_arrive[i], week)
            >= co.resource_min_years
            and dur_left[i, resource] == 0
            and ti_waiting[i, resource] < 0
            and not done[i, resource]
            and uniform(key, week, i, 2) < co.p_refer_resource
        ):
            want |= 1 << resource
        for k in range(n_kinds):
            if want & (1 << k):
                ti_waiting[i, k] = when if k == company else week


@kernel
def due_meetings(
    coefficients,
    week,
    status,
    caseworker,
    post,
    slot,
    jobcentre,
    ti_absent_end,
    covered,
    caseload,
    practice,
    due,
    quality,
):
    """Citizens who meet a caseworker this week, into `due`; returns how many.

    A citizen on benefit is met when their caseworker is at work (not on sick leave) or a
    colleague covers the vacant post, every `dur_meeting_interval` weeks, stretched by a
    caseload above the recommended one (P23, P24), staggered by the citizen's slot. For each,
    `quality` gets the plan quality times the jobcentre's practice: the factor on the chance
    the meeting ends in a referral.
    """
    co = coefficients[0]
    # Per post, the meeting interval and the plan quality (the same for all its citizens).
    interval = np.empty(caseload.size, dtype=np.int64)
    post_quality = np.empty(caseload.size)
    for p in range(caseload.size):
        stretch = max(1.0, caseload[p] / co.caseload_recommended)
        interval[p] = math.ceil(co.dur_meeting_interval * stretch)
        post_quality[p] = hazards.plan_quality(co, caseload[p])
    n = 0
    for i in range(status.size):
        if status[i] != BENEFIT:
            continue
        cw = caseworker[i]
        p = post[i]
        if not ((cw >= 0 and ti_absent_end[cw] <= week) or covered[p]):
            continue
        if (week + slot[i]) % interval[p] != 0:
            continue
        due[n] = i
        quality[n] = post_quality[p] * practice[jobcentre[i]]
        n += 1
    return n
