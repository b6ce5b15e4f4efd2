"""Phase transitions: readiness indicators drift with the phase, grow with the interventions
that target them and wear down while the citizen waits with nothing running (P13); the
citizen's self-belief follows the caseworker's belief, continuity and placements (seed 001,
seed 004); then each citizen moves at most one phase (Danneris, seed 000).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.core import hazards
from sim.core.arrays import mean_over_rows, true_at
from sim.core.mechanisms.base import Mechanism
from sim.core.states import (
    BENEFIT,
    DERAILMENT,
    DOUBTFUL,
    EV_PHASE,
    GOOD_CHANCE,
    NO_BELIEF,
    SELF_BELIEF,
    STANDSTILL,
)

if TYPE_CHECKING:
    from sim.core.model import FremdriftModel


class PhaseTransitions(Mechanism):
    name = "phase_transitions"
    params = ("dynamics", "interventions", "caseworkers", "strategy")
    streams = ("phase",)
    reads = (
        "citizens.status",
        "citizens.dur_left",
        "citizens.belief",
        "citizens.ti_change",
        "citizens.caseworker",
        "citizens.dur_passive",
        "citizens.placement_employer",
        "citizens.placement_fit",
        "citizens.ti_waiting",
        "posts.covered",
        "employers.mentor",
    )
    writes = ("citizens.indicators", "citizens.mean_indicator", "citizens.phase")
    sources = ("seed 000", "seed 001", "seed 004", "P4", "P6", "P9", "P10", "P11", "P12", "P13")

    def step(self, model: FremdriftModel) -> None:
        d = model.params.dynamics
        t = model.week
        c, kinds = model.citizens, model.kinds
        benefit = c.status == BENEFIT
        active = c.dur_left > 0
        # Indicators drift with the phase and grow with the interventions that target them.
        c.indicators += model.tables.drift_by_phase[c.phase] * benefit
        busy = true_at(np.logical_or.reduce(active, axis=0))
        if busy.size:
            act = active[:, busy].astype(np.float32)
            # Support without company-oriented work gives only part of its gain (P12).
            support_weight = np.where(act[kinds.company] > 0, 1.0, d.rel_gain_without_company)
            support_weight = support_weight.astype(np.float32)
            for k in kinds.support:
                act[k] *= support_weight
            c.indicators[:, busy] += (kinds.gains.T @ act) * np.float32(d.indicator_gain)
        idle = benefit & ~np.logical_or.reduce(active, axis=0)
        self._wear_while_waiting(model, idle)
        placed = c.placement_employer >= 0
        mentor = model.employers.mentor[np.maximum(c.placement_employer, 0)]
        misfit = (placed & ~c.placement_fit) * np.where(mentor, 0.5, 1.0)
        has_caseworker = (c.caseworker >= 0) | model.posts.covered[c.post]
        self._move_self_belief(model, benefit, placed & c.placement_fit, misfit, has_caseworker)
        np.maximum(c.indicators, 1.0, out=c.indicators)  # np.clip, without its overhead
        np.minimum(c.indicators, 5.0, out=c.indicators)
        c.mean_indicator = mean_over_rows(c.indicators)

        push = hazards.phase_push(
            d,
            phase=c.phase,
            active=active,
            kinds=kinds,
            belief=c.belief,
            weeks_since_change=t - c.ti_change,
            has_caseworker=has_caseworker,
            passive_weeks=c.dur_passive,
            placement_fit=placed & c.placement_fit,
            placement_misfit=misfit,
            placed_derailed=placed & (c.phase == DERAILMENT),
            mean_indicator=c.mean_indicator,
            self_belief=c.indicators[SELF_BELIEF],
            change_weight=1.0 - model.params.caseworkers.handover_quality,
            tables=model.tables,
        )
        fwd, back = hazards.phase_move_probs(d, push, c.phase)
        u = model.streams.phase.random(c.n, dtype=np.float32)
        forward = true_at(benefit & (u < fwd))
        backward = true_at(benefit & (u >= fwd) & (u < fwd + back))
        c.phase[forward] -= 1
        c.phase[backward] += 1
        moved = np.concatenate([forward, backward])
        model.recorder.event(t, moved, EV_PHASE, c.phase[moved])

    @staticmethod
    def _wear_while_waiting(model: FremdriftModel, idle: np.ndarray) -> None:
        """Waiting on a list with nothing running wears readiness down (P13); where practice
        is phase-sensitive, a citizen in standstill has the wait explained, at half the harm."""
        c = model.citizens
        waiting = idle & np.logical_or.reduce(c.ti_waiting >= 0, axis=0)
        loss = np.float32(model.params.dynamics.indicator_loss_waiting) * waiting
        if model.params.strategy.phase_sensitive_practice:
            loss *= np.where(c.phase == STANDSTILL, np.float32(0.5), np.float32(1.0))
        c.indicators -= loss

    @staticmethod
    def _move_self_belief(
        model: FremdriftModel,
        benefit: np.ndarray,
        fit: np.ndarray,
        misfit: np.ndarray,
        has_caseworker: np.ndarray,
    ) -> None:
        """The citizen's self-belief follows the caseworker's belief in them (up while they
        believe, down while they doubt), grows with a lasting relationship and with a
        placement that fits, and falls in one that does not (seed 001, seed 004)."""
        d = model.params.dynamics
        c = model.citizens
        believes = (c.belief >= 0) & (c.belief <= GOOD_CHANCE)
        doubts = c.belief >= DOUBTFUL
        steady = (model.week - c.ti_change >= d.dur_change_effect) & has_caseworker
        steady &= c.belief != NO_BELIEF
        delta = d.self_belief_from_belief * (believes.astype(np.float32) - doubts)
        delta += d.self_belief_continuity * steady
        delta += d.self_belief_placement * (fit - misfit)
        c.indicators[SELF_BELIEF] += (delta * benefit).astype(np.float32)
