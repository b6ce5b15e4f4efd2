"""Employer matching: employers open vacancies, placements turn into jobs, and citizens ready
for a job look through their caseworker's employer contacts or find one on their own.

A placement is not a door to a job whatever the citizen's state (seed 004): the employer hires
as readily as the citizen is ready (phase and readiness), seldom when the placement is outside
the wished sector, more readily with a mentor. Meanwhile the citizen's own search slows
(lock-in, P20).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.core import hazards
from sim.core.actions import leave_benefit
from sim.core.compiled import kernel
from sim.core.draws import uniform
from sim.core.hazards import SAFE_ABOVE
from sim.core.mechanisms.base import Mechanism
from sim.core.network import pick_contact
from sim.core.states import BENEFIT, JOB, SELF_BELIEF

if TYPE_CHECKING:
    from sim.core.model import FremdriftModel


class EmployerMatching(Mechanism):
    name = "employer_matching"
    params = ("employers", "dynamics")
    streams = ("employers", "job")
    reads = (
        "citizens.status",
        "citizens.placement_employer",
        "citizens.placement_fit",
        "citizens.dur_left",
        "citizens.rel_after",
        "citizens.ti_after_end",
        "citizens.phase",
        "citizens.mean_indicator",
        "citizens.belief",
        "citizens.n_changes",
        "citizens.years_prior",
        "citizens.caseworker",
        "citizens.wish",
        "citizens.indicators",
        "caseworkers.skill",
        "employers.openness",
        "employers.sector",
        "employers.mentor",
    )
    writes = (
        "employers.vacancies",
        "employers.slots_used",
        "citizens.status",
        "citizens.ti_status",
        "citizens.job_fit",
        "citizens.ever_job",
        "citizens.dur_left",
        "citizens.ti_waiting",
        "citizens.belief",
        "citizens.placement_employer",
        "caseworkers.cum_to_job",
    )
    flows = ("new_job",)
    sources = ("P2", "P4", "P6", "P20", "P21", "seed 001", "seed 002", "seed 004")

    def step(self, model: FremdriftModel) -> None:
        e = model.params.employers
        c, emps = model.arrived, model.employers
        u_new, u_gone = model.streams.employers.random((2, emps.n))
        emps.vacancies += u_new < e.p_vacancy
        emps.vacancies -= (emps.vacancies > 0) & (u_gone < e.p_vacancy_filled_elsewhere)

        # Every number of a citizen's hiring and search is theirs for the week (lanes of the
        # `job` stream's key): common random numbers, drawn only for those it concerns.
        key = model.streams.key("job")
        kinds = model.kinds
        n_hired, n_ready = hire_or_ready(
            model.co,
            model.week,
            key,
            model.most_skill(),
            c.status,
            c.phase,
            c.mean_indicator,
            c.indicators,
            c.belief,
            c.n_changes,
            c.years_prior,
            c.dur_left,
            kinds.lockin_mask,
            c.rel_after,
            c.ti_after_end,
            c.placement_employer,
            c.placement_fit,
            emps.openness,
            emps.mentor,
            c.caseworker,
            model.caseworkers.skill,
            model.scratch[0],
            model.scratch[1],
        )
        hired = model.scratch[0, :n_hired].copy()
        ready = model.scratch[1, :n_ready].copy()
        outcome = np.empty(ready.size, dtype=np.int8)
        search(
            *model.network.csr(),
            key,
            model.week,
            ready,
            c.caseworker,
            c.wish,
            e.p_seek_fit,
            e.p_open_market,
            emps.openness,
            emps.sector,
            emps.vacancies,
            outcome,
        )
        found = outcome > 0
        new_job = np.concatenate([hired, ready[found]])
        new_fit = np.concatenate([c.placement_fit[hired], outcome[found] == FOUND_FIT])
        leave_benefit(model, new_job, JOB)
        c.job_fit[new_job] = new_fit


FOUND_FIT, FOUND_MISFIT = 2, 1
"""`search` outcomes above 0: a job in the wished sector, or one outside it."""


@kernel
def hire_or_ready(
    coefficients,
    week,
    key,
    most_skill,
    status,
    phase,
    mean_indicator,
    indicators,
    belief,
    n_changes,
    years_prior,
    dur_left,
    is_lockin,
    rel_after,
    ti_after_end,
    placement_employer,
    placement_fit,
    openness,
    mentor,
    caseworker,
    skill,
    hired,
    ready,
):
    """Who on benefit is hired from their placement this week, and who is ready to look for a
    job; writes both lists and returns their lengths.

    One draw decides both: hired below the placement's hiring chance, ready in the next stretch
    as long as the job-search chance. The search slows in a placement that locks in (P20) and
    is raised for a while after a completed intervention (P21), and it is multiplied by the
    skill of the caseworker who holds the citizen's post (P7); `most_skill` is the largest
    such factor (at least 1), which scales the bound on the search hazard.
    """
    co = coefficients[0]
    n_hired = 0
    n_ready = 0
    for i in range(status.size):
        if status[i] != BENEFIT:
            continue
        u = uniform(key, week, i, 0)
        p_hire = 0.0
        e = placement_employer[i]
        if e >= 0:
            p_hire = hazards.hire_prob(
                co, openness[e], phase[i], mean_indicator[i], placement_fit[i], mentor[e]
            )
            if u < p_hire:
                hired[n_hired] = i
                n_hired += 1
                continue
        # A draw above the bound on every citizen's search hazard cannot be a search.
        u_search = u - p_hire
        if u_search >= co.job_rate_bound * most_skill * SAFE_ABOVE:
            continue
        lockin = False
        for k in range(is_lockin.size):
            if is_lockin[k] and dur_left[i, k] > 0:
                lockin = True
        after = rel_after[i] if ti_after_end[i] > week else 1.0
        rate = hazards.job_rate(
            co,
            phase[i],
            mean_indicator[i],
            belief[i],
            n_changes[i],
            years_prior[i],
            lockin,
            after,
            indicators[i, SELF_BELIEF],
        )
        if caseworker[i] >= 0:
            rate *= skill[caseworker[i]]
        # 1 - exp(-rate) never exceeds the rate: a draw above it needs no exponential.
        if u_search < rate * SAFE_ABOVE and u_search < hazards.rate_to_prob(rate):
            ready[n_ready] = i
            n_ready += 1
    return n_hired, n_ready


@kernel
def search(
    indptr,
    indices,
    sector_indptr,
    sector_indices,
    key,
    week,
    ready,
    caseworker,
    wish,
    p_seek_fit,
    p_open_market,
    openness,
    sector,
    vacancies,
    outcome,
):
    """The ready citizens look for a job, in order: first through their caseworker's employer
    contacts (the employer must be willing and have a vacancy; first come, first served), then
    on the open market. A job found on one's own is taken to fit the wish: they chose it.
    Writes FOUND_FIT, FOUND_MISFIT or 0 per ready citizen into `outcome`. Uses lanes 1-4
    of the citizen's numbers in the `job` stream (lane 0 decided hiring and readiness)."""
    for j in range(ready.size):
        i = ready[j]
        e = pick_contact(
            indptr,
            indices,
            sector_indptr,
            sector_indices,
            caseworker[i],
            wish[i],
            uniform(key, week, i, 1),
            uniform(key, week, i, 2),
            p_seek_fit,
        )
        if e >= 0 and uniform(key, week, i, 3) < openness[e] and vacancies[e] > 0:
            vacancies[e] -= 1
            outcome[j] = FOUND_FIT if sector[e] == wish[i] else FOUND_MISFIT
        elif uniform(key, week, i, 4) < p_open_market:
            outcome[j] = FOUND_FIT
        else:
            outcome[j] = 0
