"""Strategies as policy objects: at a meeting, which interventions does the caseworker request?

Each strategy answers for a batch of citizens at once with a code per citizen: the set of
kinds it refers them to now (see PlanContext). Referrals join the waiting lists; capacity
decides when they start. The strategy never sees the future or other citizens.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from sim.core.compiled import kernel, rule
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

# Which rule a strategy plans by: its code in the compiled `plan_one`.
NO_RULE, STAIRCASE_RULE, PARALLEL_RULE, STATUS_QUO_RULE = range(4)
# Rows of a strategy's `orders` table, over all kind-set codes: the first kind of an order
# that is in the set (or a fallback).
NEXT_STEP, REPEAT_STEP, SUPPORT_USUAL, SUPPORT_SOCIAL_FIRST, ALONGSIDE = range(5)
# A strategy's numbers, in its `knobs` array.
# REFER_LOGIT is the log-odds of P_REFER_STATUS_QUO, worked out once (`refer_logit`).
(
    P_REFER,
    STAIRCASE_READINESS,
    P_REFER_STATUS_QUO,
    REFER_OPTIMISM,
    P_PARALLEL_STATUS_QUO,
    REFER_LOGIT,
) = range(6)


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


class Strategy:
    """A referral rule with its tables, as the compiled planner reads them.

    Subclasses name the rule (`RULE`) and fill the tables they use. `plan(ctx)` answers for a
    batch of citizens; the weekly step calls the same compiled rule (`plan_one`) for the
    citizens meeting their caseworker, inside its own loop.
    """

    name = ""
    RULE = NO_RULE

    def __init__(self, p: StrategyParams, sets: KindSets) -> None:
        self.p = p
        self.sets = sets
        kinds = sets.kinds
        self.company = kinds.company
        self.phase_sensitive = False
        self.orders = np.full((5, sets.all + 1), -1, dtype=np.int64)
        self.by_style = np.ones((2, len(STYLES)))  # referral weight, company share
        self.knobs = np.array(
            [
                p.p_refer,
                p.staircase_readiness,
                p.p_refer_status_quo,
                p.refer_optimism,
                p.p_parallel_status_quo,
                refer_logit(p.p_refer_status_quo),
            ]
        )
        # The kinds that are neither company-oriented nor education: health and social care,
        # which phase-sensitive practice offers in derailment instead of company work.
        self.care = sum(
            sets.bit[k]
            for k in range(len(kinds))
            if k != kinds.company and k not in kinds.education
        )

    @property
    def tables(self) -> tuple:
        """What the compiled `plan_one` reads of the strategy, as one argument."""
        return (
            self.RULE,
            self.phase_sensitive,
            self.company,
            self.sets.all,
            self.care,
            self.orders,
            self.by_style,
            self.knobs,
        )

    def plan(self, ctx: PlanContext) -> np.ndarray:
        return plan_batch(
            self.tables,
            ctx.active,
            ctx.waiting,
            ctx.done,
            ctx.needs,
            np.asarray(ctx.optimism, dtype=np.float64),
            np.asarray(ctx.style, dtype=np.int64),
            np.asarray(ctx.u_refer, dtype=np.float64),
            np.asarray(ctx.u_type, dtype=np.float64),
            np.asarray(ctx.mean_indicator, dtype=np.float64),
            np.asarray(ctx.phase, dtype=np.int64),
        )


class NoInterventions(Strategy):
    """The control: nobody is referred to anything."""

    name = "none"
    RULE = NO_RULE


class Staircase(Strategy):
    """One intervention at a time: health, then social, then upskilling, employers last
    (the support kinds in the order of their `staircase_step`).

    Company-oriented work comes only when the citizen is judged ready (mean indicator at least
    `staircase_readiness` and not in regress or derailment); until then the caseworker repeats
    the support the barriers call for.
    """

    name = "staircase"
    RULE = STAIRCASE_RULE

    def __init__(self, p: StrategyParams, sets: KindSets) -> None:
        super().__init__(p, sets)
        order = sets.kinds.staircase_order
        # With no open need, the caseworker repeats the last step of the staircase.
        self.orders[REPEAT_STEP] = sets.first_in(order, order[-1] if order else self.company)
        self.orders[NEXT_STEP] = sets.first_in(order, -1)


class Parallel(Strategy):
    """Company-oriented work from the start, with the support the barriers call for alongside.

    The caseworker coordinates: support is referred while the company-oriented place runs, so
    the two overlap, rather than support starting alone while the citizen queues for a place.
    """

    name = "parallel"
    RULE = PARALLEL_RULE


class StatusQuo(Strategy):
    """Practice as the study observed it: few referrals, mostly one at a time, mostly not
    company-oriented; now and then support is added to a running company place.

    Optimistic caseworkers refer more (P8). Personal style (seed 002) shapes the choice: firm
    caseworkers pick company-oriented work twice as often as stepwise ones, patient and
    private-life-structuring ones half as often; patient ones refer half as often; private-life
    structuring ones start with social support.
    """

    name = "status_quo"
    RULE = STATUS_QUO_RULE
    COMPANY_WEIGHT: ClassVar[dict[int, float]] = {FIRM: 2.0, PATIENT: 0.5, PRIVATE_LIFE: 0.5}
    REFER_WEIGHT: ClassVar[dict[int, float]] = {PATIENT: 0.5}

    def __init__(self, p: StrategyParams, sets: KindSets) -> None:
        super().__init__(p, sets)
        kinds = sets.kinds
        order = kinds.staircase_order
        last = order[-1] if order else kinds.company
        # Private-life structuring caseworkers take first what the social barrier calls for.
        social_first = tuple(sorted(order, key=lambda k: k not in kinds.kinds_for("social")))
        self.orders[SUPPORT_USUAL] = sets.first_in(order, last)
        self.orders[SUPPORT_SOCIAL_FIRST] = sets.first_in(social_first, last)
        self.orders[ALONGSIDE] = sets.first_in(order, -1)
        self.by_style[0] = _style_table(self.REFER_WEIGHT)
        self.by_style[1] = np.minimum(
            1.0, p.share_company_status_quo * _style_table(self.COMPANY_WEIGHT)
        )


def _style_table(weights: dict[int, float]) -> np.ndarray:
    """A weight per style code (1 where a style is not listed)."""
    table = np.ones(len(STYLES))
    for style, w in weights.items():
        table[style] = w
    return table


@kernel
def refer_logit(p_refer):
    """The log-odds of the status quo's referral chance (kept off 0 and 1). Compiled like
    `plan_one`, which reads it from the knobs instead of taking a logarithm per meeting."""
    p0 = min(max(p_refer, 1e-9), 1 - 1e-9)
    return np.log(p0 / (1 - p0))


@rule
def plan_one(
    tables,
    active,
    waiting,
    done,
    needs,
    optimism,
    style,
    u_refer,
    u_type,
    mean_indicator,
    phase,
):
    """The kinds (a code) one citizen is referred to at a meeting, by the strategy's rule.

    Codes are sets of kinds (bit k for kind k). A citizen with something running or waiting
    is busy: the staircase and status quo refer only the idle, parallel adds what is missing.
    `tables` is `Strategy.tables`.
    """
    rule, phase_sensitive, company, all_kinds, care, orders, by_style, knobs = tables
    company_bit = 1 << company
    busy = (active | waiting) != 0
    open_needs = needs & ~done & all_kinds
    want = 0
    if rule == STAIRCASE_RULE:
        if not busy and u_refer < knobs[P_REFER]:
            step = orders[NEXT_STEP, open_needs]
            if step < 0:
                ready = mean_indicator >= knobs[STAIRCASE_READINESS] and phase <= STANDSTILL
                step = company if ready else orders[REPEAT_STEP, needs]
            want = 1 << step
    elif rule == PARALLEL_RULE:
        if u_refer < knobs[P_REFER]:
            in_company = (active & company_bit) != 0
            extra = open_needs if in_company else 0
            want = (extra | company_bit) & ~(active | waiting) & all_kinds
    elif rule == STATUS_QUO_RULE:
        logit = knobs[REFER_LOGIT] + knobs[REFER_OPTIMISM] * optimism
        p_refer = 0.5 * (1.0 + np.tanh(0.5 * logit)) * by_style[0, style]
        if not busy and u_refer < p_refer:
            if u_type < by_style[1, style]:
                want = company_bit
            else:
                row = SUPPORT_SOCIAL_FIRST if style == PRIVATE_LIFE else SUPPORT_USUAL
                want = 1 << orders[row, open_needs]
        # Now and then a caseworker adds support to a running company place. The citizen is
        # busy, so the referral draw above was not used for them and can decide this.
        if (active & company_bit) != 0 and waiting == 0 and u_refer < knobs[P_PARALLEL_STATUS_QUO]:
            first = orders[ALONGSIDE, open_needs & ~(active | waiting)]
            if first >= 0:
                want |= 1 << first
    if phase_sensitive and phase == DERAILMENT and (want & company_bit) != 0:
        # In derailment, no company-oriented work: the care the citizen needs instead, and
        # company work waits until they are back in regress or better (seed 000).
        want = (want & ~company_bit) | (open_needs & ~(active | waiting) & care)
    return want


@kernel
def plan_batch(
    tables,
    active,
    waiting,
    done,
    needs,
    optimism,
    style,
    u_refer,
    u_type,
    mean_indicator,
    phase,
):
    """`plan_one` for each citizen of a batch (codes, uint8)."""
    out = np.zeros(active.size, dtype=np.uint8)
    for j in range(active.size):
        out[j] = plan_one(
            tables,
            int(active[j]),
            int(waiting[j]),
            int(done[j]),
            int(needs[j]),
            optimism[j],
            style[j],
            u_refer[j],
            u_type[j],
            mean_indicator[j],
            phase[j],
        )
    return out


STRATEGY_CLASSES = {cls.name: cls for cls in (StatusQuo, Staircase, Parallel, NoInterventions)}
# Phase-sensitive parallel has a name of its own, so planners can set it beside the others.
STRATEGY_CLASSES["parallel_phase_sensitive"] = Parallel


def make_strategy(p: StrategyParams, sets: KindSets) -> Strategy:
    """The strategy `p` names, applied with an eye to the citizen's phase where practice is
    phase-sensitive (DOMAIN.md section 3, seed 000): in derailment no company-oriented work,
    the health or social support the citizen needs instead. The other phases' rules act
    elsewhere: a head start in the company queue in progress (meetings), continuity and
    explained waiting in standstill (turnover, phase transitions). "Small, reachable goals" in
    regress are not a rule of their own."""
    strategy = STRATEGY_CLASSES[p.name](p, sets)
    strategy.phase_sensitive = p.phase_sensitive_practice
    return strategy
