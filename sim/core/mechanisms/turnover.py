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
from sim.core.compiled import kernel
from sim.core.draws import uniform, uniforms
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
    return count_caseload(model.arrived.status, model.arrived.post, model.posts.n)


@kernel
def count_caseload(status, post, n_posts):
    """Citizens on benefit per post."""
    load = np.zeros(n_posts, dtype=np.int64)
    for i in range(status.size):
        if status[i] == BENEFIT:
            load[post[i]] += 1
    return load


@kernel
def to_fill(holders, ti_vacant_end, week):
    """Vacant posts whose vacancy ends this week."""
    return np.flatnonzero((holders < 0) & (ti_vacant_end <= week))


@kernel
def absences(coefficients, week, u_sick, u_cover, holders, ti_absent_end, covered):
    """Caseworkers at work may fall sick for `dur_sick_leave` weeks; a colleague covers a
    vacant post's follow-up this week with chance `vacancy_cover` (the lever)."""
    co = coefficients[0]
    for post in range(holders.size):
        cw = holders[post]
        covered[post] = cw < 0 and u_cover[post] < co.vacancy_cover
        if cw >= 0 and u_sick[post] < co.p_sick_leave and ti_absent_end[cw] <= week:
            ti_absent_end[cw] = week + int(co.dur_sick_leave)


@kernel
def refresh_caseworker(caseworker, holders, post):
    """Each citizen's caseworker is their post's holder (NOBODY in a vacancy)."""
    for i in range(post.size):
        caseworker[i] = holders[post[i]]


@kernel
def transfer(movers, u, load, cap, holders, post_jobcentre, jobcentre, post, caseload_after):
    """Move each mover to a post of their jobcentre that is held and has room under the cap
    (`load` as the week began), picked by `u`; keep them where they are if there is none.
    Reorders `movers` so that those who changed post come first; returns how many did.
    `caseload_after` (per post) follows the moves, so nobody needs counting again."""
    n_jobcentres = post_jobcentre.max() + 1
    # The posts with room, grouped by jobcentre (ascending post numbers within each).
    per = np.zeros(n_jobcentres + 1, dtype=np.int64)
    for q in range(holders.size):
        if holders[q] >= 0 and load[q] < cap:
            per[post_jobcentre[q] + 1] += 1
    start = np.cumsum(per)
    room = np.empty(start[-1], dtype=np.int64)
    fill = start[:-1].copy()
    for q in range(holders.size):
        if holders[q] >= 0 and load[q] < cap:
            room[fill[post_jobcentre[q]]] = q
            fill[post_jobcentre[q]] += 1
    n_moved = 0
    for j in range(movers.size):
        i = movers[j]
        g = jobcentre[i]
        width = start[g + 1] - start[g]
        if width == 0:
            continue
        target = room[start[g] + min(int(u[j] * width), width - 1)]
        if target != post[i]:
            caseload_after[post[i]] -= 1
            caseload_after[target] += 1
            post[i] = target
            movers[n_moved] = i
            n_moved += 1
    return n_moved


@kernel
def leavers(coefficients, u, holders, load):
    """The posts whose caseworker leaves this week: heavier caseloads drive them away (P23)."""
    co = coefficients[0]
    out = np.empty(holders.size, dtype=np.int64)
    n = 0
    for post in range(holders.size):
        if holders[post] >= 0 and u[post] < hazards.leave_prob(co, load[post]):
            out[n] = post
            n += 1
    return out[:n]


@kernel
def movable(coefficients, key, week, status, phase, out):
    """Citizens on benefit whom reorganisation moves to another post this week, into `out`;
    returns how many. The continuity rule (or phase-sensitive practice, which includes it)
    leaves citizens in standstill with their caseworker (seed 000)."""
    co = coefficients[0]
    n = 0
    for i in range(status.size):
        if status[i] != BENEFIT or uniform(key, week, i, 0) >= co.p_case_transfer:
            continue
        if co.keeps_standstill and phase[i] == STANDSTILL:
            continue
        out[n] = i
        n += 1
    return n


def on_posts(model: FremdriftModel, posts: np.ndarray) -> np.ndarray:
    """bool (n,): citizens attached to any of `posts`."""
    mask = np.zeros(model.posts.n, dtype=bool)
    mask[posts] = True
    return mask[model.arrived.post]


class CaseworkerTurnover(Mechanism):
    """Caseworkers leave (their post stands vacant for a while), vacant posts are filled,
    caseworkers fall sick, make new employer contacts, and reorganisation moves some cases."""

    name = "caseworker_turnover"
    params = ("caseworkers", "interventions", "dynamics", "strategy")
    streams = ("turnover", "transfer", "network", "caseworkers", "skill", "belief", "waiting")
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
        c, posts, cws = model.arrived, model.posts, model.caseworkers
        u_leave, u_vac, u_sick, u_cover = model.streams.turnover.random((4, posts.n))
        holders = posts.holder
        # Hiring and leaving do not change who is on which post; only the case transfers at
        # the end of this stage do.
        load = count_caseload(c.status, c.post, posts.n)
        leaving = leavers(model.co, u_leave, holders, load)
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
        filled = to_fill(holders, posts.ti_vacant_end, t)
        for post in filled:
            hire(model, post)
        absences(model.co, t, u_sick, u_cover, holders, cws.ti_absent_end, posts.covered)
        self._grow_contacts(model)
        caseload_after, moved = self._transfer_cases(model, load)
        # The only stage that changes posts or holders refreshes the citizens' view of them.
        if leaving.size or filled.size or moved:
            refresh_caseworker(c.caseworker, holders, c.post)
        posts.caseload = caseload_after
        if filled.size:
            meet_current_caseworker(model, true_at(on_posts(model, filled)))

    @staticmethod
    def _grow_contacts(model: FremdriftModel) -> None:
        p = model.params.caseworkers
        posts = model.posts
        u, pick = model.streams.network.random((2, posts.n))
        growing = ((posts.holder >= 0) & (u < p.p_new_contact)).nonzero()[0]
        if not growing.size:
            return
        # New contacts favour open employers in the jobcentre's area, like the first ones.
        emps = model.network.draw(pick[growing], posts.jobcentre[growing])
        for post, e in zip(growing, emps, strict=True):
            model.network.add_contact(int(posts.holder[post]), int(e))

    @staticmethod
    def _transfer_cases(model: FremdriftModel, load: np.ndarray) -> tuple[np.ndarray, bool]:
        """Reorganisation moves some citizens to a post of their jobcentre with room under the
        cap (`load` is the caseload per post before). Returns the caseload per post after,
        and whether anyone moved. Nobody's status changes in this stage, so the counts before
        and the moves are all it takes."""
        p = model.params.caseworkers
        c = model.arrived
        key = model.streams.key("transfer")
        n_movers = movable(model.co, key, model.week, c.status, c.phase, model.scratch[0])
        if not n_movers:
            return load, False
        movers = model.scratch[0, :n_movers].copy()
        u_to = uniforms(key, model.week, movers, 1)
        posts = model.posts
        caseload_after = load.copy()
        n_moved = transfer(
            movers,
            u_to,
            load,
            p.caseload_cap,
            posts.holder,
            posts.jobcentre,
            c.jobcentre,
            c.post,
            caseload_after,
        )
        meet_current_caseworker(model, movers[:n_moved])
        return caseload_after, n_moved > 0
