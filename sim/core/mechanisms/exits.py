"""Exits and returns: jobs end and education is dropped, returning citizens to benefit (P22);
citizens on benefit leave for education, flexjob or disability pension."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from sim.core import hazards
from sim.core.actions import form_beliefs, leave_benefit, meet_current_caseworker
from sim.core.compiled import kernel
from sim.core.draws import uniform
from sim.core.hazards import SAFE_ABOVE
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
        "citizens.ti_arrive",
        "citizens.post",
        "citizens.caseworker",
        "posts.holder",
        "caseworkers.skill",
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

    def __init__(self) -> None:
        self._most: tuple[float, float, float, float] | None = None
        self._of: np.ndarray | None = None  # the coefficient record `_most` was taken from

    def exit_rate_bound(self, model: FremdriftModel) -> float:
        """An upper bound on any citizen's total exit hazard this week (see `exit_rates`).

        Everything but the clarification factor and the caseworkers' skill is fixed for the
        run (the barrier-fixed bases, prior years, the multipliers), so its maxima are taken
        once; the factor grows with time on benefit and new hires bring their own skill, so
        the bound is worked out each week.
        """
        if self._most is None or self._of is not model.co:
            self._of = model.co
            c, co = model.citizens, model.co[0]
            edu = (
                co["by_belief"].max()
                * co["edu_by_phase"].max()
                * max(1.0, co["rel_education_upskilling"])
            )
            fixed = (
                c.flex_base.max(initial=0.0)
                + c.pension_base.max(initial=0.0) * co["pension_by_phase"].max()
            )
            growth = max(float(co["log_clarification"]), 0.0)
            self._most = (float(edu), float(fixed), float(c.years_prior.max(initial=0.0)), growth)
        edu, fixed, years, growth = self._most
        return edu * model.most_skill() + fixed * math.exp(
            growth * (years + model.week / WEEKS_PER_YEAR)
        )

    def step(self, model: FremdriftModel) -> None:
        t = model.week
        c = model.arrived
        out = model.scratch
        counts = returns_and_exits(
            model.co,
            t,
            self.exit_rate_bound(model),
            model.streams.key("exit"),
            model.streams.key("returns"),
            c.status,
            c.ti_status,
            c.job_fit,
            c.phase,
            c.belief,
            c.done,
            c.dur_left,
            model.kinds.education_mask,
            c.flex_base,
            c.pension_base,
            c.years_prior,
            c.ti_arrive,
            c.caseworker,
            model.caseworkers.skill,
            out,
        )
        back = out[0, : counts[0]].copy()
        for row, status in ((1, EDUCATION), (2, FLEXJOB), (3, PENSION)):
            leave_benefit(model, out[row, : counts[row]].copy(), status)
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


@kernel
def returns_and_exits(
    coefficients,
    week,
    bound,
    key_exit,
    key_return,
    status,
    ti_status,
    job_fit,
    phase,
    belief,
    done,
    dur_left,
    is_education,
    flex_base,
    pension_base,
    years_prior,
    ti_arrive,
    caseworker,
    skill,
    out,
):
    """Who returns to benefit and who leaves it this week, as lists in the rows of `out`:
    returning (0), to education (1), flexjob (2) and pension (3); returns the four lengths.

    Returns concern citizens off benefit before this week: jobs end, falling with tenure (P22),
    and education is dropped. On benefit, one draw decides whether the citizen leaves (the
    chance of any exit) and, by its position within that chance, which exit, in proportion to
    the hazards. A draw above `bound`, an upper bound on every citizen's total hazard this
    week, leaves the citizen where they are without working the hazards out. The education
    hazard is multiplied by the skill of the caseworker who holds the citizen's post (P7).
    """
    co = coefficients[0]
    counts = np.zeros(4, dtype=np.int64)
    for i in range(status.size):
        s = status[i]
        if s in (JOB, EDUCATION):
            if ti_status[i] >= week:
                continue
            if s == JOB:
                p_back = hazards.job_end_prob(co, week - ti_status[i], job_fit[i])
            else:
                p_back = co.p_education_dropout
            if uniform(key_return, week, i, 0) < p_back:
                out[0, counts[0]] = i
                counts[0] += 1
            continue
        if s != BENEFIT:
            continue
        u_exit = uniform(key_exit, week, i, 0)
        if u_exit >= bound * SAFE_ABOVE:
            continue
        upskilled = False
        for k in range(is_education.size):
            if is_education[k] and (done[i, k] or dur_left[i, k] > 0):
                upskilled = True
        edu, flex, pension = hazards.exit_rates(
            co,
            phase[i],
            belief[i],
            upskilled,
            flex_base[i],
            pension_base[i],
            hazards.years_on_benefit(years_prior[i], ti_arrive[i], week),
        )
        if caseworker[i] >= 0:
            edu *= skill[caseworker[i]]
        total = edu + flex + pension
        # 1 - exp(-total) never exceeds the total: a draw above it needs no exponential.
        if u_exit >= total * SAFE_ABOVE:
            continue
        p_any = hazards.rate_to_prob(total)
        if u_exit >= p_any:
            continue
        share = u_exit / p_any * total
        row = 1 if share < edu else (2 if share < edu + flex else 3)
        out[row, counts[row]] = i
        counts[row] += 1
    return counts
