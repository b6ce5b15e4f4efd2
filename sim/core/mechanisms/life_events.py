"""Life events: a crisis pushes a citizen on benefit one phase back and shakes their
self-belief (seed 000)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.core.arrays import true_at
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
        c = model.citizens
        u = model.streams.life.random(c.n, dtype=np.float32)
        hit = (c.status == BENEFIT) & (u < c.p_life)
        model.recorder.flow("new_life_events", hit.sum())
        belief = c.indicators[SELF_BELIEF]
        belief -= np.float32(model.params.dynamics.self_belief_loss_crisis) * hit
        np.maximum(belief, 1.0, out=belief)
        worse = true_at(hit & (c.phase < DERAILMENT))
        c.phase[worse] += 1
        model.recorder.event(model.week, worse, EV_PHASE, c.phase[worse])
