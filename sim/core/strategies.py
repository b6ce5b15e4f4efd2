"""Strategies as policy objects: at a meeting, which interventions does the caseworker request?

Each strategy answers for a batch of citizens at once with a boolean (m, 4) array of new
referrals in the order of INTERVENTIONS. Referrals join the waiting lists; capacity decides when
they start. The strategy never sees the future or other citizens.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from sim.core.hazards import sigmoid
from sim.core.params import StrategyParams
from sim.core.states import (
    COMPANY,
    FIRM,
    HEALTH,
    HEALTH_BARRIER,
    MENTAL,
    NO_EDUCATION,
    PATIENT,
    PRIVATE_LIFE,
    SOCIAL,
    SOCIAL_BARRIER,
    STANDSTILL,
    STYLES,
    SUBSTANCE,
    UPSKILLING,
)


@dataclass
class PlanContext:
    """What the caseworker knows at the meeting, for the m citizens meeting this week."""

    active: np.ndarray  # bool (m, 4)
    waiting: np.ndarray  # bool (m, 4)
    done: np.ndarray  # bool (m, 4): completed at least once
    barriers: np.ndarray  # bool (m, 5)
    optimism: np.ndarray  # float (m,): the caseworker's
    style: np.ndarray  # int (m,): the caseworker's
    u_refer: np.ndarray  # uniform (m,)
    u_type: np.ndarray  # uniform (m,)
    mean_indicator: np.ndarray  # float (m,): readiness as the caseworker sees it
    phase: np.ndarray  # int (m,)

    def needs(self) -> np.ndarray:
        """Which support types the citizen's barriers call for, bool (m, 4)."""
        b = self.barriers
        need = np.zeros((b.shape[0], 4), dtype=bool)
        need[:, HEALTH] = b[:, HEALTH_BARRIER] | b[:, MENTAL] | b[:, SUBSTANCE]
        need[:, SOCIAL] = b[:, SOCIAL_BARRIER]
        need[:, UPSKILLING] = b[:, NO_EDUCATION]
        return need

    def busy(self) -> np.ndarray:
        return (self.active | self.waiting).any(axis=1)


def _first_true(candidates: np.ndarray, order: tuple[int, ...], fallback: int) -> np.ndarray:
    """Per row, the first column in `order` that is True, else `fallback`."""
    choice = np.full(candidates.shape[0], fallback, dtype=np.int64)
    for col in reversed(order):
        choice = np.where(candidates[:, col], col, choice)
    return choice


def _one_hot(rows: np.ndarray, cols: np.ndarray, m: int) -> np.ndarray:
    out = np.zeros((m, 4), dtype=bool)
    out[rows, cols] = True
    return out


class NoInterventions:
    """The control: nobody is referred to anything."""

    name = "none"

    def __init__(self, p: StrategyParams) -> None:
        self.p = p

    def plan(self, ctx: PlanContext) -> np.ndarray:
        return np.zeros((ctx.active.shape[0], 4), dtype=bool)


class Staircase:
    """One intervention at a time: health, then social, then upskilling, employers last.

    Company-oriented work comes only when the citizen is judged ready (mean indicator at least
    `staircase_readiness` and not in regress or derailment); until then the caseworker repeats
    the support the barriers call for.
    """

    name = "staircase"
    ORDER = (HEALTH, SOCIAL, UPSKILLING)

    def __init__(self, p: StrategyParams) -> None:
        self.p = p

    def plan(self, ctx: PlanContext) -> np.ndarray:
        m = ctx.active.shape[0]
        refer = ~ctx.busy() & (ctx.u_refer < self.p.p_refer)
        needs = ctx.needs()
        ready = (ctx.mean_indicator >= self.p.staircase_readiness) & (ctx.phase <= STANDSTILL)
        repeat = _first_true(needs, self.ORDER, UPSKILLING)
        step = _first_true(needs & ~ctx.done, self.ORDER, -1)
        step = np.where(step >= 0, step, np.where(ready, COMPANY, repeat))
        rows = np.flatnonzero(refer)
        return _one_hot(rows, step[rows], m)


class Parallel:
    """Company-oriented work from the start, with the support the barriers call for alongside.

    The caseworker coordinates: support is referred while the company-oriented place runs, so
    the two overlap, rather than support starting alone while the citizen queues for a place.
    """

    name = "parallel"

    def __init__(self, p: StrategyParams) -> None:
        self.p = p

    def plan(self, ctx: PlanContext) -> np.ndarray:
        taken = ctx.active | ctx.waiting
        refer = ctx.u_refer < self.p.p_refer
        want = ctx.needs() & ~ctx.done & ctx.active[:, [COMPANY]]
        want[:, COMPANY] = True
        return want & ~taken & refer[:, None]


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

    def __init__(self, p: StrategyParams) -> None:
        self.p = p
        # Per style (index = style code), looked up once per meeting batch.
        self._refer_weight = _style_table(self.REFER_WEIGHT)
        self._company_share = np.minimum(
            1.0, p.share_company_status_quo * _style_table(self.COMPANY_WEIGHT)
        )

    def plan(self, ctx: PlanContext) -> np.ndarray:
        m = ctx.active.shape[0]
        p0 = min(max(self.p.p_refer_status_quo, 1e-9), 1 - 1e-9)
        logit = np.log(p0 / (1 - p0)) + self.p.refer_optimism * ctx.optimism
        p_refer = sigmoid(logit) * self._refer_weight[ctx.style]
        refer = ~ctx.busy() & (ctx.u_refer < p_refer)
        p_company = self._company_share[ctx.style]
        open_needs = ctx.needs() & ~ctx.done
        usual = _first_true(open_needs, (HEALTH, SOCIAL, UPSKILLING), UPSKILLING)
        social_first = _first_true(open_needs, (SOCIAL, HEALTH, UPSKILLING), UPSKILLING)
        support = np.where(ctx.style == PRIVATE_LIFE, social_first, usual)
        kind = np.where(ctx.u_type < p_company, COMPANY, support)
        rows = np.flatnonzero(refer)
        want = _one_hot(rows, kind[rows], m)
        # Now and then a caseworker adds support to a running company place. The citizen is
        # busy, so the referral draw above was not used for them and can decide this.
        taken = ctx.active | ctx.waiting
        alongside = ctx.active[:, COMPANY] & ~ctx.waiting.any(axis=1)
        alongside &= ctx.u_refer < self.p.p_parallel_status_quo
        first = _first_true(open_needs & ~taken, (HEALTH, SOCIAL, UPSKILLING), -1)
        rows = np.flatnonzero(alongside & (first >= 0))
        want[rows, first[rows]] = True
        return want


def _style_table(weights: dict[int, float]) -> np.ndarray:
    """A weight per style code (1 where a style is not listed)."""
    table = np.ones(len(STYLES))
    for style, w in weights.items():
        table[style] = w
    return table


STRATEGY_CLASSES = {cls.name: cls for cls in (StatusQuo, Staircase, Parallel, NoInterventions)}


def make_strategy(p: StrategyParams):
    return STRATEGY_CLASSES[p.name](p)
