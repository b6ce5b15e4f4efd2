"""Life events: a crisis pushes a citizen on benefit one phase back and shakes their
self-belief (seed 000)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.core.compiled import kernel
from sim.core.draws import uniform
from sim.core.mechanisms.base import Mechanism
from sim.core.states import BENEFIT, DERAILMENT, EV_PHASE, SELF_BELIEF

if TYPE_CHECKING:
    from sim.core.model import FremdriftModel


class LifeEvents(Mechanism):
    """Crises (illness, housing, family) come more often with mental, substance and social
    problems; each one moves the citizen one phase toward derailment."""

    name = "life_events"
    params = ("dynamics",)
    streams = ("life",)
    reads = ("citizens.status", "citizens.p_life")
    writes = ("citizens.phase", "citizens.indicators")
    flows = ("new_life_events",)
    sources = ("seed 000", "P27")

    def step(self, model: FremdriftModel) -> None:
        c = model.arrived
        key = model.streams.key("life")
        n_hit, n_worse = crises(
            model.co, key, model.week, c.status, c.p_life, c.phase, c.indicators, model.scratch[0]
        )
        model.recorder.flow("new_life_events", n_hit)
        if model.recorder.detail and n_worse:
            worse = model.scratch[0, :n_worse].copy()
            model.recorder.event(model.week, worse, EV_PHASE, c.phase[worse])


@kernel
def crises(coefficients, key, week, status, p_life, phase, indicators, worse):
    """Crises for citizens on benefit: each costs self-belief and moves the citizen one phase
    toward derailment. Writes those who moved into `worse`; returns (crises, moves)."""
    co = coefficients[0]
    n_hit = 0
    n_worse = 0
    for i in range(status.size):
        if status[i] != BENEFIT or uniform(key, week, i, 0) >= p_life[i]:
            continue
        n_hit += 1
        belief = indicators[i, SELF_BELIEF] - co.self_belief_loss_crisis
        indicators[i, SELF_BELIEF] = max(belief, 1.0)
        if phase[i] < DERAILMENT:
            phase[i] += 1
            worse[n_worse] = i
            n_worse += 1
    return n_hit, n_worse
