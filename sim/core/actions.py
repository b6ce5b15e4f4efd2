"""Actions that several weekly mechanisms share: hiring a caseworker, a caseworker forming a
view of citizens, meeting a new caseworker, ending interventions, and leaving benefit.

They change state in the containers of `sim.core.state` and record flows and events; the
mechanisms that call them declare those writes as their own.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import numpy as np

from sim.core import hazards
from sim.core.agents import Caseworker
from sim.core.state import NOBODY
from sim.core.states import (
    BENEFIT,
    DOUBTFUL,
    EDUCATION,
    EV_CHANGE,
    EV_END,
    EV_STATUS,
    GOOD_CHANCE,
    JOB,
    NO_BELIEF,
    SELF_BELIEF,
    STATUSES,
    STYLES,
    WEEKS_PER_QUARTER,
    WEEKS_PER_YEAR,
)

if TYPE_CHECKING:
    from sim.core.model import FremdriftModel

__all__ = [
    "end_interventions",
    "form_beliefs",
    "hire",
    "leave_benefit",
    "meet_current_caseworker",
]


def hire(model: FremdriftModel, post: int) -> int:
    """A new caseworker takes `post`, with a fresh outlook, style, experience and employer
    contacts in the post's jobcentre. The team at week 0 is seasoned; replacements bring less
    experience (`experience_new_hire_years`)."""
    p = model.params.caseworkers
    rng = model.streams.caseworkers
    cws = model.caseworkers
    c = cws.add()
    optimism = p.optimism_mean + p.optimism_sd * rng.standard_normal()
    years = p.experience_mean_years if model.week == 0 else p.experience_new_hire_years
    cws.experience[c] = years * rng.standard_exponential()
    cws.post[c] = post
    cws.optimism[c] = optimism
    # Optimists lean to the firm, company-first view of the task (seed 002).
    weights = (1.0 + max(optimism, 0.0), 1.0, 1.0 + max(-optimism, 0.0), 1.0)
    u = rng.random() * sum(weights)
    cws.style[c] = next(
        (s for s, edge in enumerate(itertools.accumulate(weights)) if u < edge), len(STYLES) - 1
    )
    cws.ti_hired[c] = model.week
    model.posts.holder[post] = c
    model.network.add_caseworker(
        c,
        int(rng.poisson(p.n_contacts_mean)),
        model.streams.network,
        int(model.posts.jobcentre[post]),
    )
    model.caseworker_agents[c] = Caseworker(model, c)
    return c


def form_beliefs(model: FremdriftModel, idx: np.ndarray) -> None:
    """The caseworker answers "job within the next year?" for the citizens `idx` (P5)."""
    c = model.citizens
    noise = model.streams.belief.standard_normal(idx.size, dtype=np.float32)
    post = c.post[idx]
    cw = model.posts.holder[post]
    new = model.week - c.ti_change[idx] < WEEKS_PER_QUARTER
    cws = model.caseworkers
    years = cws.experience[cw] + (model.week - cws.ti_hired[cw]) / WEEKS_PER_YEAR
    latent = hazards.belief_latent(
        model.params.caseworkers,
        model.caseworkers.optimism[cw],
        c.mean_indicator[idx],
        c.phase[idx],
        c.n_barriers[idx],
        noise,
        hazards.belief_noise_scale(model.params.caseworkers, model.posts.caseload[post], new)
        * hazards.novice_noise(model.params.caseworkers, years),
    )
    answer = hazards.belief_answer(model.params.caseworkers, latent)
    forced = model.params.caseworkers.belief_forced
    if forced != "none":
        # The noise above is still drawn, so both arms of the experiment share all luck.
        answer[:] = GOOD_CHANCE if forced == "believe" else DOUBTFUL
    c.belief[idx] = answer


def meet_current_caseworker(model: FremdriftModel, idx: np.ndarray) -> None:
    """Citizens on benefit whose post holder differs from the caseworker they last met.

    Meeting a new caseworker counts a change (after the first). The harm runs through what
    a jobcentre can act on (P2, seed 001): the citizen's self-belief falls as the relationship
    starts over, the new caseworker forms a view at once but knows the citizen less, and may
    drop plans the last one made. A warm handover (`handover_quality`) keeps that share of
    the self-belief and of the waiting-list places.
    """
    c = model.citizens
    holders = model.posts.holder
    idx = idx[c.status[idx] == BENEFIT]
    holder = holders[c.post[idx]]
    new = idx[(holder >= 0) & (holder != c.last_caseworker[idx])]
    if not new.size:
        return
    cw = holders[c.post[new]]
    had = c.last_caseworker[new] >= 0
    c.n_changes[new] += had.astype(np.int16)
    c.ti_change[new] = model.week
    c.last_caseworker[new] = cw
    np.add.at(model.caseworkers.cum_citizens, cw, 1)
    model.recorder.flow("new_caseworker_changes", had.sum())
    model.recorder.event(model.week, new, EV_CHANGE, cw)
    keep = model.params.caseworkers.handover_quality
    loss = model.params.dynamics.self_belief_loss_change * (1.0 - keep)
    c.indicators[SELF_BELIEF, new] -= np.float32(loss) * had
    np.maximum(c.indicators[SELF_BELIEF], 1.0, out=c.indicators[SELF_BELIEF])
    form_beliefs(model, new)
    u = model.streams.waiting.random(new.size)
    lose = u < model.params.interventions.p_lose_waiting_on_change * (1.0 - keep)
    c.ti_waiting[:, new[lose]] = NOBODY


def end_interventions(
    model: FremdriftModel, rows: np.ndarray, cols: np.ndarray, *, completed: bool = True
) -> None:
    """End the interventions of kinds `cols` for citizens `rows`, freeing placement slots.

    A completed one leaves an after-effect on the job hazard (P21): a private placement helps
    most, then a public one, then other activation.
    """
    d = model.params.dynamics
    c = model.citizens
    t = model.week
    c.dur_left[cols, rows] = 0
    model.recorder.event(t, rows, EV_END, cols)
    company = cols == model.kinds.company
    placed = rows[company]
    emp = c.placement_employer[placed]
    if completed:
        c.done[cols, rows] = True
        mult = np.full(rows.size, d.rel_job_after_other)
        public = model.employers.public[np.maximum(emp, 0)]
        mult[company] = np.where(public, d.rel_job_after_public, d.rel_job_after_private)
        still = c.ti_after_end[rows] > t
        current = np.where(still, c.rel_after[rows], 1.0)
        c.rel_after[rows] = np.maximum(current, mult)
        c.ti_after_end[rows] = t + d.dur_after_effect
    has_emp = emp >= 0
    np.subtract.at(model.employers.slots_used, emp[has_emp], 1)
    c.placement_employer[placed] = NOBODY


def leave_benefit(model: FremdriftModel, idx: np.ndarray, status: int) -> None:
    """Citizens `idx` leave benefit for `status`: their interventions and plans end, and the
    caseworker they last had is credited with a job or education exit (P7)."""
    if not idx.size:
        return
    c = model.citizens
    t = model.week
    c.status[idx] = status
    c.ti_status[idx] = t
    model.recorder.event(t, idx, EV_STATUS, status)
    model.recorder.flow(f"new_{STATUSES[status]}", idx.size)
    cols, rows = np.nonzero(c.dur_left[:, idx] > 0)
    if rows.size:
        end_interventions(model, idx[rows], cols, completed=False)
    c.ti_waiting[:, idx] = NOBODY
    c.belief[idx] = NO_BELIEF
    last = c.last_caseworker[idx]
    if status == JOB:
        c.ever_job[idx] = True
        np.add.at(model.caseworkers.cum_to_job, last[last >= 0], 1)
    elif status == EDUCATION:
        c.ever_education[idx] = True
        np.add.at(model.caseworkers.cum_to_education, last[last >= 0], 1)
