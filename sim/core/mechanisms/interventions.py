"""Interventions and waiting lists: running ones tick down and end, free places are filled
from the waiting lists first come first served, and a company-oriented place also needs an
employer with a free placement slot among the caseworker's contacts (seed 002, seed 004)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.core.actions import end_interventions, leave_benefit
from sim.core.arrays import true_at
from sim.core.mechanisms.base import Mechanism
from sim.core.network import rank_within
from sim.core.state import NOBODY
from sim.core.states import BENEFIT, EV_PLACEMENT, EV_START, FLEXJOB, PENSION

if TYPE_CHECKING:
    from sim.core.model import FremdriftModel


class Interventions(Mechanism):
    name = "interventions"
    params = ("interventions", "employers", "dynamics")
    streams = ("placement",)
    reads = (
        "citizens.status",
        "citizens.caseworker",
        "citizens.wish",
        "citizens.jobcentre",
        "citizens.mean_indicator",
        "employers.openness",
    )
    writes = (
        "citizens.dur_left",
        "citizens.ti_waiting",
        "citizens.done",
        "citizens.n_starts",
        "citizens.dur_passive",
        "citizens.placement_employer",
        "citizens.placement_fit",
        "citizens.rel_after",
        "citizens.ti_after_end",
        "employers.slots_used",
        "model.n_active",
        # a resource programme's clarification: leaving for pension or a flexjob
        "citizens.status",
        "citizens.ti_status",
        "citizens.belief",
        "citizens.ti_waiting",
    )
    flows = ("new_intervention_starts", "new_placements", "cost", "new_flexjob", "new_pension")
    sources = ("P15", "P16", "P19", "P20", "P21", "P25", "P29", "P30", "seed 004")

    def step(self, model: FremdriftModel) -> None:
        c = model.citizens
        rem = c.dur_left
        ending = rem == 1
        np.subtract(rem, rem > 0, out=rem)  # one week less where running (a masked ufunc is slow)
        if ending.any():
            cols, rows = np.nonzero(ending)
            end_interventions(model, rows, cols)
            self._clarify(model, rows[cols == model.kinds.resource])
        # Free places and waiting lists of every kind in one pass; most weeks most kinds have
        # either no free place or nobody waiting, and are skipped.
        free = model.capacity - np.count_nonzero(rem, axis=1)
        waiting = c.ti_waiting >= 0
        n_waiting = np.count_nonzero(waiting, axis=1)
        for k in true_at((free > 0) & (n_waiting > 0)):
            self._start_from_waiting_list(model, int(k), int(free[k]), true_at(waiting[k]))
        active = c.dur_left > 0
        busy = np.logical_or.reduce(active, axis=0)
        c.dur_passive += 1
        c.dur_passive[busy | (c.status != BENEFIT)] = 0
        model.n_active = np.count_nonzero(active, axis=1)  # also read by the record stage
        model.recorder.flow("cost", float(model.n_active @ model.kinds.cost))

    def _start_from_waiting_list(
        self, model: FremdriftModel, k: int, free: int, waiting: np.ndarray
    ) -> None:
        """Fill `free` places of kind k from `waiting`, the citizens on its list."""
        c = model.citizens
        t = model.week
        company = k == model.kinds.company
        if not company and waiting.size <= free:
            queue = waiting  # everyone waiting starts: order does not matter
        else:
            queue = waiting[np.argsort(c.ti_waiting[k, waiting], kind="stable")]
        queue = self._find_placements(model, queue, free) if company else queue[:free]
        if not queue.size:
            return
        c.ti_waiting[k, queue] = NOBODY
        c.dur_left[k, queue] = model.kinds.duration[k]
        c.n_starts[queue] += 1
        model.recorder.flow("new_intervention_starts", queue.size)
        model.recorder.event(t, queue, EV_START, k)

    @staticmethod
    def _find_placements(model: FremdriftModel, queue: np.ndarray, free: int) -> np.ndarray:
        """Who in the queue gets a placement this week, through the caseworker's contacts.

        The caseworkers work down the queue in order, and stop once the free places are
        taken. So the queue is tried in blocks, first come first served, until `free`
        placements are made or the queue is exhausted: a long waiting list does not cost
        draws for people who are never reached this week.
        """
        e = model.params.employers
        c, emps = model.citizens, model.employers
        start, size = 0, 8 * free + 32
        if queue.size > size and e.p_employer_service == 0:
            # A long queue: keep only citizens whose caseworker knows an employer with a free
            # slot; nobody else can be placed, so trying them would only spend draws.
            open_contacts = model.network.contacts_where(emps.slots > emps.slots_used)
            holder = c.caseworker[queue]
            queue = queue[(holder >= 0) & (open_contacts[np.maximum(holder, 0)] > 0)]
        placed_parts, chosen_parts = [], []
        while free > 0 and start < queue.size:
            block = queue[start : start + size]
            start += block.size
            size *= 2  # seldom needed twice; doubling bounds the work on a long queue
            # Drawn for the block only: a place depends on queue position, which differs
            # between strategies anyway, so full-length vectors would buy no common luck.
            u_seek, u_pick, u_accept, u_service, u_where = model.streams.placement.random(
                (5, block.size)
            )
            emp = model.network.pick(
                c.caseworker[block], c.wish[block], u_seek, u_pick, e.p_seek_fit
            )
            # Where the caseworker's contacts give nothing, the jobcentre's employer service
            # may find a place among the employers of its area (P15).
            service = (emp < 0) & (u_service < e.p_employer_service)
            emp[service] = model.network.draw(u_where[service], c.jobcentre[block[service]])
            ok = emp >= 0
            ok[ok] &= u_accept[ok] < emps.openness[emp[ok]]
            cand = true_at(ok)
            room = emps.slots - emps.slots_used
            cand = cand[rank_within(emp[cand]) < room[emp[cand]]][:free]
            if cand.size:
                placed, chosen = block[cand], emp[cand]
                np.add.at(emps.slots_used, chosen, 1)
                placed_parts.append(placed)
                chosen_parts.append(chosen)
                free -= cand.size
        if not placed_parts:
            return queue[:0]
        placed = np.concatenate(placed_parts)
        chosen = np.concatenate(chosen_parts)
        c.placement_employer[placed] = chosen
        c.placement_fit[placed] = emps.sector[chosen] == c.wish[placed]
        model.recorder.flow("new_placements", placed.size)
        model.recorder.event(model.week, placed, EV_PLACEMENT, chosen)
        return placed

    @staticmethod
    def _clarify(model: FremdriftModel, done: np.ndarray) -> None:
        """A completed resource programme ends in a clarification of work capacity (P30):
        disability pension for a citizen still far from work (readiness low at the end), a
        flexjob for one with some capacity, and back to the plans for the rest."""
        if not done.size:
            return
        iv = model.params.interventions
        c = model.citizens
        readiness = c.mean_indicator[done]
        pension = readiness < iv.resource_pension_below
        flexjob = ~pension & (readiness < iv.resource_flexjob_below)
        leave_benefit(model, done[pension], PENSION)
        leave_benefit(model, done[flexjob], FLEXJOB)
