"""Actions that several weekly mechanisms share: hiring a caseworker, a caseworker forming a
view of citizens, meeting a new caseworker, ending interventions, and leaving benefit.

They change state in the containers of `sim.core.state` and record flows and events; the
mechanisms that call them declare those writes as their own.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING

import numpy as np

from sim.core import hazards
from sim.core.agents import Caseworker
from sim.core.compiled import kernel
from sim.core.state import NOBODY
from sim.core.states import (
    BENEFIT,
    EDUCATION,
    EV_CHANGE,
    EV_END,
    EV_STATUS,
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
    # What no modelled trait explains (seed 004: the caseworker matters for whether the
    # citizen gets a job). Lognormal with mean 1, so the spread moves no average; the normal
    # draw is made whatever the spread, from a stream of its own, so that the spread scales
    # the same luck and no other draw moves.
    sd = p.skill_sd
    cws.skill[c] = math.exp(sd * model.streams.skill.standard_normal() - 0.5 * sd * sd)
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
    cws = model.caseworkers
    noise = model.streams.belief.standard_normal(idx.size, dtype=np.float32)
    answer_beliefs(
        model.co,
        model.week,
        idx,
        noise,
        c.post,
        model.posts.holder,
        model.posts.caseload,
        c.ti_change,
        c.mean_indicator,
        c.phase,
        c.n_barriers,
        cws.optimism,
        cws.experience,
        cws.ti_hired,
        c.belief,
    )


@kernel
def answer_beliefs(
    coefficients,
    week,
    idx,
    noise,
    post,
    holder,
    caseload,
    ti_change,
    mean_indicator,
    phase,
    n_barriers,
    optimism,
    experience,
    ti_hired,
    belief,
):
    """Each citizen of `idx` gets their post holder's answer. The view is noisier for a
    caseworker new to the citizen (a quarter), with many citizens, or with little experience.
    Under a forced belief (the causal experiment), the noise is drawn all the same, so both
    arms share all luck."""
    co = coefficients[0]
    for j in range(idx.size):
        i = idx[j]
        p = post[i]
        cw = holder[p]
        new = week - ti_change[i] < WEEKS_PER_QUARTER
        years = experience[cw] + (week - ti_hired[cw]) / WEEKS_PER_YEAR
        rel_noise = hazards.belief_noise_scale(co, caseload[p], new) * hazards.novice_noise(
            co, years
        )
        latent = hazards.belief_latent(
            co, optimism[cw], mean_indicator[i], phase[i], n_barriers[i], noise[j], rel_noise
        )
        answer = hazards.belief_answer(co, latent)
        if co.forced_answer >= 0:
            answer = int(co.forced_answer)
        belief[i] = answer


def meet_current_caseworker(model: FremdriftModel, idx: np.ndarray) -> None:
    """Citizens on benefit whose post holder differs from the caseworker they last met.

    Meeting a new caseworker counts a change (after the first). The harm runs through what
    a jobcentre can act on (P2, seed 001): the citizen's self-belief falls as the relationship
    starts over, the new caseworker forms a view at once but knows the citizen less, and may
    drop plans the last one made. A warm handover (`handover_quality`) keeps that share of
    the self-belief and of the waiting-list places.
    """
    if not idx.size:
        return
    c = model.citizens
    new = np.empty(idx.size, dtype=np.int64)
    n_new, n_changes = meet_new(
        model.co,
        model.week,
        idx,
        c.status,
        c.post,
        model.posts.holder,
        c.last_caseworker,
        c.n_changes,
        c.ti_change,
        c.indicators,
        model.caseworkers.cum_citizens,
        new,
    )
    if not n_new:
        return
    new = new[:n_new]
    model.recorder.flow("new_caseworker_changes", n_changes)
    if model.recorder.detail:
        model.recorder.event(model.week, new, EV_CHANGE, c.last_caseworker[new])
    form_beliefs(model, new)
    u = model.streams.waiting.random(new.size)
    keep = model.params.caseworkers.handover_quality
    lose = new[u < model.params.interventions.p_lose_waiting_on_change * (1.0 - keep)]
    if lose.size:
        c.ti_waiting[lose] = NOBODY


@kernel
def meet_new(
    coefficients,
    week,
    idx,
    status,
    post,
    holder,
    last_caseworker,
    n_changes,
    ti_change,
    indicators,
    cum_citizens,
    new,
):
    """Of `idx`, the citizens on benefit who now meet a caseworker other than the one they
    last met, into `new`: a change is counted (after the first caseworker) and costs
    self-belief, less after a warm handover. Returns (citizens in `new`, changes counted)."""
    co = coefficients[0]
    n_new = 0
    changes = 0
    loss = co.self_belief_loss_change * co.change_weight
    for j in range(idx.size):
        i = idx[j]
        if status[i] != BENEFIT:
            continue
        cw = holder[post[i]]
        if cw < 0 or cw == last_caseworker[i]:
            continue
        if last_caseworker[i] >= 0:
            n_changes[i] += 1
            changes += 1
            indicators[i, SELF_BELIEF] = max(indicators[i, SELF_BELIEF] - loss, 1.0)
        ti_change[i] = week
        last_caseworker[i] = cw
        cum_citizens[cw] += 1
        new[n_new] = i
        n_new += 1
    return n_new, changes


def end_interventions(
    model: FremdriftModel, rows: np.ndarray, cols: np.ndarray, *, completed: bool = True
) -> None:
    """End the interventions of kinds `cols` for citizens `rows`, freeing placement slots.

    A completed one leaves an after-effect on the job hazard (P21): a private placement helps
    most, then a public one, then other activation.
    """
    c = model.citizens
    model.recorder.event(model.week, rows, EV_END, cols)
    end_each(
        model.co,
        model.week,
        rows,
        cols,
        completed,
        model.kinds.company,
        c.dur_left,
        c.done,
        c.placement_employer,
        c.rel_after,
        c.ti_after_end,
        model.employers.public,
        model.employers.slots_used,
    )


@kernel
def end_each(
    coefficients,
    week,
    rows,
    cols,
    completed,
    company,
    dur_left,
    done,
    placement_employer,
    rel_after,
    ti_after_end,
    public,
    slots_used,
):
    """End intervention `cols[j]` of citizen `rows[j]` for each j; a company place frees its
    employer's slot. A completed one leaves the strongest after-effect still running (P21)."""
    co = coefficients[0]
    for j in range(rows.size):
        i, k = rows[j], cols[j]
        dur_left[i, k] = 0
        e = placement_employer[i] if k == company else -1
        if completed:
            done[i, k] = True
            if k != company:
                mult = co.rel_job_after_other
            elif e >= 0 and public[e]:
                mult = co.rel_job_after_public
            else:
                mult = co.rel_job_after_private
            current = rel_after[i] if ti_after_end[i] > week else 1.0
            rel_after[i] = max(current, mult)
            ti_after_end[i] = week + co.dur_after_effect
        if k == company:
            if e >= 0:
                slots_used[e] -= 1
            placement_employer[i] = NOBODY


def leave_benefit(model: FremdriftModel, idx: np.ndarray, status: int) -> None:
    """Citizens `idx` leave benefit for `status`: their interventions and plans end, and the
    caseworker they last had is credited with a job or education exit (P7)."""
    if not idx.size:
        return
    c = model.citizens
    t = model.week
    cws = model.caseworkers
    # Only a job or education exit is credited to the caseworker; the others pass these
    # arrays along untouched.
    if status == EDUCATION:
        ever, credit = c.ever_education, cws.cum_to_education
    else:
        ever, credit = c.ever_job, cws.cum_to_job
    rows = np.empty(idx.size * len(model.kinds), dtype=np.int64)
    cols = np.empty_like(rows)
    n_ended = leave(
        idx,
        status,
        t,
        model.kinds.company,
        c.status,
        c.ti_status,
        c.dur_left,
        c.ti_waiting,
        c.belief,
        c.placement_employer,
        c.last_caseworker,
        model.employers.slots_used,
        status in (JOB, EDUCATION),
        ever,
        credit,
        rows,
        cols,
    )
    model.recorder.event(t, idx, EV_STATUS, status)
    model.recorder.flow(f"new_{STATUSES[status]}", idx.size)
    if n_ended:
        model.recorder.event(t, rows[:n_ended], EV_END, cols[:n_ended])


@kernel
def leave(
    idx,
    new_status,
    week,
    company,
    status,
    ti_status,
    dur_left,
    ti_waiting,
    belief,
    placement_employer,
    last_caseworker,
    slots_used,
    credited,
    ever,
    credit,
    rows,
    cols,
):
    """Citizens `idx` leave benefit for `new_status`: running interventions end (uncompleted,
    a placement's slot is freed; each written to `rows`, `cols`), waiting-list places and the
    caseworker's answer go. Where `credited` (a job or education), `ever` is set and the
    caseworker last met gets the exit in `credit` (P7). Returns how many interventions ended."""
    n_ended = 0
    for j in range(idx.size):
        i = idx[j]
        status[i] = new_status
        ti_status[i] = week
        if credited:
            ever[i] = True
            if last_caseworker[i] >= 0:
                credit[last_caseworker[i]] += 1
        for k in range(dur_left.shape[1]):
            ti_waiting[i, k] = NOBODY
            if dur_left[i, k] > 0:
                dur_left[i, k] = 0
                rows[n_ended] = i
                cols[n_ended] = k
                n_ended += 1
                if k == company:
                    e = placement_employer[i]
                    if e >= 0:
                        slots_used[e] -= 1
                    placement_employer[i] = NOBODY
        belief[i] = NO_BELIEF
    return n_ended
