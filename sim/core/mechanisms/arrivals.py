"""Arrivals: in an open population, new citizens join the group each week (P26).

Who arrives and when is drawn once at the start (sim.core.population.draw_arrivals), so every
strategy meets the same newcomers. An arriving citizen is placed on one of their jobcentre's
posts at random, meets its caseworker (who forms a view at once) and starts in the phase they
were drawn in. In a closed cohort, the default and what the studies followed, nobody arrives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.core.actions import meet_current_caseworker
from sim.core.mechanisms.base import Mechanism
from sim.core.states import BENEFIT, EV_STATUS

if TYPE_CHECKING:
    from sim.core.model import FremdriftModel


class Arrivals(Mechanism):
    name = "arrivals"
    params = ("population",)
    streams = ("inflow", "belief", "waiting")
    reads = ("citizens.ti_arrive", "citizens.jobcentre", "posts.jobcentre", "posts.holder")
    writes = (
        "citizens.status",
        "citizens.ti_status",
        "citizens.post",
        "citizens.caseworker",
        "citizens.last_caseworker",
        "citizens.ti_change",
        "citizens.belief",
        "citizens.indicators",
        "citizens.ti_waiting",
        "caseworkers.cum_citizens",
    )
    flows = ("new_arrivals", "new_caseworker_changes")  # the latter always 0: a first meeting
    sources = ("P26",)

    def step(self, model: FremdriftModel) -> None:
        c = model.citizens
        if model.params.population.inflow_share_per_year == 0:
            return
        arriving = model.arriving(model.week)
        if not arriving.size:
            return
        posts = model.posts
        u = model.streams.inflow.random(arriving.size)
        every_post = np.arange(posts.n)
        c.post[arriving] = posts.pick_in_jobcentre(
            every_post, c.jobcentre[arriving], u, c.post[arriving]
        )
        c.status[arriving] = BENEFIT
        c.ti_status[arriving] = model.week
        c.caseworker[arriving] = posts.holder[c.post[arriving]]
        model.recorder.flow("new_arrivals", arriving.size)
        model.recorder.event(model.week, arriving, EV_STATUS, BENEFIT)
        meet_current_caseworker(model, arriving)
