"""Phase transitions: readiness indicators drift with the phase and grow with the
interventions that target them; then each citizen moves at most one phase (Danneris, seed 000).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.core import hazards
from sim.core.arrays import mean_over_rows, true_at
from sim.core.mechanisms.base import Mechanism
from sim.core.states import BENEFIT, EV_PHASE

if TYPE_CHECKING:
    from sim.core.model import FremdriftModel


class PhaseTransitions(Mechanism):
    name = "phase_transitions"
    params = ("dynamics", "interventions")
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
        "employers.mentor",
    )
    writes = ("citizens.indicators", "citizens.mean_indicator", "citizens.phase")
    sources = ("seed 000", "seed 004", "P9", "P10", "P11", "P12", "P13", "P4")

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
        np.maximum(c.indicators, 1.0, out=c.indicators)  # np.clip, without its overhead
        np.minimum(c.indicators, 5.0, out=c.indicators)
        c.mean_indicator = mean_over_rows(c.indicators)

        placed = c.placement_employer >= 0
        mentor = model.employers.mentor[np.maximum(c.placement_employer, 0)]
        push = hazards.phase_push(
            d,
            phase=c.phase,
            active=active,
            kinds=kinds,
            belief=c.belief,
            weeks_since_change=t - c.ti_change,
            has_caseworker=c.caseworker >= 0,
            passive_weeks=c.dur_passive,
            placement_fit=placed & c.placement_fit,
            placement_misfit=(placed & ~c.placement_fit) * np.where(mentor, 0.5, 1.0),
            mean_indicator=c.mean_indicator,
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
