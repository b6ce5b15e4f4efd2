"""Strategies as policy objects: at a meeting, which interventions does the caseworker request?

Each strategy answers for a batch of citizens at once with a code per citizen: the set of
kinds it refers them to now (see PlanContext). Referrals join the waiting lists; capacity
decides when they start. The strategy never sees the future or other citizens.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from sim.core.hazards import sigmoid
from sim.core.kinds import KindTable
from sim.core.params import StrategyParams
from sim.core.states import (
    DERAILMENT,
    FIRM,
    PATIENT,
    PRIVATE_LIFE,
    STANDSTILL,
    STYLES,
)


class KindSets:
    """Sets of intervention kinds as bit codes: bit k stands for the run's kind k.

    A meeting batch then carries one small integer per citizen instead of a (kinds, m) table,
    and "the first kind in this order that is in the set" is one lookup in a table over all
    codes. Up to eight kinds fit a uint8 (`InterventionParams` allows no more).
    """

    def __init__(self, kinds: KindTable) -> None:
        self.kinds = kinds
        self.bit = tuple(1 << k for k in range(len(kinds)))
        self.all = (1 << len(kinds)) - 1
        self._weights = np.array(self.bit, dtype=np.uint8)

    def codes(self, rows: np.ndarray) -> np.ndarray:
        """bool (kinds, m), one row per kind, as codes (uint8, m)."""
        return self._weights @ rows

    def first_in(self, order: tuple[int, ...], fallback: int) -> np.ndarray:
        """Table over all codes: the first kind of `order` in the set, else `fallback`."""
        return np.array(
            [
                next((k for k in order if code & self.bit[k]), fallback)
                for code in range(self.all + 1)
            ],
            dtype=np.int64,
        )

    def need_codes(self, barriers: np.ndarray) -> np.ndarray:
        """The kinds each citizen's barriers call for, as codes; fixed for a citizen."""
        return self.codes(self.kinds.needs(barriers))


def one_kind(refer: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """The code of the single kind `kind` where `refer`, else the empty set."""
    return np.where(refer, np.left_shift(1, kind), 0).astype(np.uint8)


@dataclass
class PlanContext:
    """What the caseworker knows at the meeting, for the m citizens meeting this week.

    The first four are codes (uint8, m), sets of intervention kinds; a plan returns one too:
    the kinds each citizen is referred to now.
    """

    active: np.ndarray  # running now
    waiting: np.ndarray  # on a waiting list
    done: np.ndarray  # completed at least once
    needs: np.ndarray  # called for by the citizen's barriers
    optimism: np.ndarray  # float (m,): the caseworker's
    style: np.ndarray  # int (m,): the caseworker's
    u_refer: np.ndarray  # uniform (m,)
    u_type: np.ndarray  # uniform (m,)
    mean_indicator: np.ndarray  # float (m,): readiness as the caseworker sees it
    phase: np.ndarray  # int (m,)

    def busy(self) -> np.ndarray:
        return (self.active | self.waiting) != 0


class NoInterventions:
    """The control: nobody is referred to anything."""

    name = "none"

    def __init__(self, p: StrategyParams, sets: KindSets) -> None:
        self.p = p

    def plan(self, ctx: PlanContext) -> np.ndarray:
        return np.zeros(ctx.active.shape, dtype=np.uint8)


class Staircase:
    """One intervention at a time: health, then social, then upskilling, employers last
    (the support kinds in the order of their `staircase_step`).

    Company-oriented work comes only when the citizen is judged ready (mean indicator at least
    `staircase_readiness` and not in regress or derailment); until then the caseworker repeats
    the support the barriers call for.
    """

    name = "staircase"

    def __init__(self, p: StrategyParams, sets: KindSets) -> None:
        self.p = p
        self.company = sets.kinds.company
        order = sets.kinds.staircase_order
        # With no open need, the caseworker repeats the last step of the staircase.
        self.REPEAT = sets.first_in(order, order[-1] if order else self.company)
        self.NEXT = sets.first_in(order, -1)

    def plan(self, ctx: PlanContext) -> np.ndarray:
        refer = ~ctx.busy() & (ctx.u_refer < self.p.p_refer)
        ready = (ctx.mean_indicator >= self.p.staircase_readiness) & (ctx.phase <= STANDSTILL)
        step = self.NEXT[ctx.needs & ~ctx.done]
        step = np.where(step >= 0, step, np.where(ready, self.company, self.REPEAT[ctx.needs]))
        return one_kind(refer, step)


class Parallel:
    """Company-oriented work from the start, with the support the barriers call for alongside.

    The caseworker coordinates: support is referred while the company-oriented place runs, so
    the two overlap, rather than support starting alone while the citizen queues for a place.
    """

    name = "parallel"

    def __init__(self, p: StrategyParams, sets: KindSets) -> None:
        self.p = p
        self.company_bit = sets.bit[sets.kinds.company]
        self.all = sets.all

    def plan(self, ctx: PlanContext) -> np.ndarray:
        taken = ctx.active | ctx.waiting
        refer = ctx.u_refer < self.p.p_refer
        in_company = (ctx.active & self.company_bit) != 0
        want = (ctx.needs & ~ctx.done & np.where(in_company, self.all, 0)) | self.company_bit
        return np.where(refer, want & ~taken, 0).astype(np.uint8)


class StatusQuo:
    """Practice as the study observed it: few referrals, mostly one at a time, mostly not
    company-oriented; now and then support is added to a running company place.

    Optimistic caseworkers refer more (P8). Personal style (seed 002) shapes the choice: firm
    caseworkers pick company-oriented work twice as often as stepwise ones, patient and
    private-life-structuring ones half as often; patient ones refer half as often; private-life
    structuring ones start with social support.
    """

    name = "status_quo"
    COMPANY_WEIGHT: ClassVar[dict[int, float]] = {FIRM: 2.0, PATIENT: 0.5, PRIVATE_LIFE: 0.5}
    REFER_WEIGHT: ClassVar[dict[int, float]] = {PATIENT: 0.5}

    def __init__(self, p: StrategyParams, sets: KindSets) -> None:
        self.p = p
        kinds = sets.kinds
        self.company = kinds.company
        self.company_bit = sets.bit[kinds.company]
        order = kinds.staircase_order
        last = order[-1] if order else kinds.company
        # Private-life structuring caseworkers take first what the social barrier calls for.
        social_first = tuple(sorted(order, key=lambda k: k not in kinds.kinds_for("social")))
        # Which support comes first: the usual order, or social first (PRIVATE_LIFE style).
        self.SUPPORT = np.stack([sets.first_in(order, last), sets.first_in(social_first, last)])
        self.ALONGSIDE = sets.first_in(order, -1)
        # Per style (index = style code), looked up once per meeting batch.
        self._refer_weight = _style_table(self.REFER_WEIGHT)
        self._company_share = np.minimum(
            1.0, p.share_company_status_quo * _style_table(self.COMPANY_WEIGHT)
        )

    def plan(self, ctx: PlanContext) -> np.ndarray:
        p0 = min(max(self.p.p_refer_status_quo, 1e-9), 1 - 1e-9)
        logit = np.log(p0 / (1 - p0)) + self.p.refer_optimism * ctx.optimism
        p_refer = sigmoid(logit) * self._refer_weight[ctx.style]
        refer = ~ctx.busy() & (ctx.u_refer < p_refer)
        p_company = self._company_share[ctx.style]
        open_needs = ctx.needs & ~ctx.done
        support = self.SUPPORT[(ctx.style == PRIVATE_LIFE).astype(np.int64), open_needs]
        want = one_kind(refer, np.where(ctx.u_type < p_company, self.company, support))
        # Now and then a caseworker adds support to a running company place. The citizen is
        # busy, so the referral draw above was not used for them and can decide this.
        taken = ctx.active | ctx.waiting
        alongside = ((ctx.active & self.company_bit) != 0) & (ctx.waiting == 0)
        alongside &= ctx.u_refer < self.p.p_parallel_status_quo
        first = self.ALONGSIDE[open_needs & ~taken]
        return want | one_kind(alongside & (first >= 0), np.maximum(first, 0))


def _style_table(weights: dict[int, float]) -> np.ndarray:
    """A weight per style code (1 where a style is not listed)."""
    table = np.ones(len(STYLES))
    for style, w in weights.items():
        table[style] = w
    return table


class PhaseSensitive:
    """A strategy applied with an eye to the citizen's phase (DOMAIN.md section 3, seed 000).

    In derailment the caseworker does not send the citizen to company-oriented work; where the
    strategy would, they refer instead to the health or social support the citizen needs (the
    kinds that are neither company-oriented nor education), and company work waits until the
    citizen is back in regress or better. The other phases' rules act elsewhere: a head start
    in the company queue in progress (meetings), continuity and explained waiting in
    standstill (turnover, phase transitions). "Small, reachable goals" in regress are not a
    rule of their own: regress is planned as the strategy plans it.
    """

    def __init__(self, inner, sets: KindSets) -> None:
        self.inner = inner
        self.name = inner.name
        kinds = sets.kinds
        self.company_bit = sets.bit[kinds.company]
        self.not_company = np.uint8(sets.all & ~self.company_bit)
        self.care = sum(
            sets.bit[k]
            for k in range(len(kinds))
            if k != kinds.company and k not in kinds.education
        )

    def plan(self, ctx: PlanContext) -> np.ndarray:
        want = self.inner.plan(ctx)
        derailed = ctx.phase == DERAILMENT
        to_company = (want & self.company_bit) != 0
        care = ctx.needs & ~ctx.done & ~(ctx.active | ctx.waiting) & self.care
        instead = (want & self.not_company) | np.where(to_company, care, 0)
        return np.where(derailed, instead, want).astype(np.uint8)


STRATEGY_CLASSES = {cls.name: cls for cls in (StatusQuo, Staircase, Parallel, NoInterventions)}
# Phase-sensitive parallel has a name of its own, so planners can set it beside the others.
STRATEGY_CLASSES["parallel_phase_sensitive"] = Parallel


def make_strategy(p: StrategyParams, sets: KindSets):
    strategy = STRATEGY_CLASSES[p.name](p, sets)
    return PhaseSensitive(strategy, sets) if p.phase_sensitive_practice else strategy
