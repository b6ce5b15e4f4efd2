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
from sim.core.arrays import any_rows, true_at
from sim.core.mechanisms.base import Mechanism
from sim.core.network import rank_within
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
        d = model.params.dynamics
        t = model.week
        c, emps = model.citizens, model.employers
        u_new, u_gone = model.streams.employers.random((2, emps.n))
        emps.vacancies += u_new < e.p_vacancy
        emps.vacancies -= (emps.vacancies > 0) & (u_gone < e.p_vacancy_filled_elsewhere)

        # Whether a citizen is ready, and whether they find a job on their own, use full
        # vectors (common random numbers); the details of the search are drawn for the few.
        u_ready, u_open = model.streams.job.random((2, c.n), dtype=np.float32)
        benefit = c.status == BENEFIT
        # Placements that turn into jobs.
        in_place = benefit & (c.placement_employer >= 0)
        employer = np.maximum(c.placement_employer, 0)
        p_hire = hazards.hire_prob(
            d,
            openness=emps.openness[employer],
            phase=c.phase,
            mean_indicator=c.mean_indicator,
            fit=c.placement_fit,
            mentor=emps.mentor[employer],
            tables=model.tables,
        )
        p_hire *= in_place
        hired = true_at(u_ready < p_hire)
        hired_fit = c.placement_fit[hired]
        # Citizens ready for a job look through the caseworker's contacts, then on their own;
        # in a placement too, with the search slowed (lock-in). One draw decides both: hired
        # below p_hire, ready in the next p_ready of it.
        active = c.dur_left > 0
        lockin = any_rows(active, model.kinds.lockin)
        after = np.where(c.ti_after_end > t, c.rel_after, 1.0).astype(np.float32)
        rate = hazards.job_rate(
            d,
            phase=c.phase,
            mean_indicator=c.mean_indicator,
            belief=c.belief,
            n_changes=c.n_changes,
            years_prior=c.years_prior,
            lockin=lockin,
            after_mult=after,
            self_belief=c.indicators[SELF_BELIEF],
            tables=model.tables,
        )
        u_search = u_ready - p_hire
        ready = true_at(benefit & (u_search >= 0) & (u_search < hazards.rate_to_prob(rate)))
        u_seek, u_pick, u_accept = model.streams.job.random((3, ready.size))
        emp = model.network.pick(c.caseworker[ready], c.wish[ready], u_seek, u_pick, e.p_seek_fit)
        ok = emp >= 0
        ok[ok] &= u_accept[ok] < emps.openness[emp[ok]]
        cand = true_at(ok)
        rank = rank_within(emp[cand])
        cand = cand[rank < emps.vacancies[emp[cand]]]
        via_network = np.zeros(ready.size, dtype=bool)
        via_network[cand] = True
        np.subtract.at(emps.vacancies, emp[cand], 1)
        # A job found on one's own is taken to fit the citizen's wish: they chose it.
        own = ~via_network & (u_open[ready] < e.p_open_market)
        fit = np.where(via_network, emps.sector[np.maximum(emp, 0)] == c.wish[ready], True)
        new_job = np.concatenate([hired, ready[via_network | own]])
        new_fit = np.concatenate([hired_fit, fit[via_network | own]])
        leave_benefit(model, new_job, JOB)
        c.job_fit[new_job] = new_fit
