"""Caseworker turnover: leaving, vacancies, hiring, sick leave, new contacts, case transfers.

Every citizen who ends the stage with a caseworker other than the one they last met counts a
change (P2, P3); a vacancy leaves its citizens without follow-up until the post is filled.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from sim.core import hazards
from sim.core.actions import hire, meet_current_caseworker
from sim.core.arrays import true_at
from sim.core.mechanisms.base import Mechanism
from sim.core.state import NOBODY
from sim.core.states import BENEFIT, NO_BELIEF, STANDSTILL

if TYPE_CHECKING:
    from sim.core.model import FremdriftModel


def vacancy_weeks(u: float, q: float) -> int:
    """Weeks a post stays empty: geometric with mean q / (1 - q), from one uniform draw."""
    if q == 0:
        return 0
    return math.floor(math.log(max(u, 1e-300)) / math.log(q))


def caseload(model: FremdriftModel) -> np.ndarray:
    """Citizens on benefit per post, counted now."""
    c = model.citizens
    return np.bincount(c.post[c.status == BENEFIT], minlength=model.posts.n)


def keeps_standstill(model: FremdriftModel) -> bool:
    """Whether reorganisation leaves citizens in standstill with their caseworker: the
    continuity rule, or phase-sensitive practice, which includes it."""
    return (
        model.params.caseworkers.continuity_rule == "standstill"
        or model.params.strategy.phase_sensitive_practice
    )


def on_posts(model: FremdriftModel, posts: np.ndarray) -> np.ndarray:
    """bool (n,): citizens attached to any of `posts`."""
    mask = np.zeros(model.posts.n, dtype=bool)
    mask[posts] = True
    return mask[model.citizens.post]


class CaseworkerTurnover(Mechanism):
    """Caseworkers leave (their post stands vacant for a while), vacant posts are filled,
    caseworkers fall sick, make new employer contacts, and reorganisation moves some cases."""

    name = "caseworker_turnover"
    params = ("caseworkers", "interventions", "dynamics", "strategy")
    streams = ("turnover", "transfer", "network", "caseworkers", "belief", "waiting")
    reads = (
        "citizens.status",
        "citizens.post",
        "citizens.jobcentre",
        "citizens.mean_indicator",
        "citizens.phase",
        "citizens.ti_change",
    )
    writes = (
        "posts.holder",
        "posts.ti_vacant_end",
        "posts.caseload",
        "posts.covered",
        "citizens.indicators",
        "caseworkers.*",
        "citizens.caseworker",
        "citizens.post",
        "citizens.belief",
        "citizens.last_caseworker",
        "citizens.n_changes",
        "citizens.ti_change",
        "citizens.ti_waiting",
    )
    flows = ("new_caseworker_changes", "new_contacts_lost")
    sources = ("P2", "P3", "P23", "P24", "seed 001", "seed 002")

    def step(self, model: FremdriftModel) -> None:
        p = model.params.caseworkers
        t = model.week
        c, posts, cws = model.citizens, model.posts, model.caseworkers
        u_leave, u_vac, u_sick, u_cover = model.streams.turnover.random((4, posts.n))
        holders = posts.holder
        # Hiring and leaving do not change who is on which post; only the case transfers at
        # the end of this stage do.
        load = caseload(model)
        leaving = true_at((holders >= 0) & (u_leave < hazards.leave_prob(p, load)))
        if leaving.size:
            q = p.dur_vacancy_mean / (1.0 + p.dur_vacancy_mean)
            for post in leaving:
                cw = holders[post]
                cws.ti_left[cw] = t
                cws.caseload_at_end[cw] = load[post]
                model.recorder.flow("new_contacts_lost", model.network.remove_caseworker(cw))
                model.caseworker_agents.pop(cw).remove()
                holders[post] = NOBODY
                posts.ti_vacant_end[post] = t + vacancy_weeks(u_vac[post], q)
            orphaned = on_posts(model, leaving) & (c.status == BENEFIT)
            c.belief[orphaned] = NO_BELIEF
        filled = true_at((holders < 0) & (posts.ti_vacant_end <= t))
        for post in filled:
            hire(model, post)
        present = holders >= 0
        sick = present & (u_sick < p.p_sick_leave)
        sick &= cws.ti_absent_end[np.maximum(holders, 0)] <= t
        cws.ti_absent_end[holders[sick]] = t + p.dur_sick_leave
        # A colleague covers part of a vacancy's follow-up (the vacancy_cover lever).
        posts.covered = (holders < 0) & (u_cover < p.vacancy_cover)
        self._grow_contacts(model)
        moved = self._transfer_cases(model, load)
        # The only stage that changes posts or holders refreshes the citizens' view of them.
        c.caseworker = holders[c.post]
        posts.caseload = caseload(model) if moved else load
        if filled.size:
            meet_current_caseworker(model, true_at(on_posts(model, filled)))

    @staticmethod
    def _grow_contacts(model: FremdriftModel) -> None:
        p = model.params.caseworkers
        posts = model.posts
        u, pick = model.streams.network.random((2, posts.n))
        growing = true_at((posts.holder >= 0) & (u < p.p_new_contact))
        # New contacts favour open employers in the jobcentre's area, like the first ones.
        emps = model.network.draw(pick[growing], posts.jobcentre[growing])
        for post, e in zip(growing, emps, strict=True):
            model.network.add_contact(int(posts.holder[post]), int(e))

    @staticmethod
    def _transfer_cases(model: FremdriftModel, load: np.ndarray) -> bool:
        """Reorganisation moves some citizens to a post of their jobcentre with room under the
        cap (`load` is the caseload per post before). Returns whether anyone moved."""
        p = model.params.caseworkers
        c = model.citizens
        u = model.streams.transfer.random(c.n, dtype=np.float32)
        movable = (c.status == BENEFIT) & (u < p.p_case_transfer)
        if keeps_standstill(model):
            movable &= c.phase != STANDSTILL
        movers = true_at(movable)
        u_to = model.streams.transfer.random(movers.size)
        if not movers.size:
            return False
        posts = model.posts
        room = true_at((load < p.caseload_cap) & (posts.holder >= 0))  # sorted by jobcentre
        if not room.size:
            return False
        target = posts.pick_in_jobcentre(room, c.jobcentre[movers], u_to, c.post[movers])
        moved = target != c.post[movers]
        c.post[movers[moved]] = target[moved]
        meet_current_caseworker(model, movers[moved])
        return bool(moved.any())
