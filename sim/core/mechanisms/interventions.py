"""Interventions and waiting lists: running ones tick down and end, free places are filled
from the waiting lists first come first served, and a company-oriented place also needs an
employer with a free placement slot among the caseworker's contacts (seed 002, seed 004)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.core.actions import end_interventions, leave_benefit
from sim.core.compiled import kernel
from sim.core.mechanisms.base import Mechanism
from sim.core.network import draw_employer, pick_contact
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
    )
    flows = ("new_intervention_starts", "new_placements", "cost", "new_flexjob", "new_pension")
    sources = ("P15", "P16", "P19", "P20", "P21", "P25", "P29", "P30", "seed 004")

    def step(self, model: FremdriftModel) -> None:
        c = model.arrived
        rows, cols = model.scratch[0], model.scratch[1]
        n_ending, running, n_waiting = tick(c.status, c.dur_left, c.ti_waiting, rows, cols)
        if n_ending:
            rows, cols = rows[:n_ending].copy(), cols[:n_ending].copy()
            end_interventions(model, rows, cols)
            clarified = rows[cols == model.kinds.resource]
            if clarified.size:
                # Some may leave benefit, ending what else they had running: those no longer
                # run (only their rows change, so the count needs no pass over everyone).
                was_running = c.dur_left[clarified] > 0
                self._clarify(model, clarified)
                running -= (was_running & (c.dur_left[clarified] == 0)).sum(axis=0)
        # Free places and waiting lists of every kind; most weeks most kinds have either no
        # free place or nobody waiting, and are skipped.
        free = np.where(n_waiting > 0, np.maximum(model.capacity - running, 0), 0)
        if free.any():
            running += self._fill_places(model, free, n_waiting)
        model.n_active = running
        model.recorder.flow("cost", float(model.n_active @ model.kinds.cost))

    def _fill_places(
        self, model: FremdriftModel, free: np.ndarray, n_waiting: np.ndarray
    ) -> np.ndarray:
        """Fill the `free` places of each kind from its waiting list, first come first served
        (`n_waiting`: the lists' lengths as the stage began); returns the starts per kind.

        The support kinds are filled in one compiled pass; the company-oriented kind also
        needs an employer (`_find_placements`). The kinds compete for nothing, so the order
        matters only to the event log, which lists the starts kind by kind.
        """
        c = model.arrived
        t = model.week
        company = model.kinds.company
        rows = np.empty(int(free.sum()), dtype=np.int64)
        cols = np.empty_like(rows)
        # Every list with a free place, in one pass over the citizens; the company list is
        # read before the support kinds start, which leave it as it is.
        queue, first = waiting_queues(c.status, c.ti_waiting, free > 0, n_waiting, t)
        n_started = start_support(
            free,
            company,
            model.kinds.duration,
            queue,
            first,
            c.ti_waiting,
            c.dur_left,
            c.n_starts,
            rows,
            cols,
        )
        rows, cols = rows[:n_started], cols[:n_started]
        started = np.bincount(cols, minlength=free.size)
        # The log lists the starts kind by kind, the company-oriented kind in its place.
        before = cols < company
        model.recorder.event(t, rows[before], EV_START, cols[before])
        if free[company]:
            in_line = queue[first[company] : first[company + 1]].copy()
            placed = self._find_placements(model, in_line, int(free[company]))
            duration = int(model.kinds.duration[company])
            start(placed, company, duration, c.ti_waiting, c.dur_left, c.n_starts)
            n_started += placed.size
            started[company] += placed.size
            model.recorder.event(t, placed, EV_START, company)
        model.recorder.event(t, rows[~before], EV_START, cols[~before])
        if n_started:
            model.recorder.flow("new_intervention_starts", n_started)
        return started

    @staticmethod
    def _find_placements(model: FremdriftModel, queue: np.ndarray, free: int) -> np.ndarray:
        """Who in the queue gets a placement this week, through the caseworker's contacts.

        The caseworkers work down the queue in order, and stop once the free places are
        taken. So the queue is tried in blocks, first come first served, until `free`
        placements are made or the queue is exhausted: a long waiting list does not cost
        draws for people who are never reached this week.
        """
        e = model.params.employers
        c, emps = model.arrived, model.employers
        start, size = 0, 8 * free + 32
        if queue.size > size and e.p_employer_service == 0:
            # A long queue: keep only citizens whose caseworker knows an employer with a free
            # slot; nobody else can be placed, so trying them would only spend draws.
            open_contacts = model.network.contacts_where(emps.slots > emps.slots_used)
            holder = c.caseworker[queue]
            queue = queue[(holder >= 0) & (open_contacts[np.maximum(holder, 0)] > 0)]
        net = model.network
        arrays = net.csr()
        placed_parts, chosen_parts = [], []
        while free > 0 and start < queue.size:
            block = queue[start : start + size].copy()
            start += block.size
            size *= 2  # seldom needed twice; doubling bounds the work on a long queue
            # Drawn for the block only: a place depends on queue position, which differs
            # between strategies anyway, so full-length vectors would buy no common luck.
            u = model.streams.placement.random((5, block.size))
            chosen = np.empty(block.size, dtype=np.int64)
            n_placed = place_block(
                *arrays,
                net._cum,
                net._members,
                net._group_start,
                block,
                c.caseworker,
                c.wish,
                c.jobcentre,
                u,
                e.p_seek_fit,
                e.p_employer_service,
                emps.openness,
                emps.slots,
                emps.slots_used,
                free,
                chosen,
            )
            if n_placed:
                placed_parts.append(block[:n_placed].copy())
                chosen_parts.append(chosen[:n_placed])
                free -= n_placed
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


@kernel
def tick(status, dur_left, ti_waiting, rows, cols):
    """Running interventions count down a week. Writes those that end now (citizen, kind)
    into `rows` and `cols`; returns how many end, and per kind how many are still running and
    how many wait.

    Only citizens on benefit can have either (leaving benefit ends both: sim.core.actions.leave),
    so the others are passed over; in a long open run they are most of the slots.
    """
    n, n_kinds = dur_left.shape
    running = np.zeros(n_kinds, dtype=np.int64)
    waiting = np.zeros(n_kinds, dtype=np.int64)
    n_ending = 0
    for i in range(n):
        if status[i] != BENEFIT:
            continue
        for k in range(n_kinds):
            left = dur_left[i, k]
            if left > 0:
                dur_left[i, k] = left - 1
                if left == 1:
                    rows[n_ending] = i
                    cols[n_ending] = k
                    n_ending += 1
                else:
                    running[k] += 1
            if ti_waiting[i, k] >= 0:
                waiting[k] += 1
    return n_ending, running, waiting


@kernel
def place_block(
    indptr,
    indices,
    sector_indptr,
    sector_indices,
    cum,
    members,
    group_start,
    block,
    caseworker,
    wish,
    jobcentre,
    u,
    p_seek_fit,
    p_employer_service,
    openness,
    slots,
    slots_used,
    free,
    chosen,
):
    """Work down `block` (a stretch of the company queue) until `free` placements are made.

    Each citizen's caseworker tries one of their employer contacts (seed 002); where that
    gives nothing, the jobcentre's employer service may find one among the employers of its
    area (P15). The employer must be willing and have a free placement slot. Those placed are
    moved to the front of `block`, their employers written to `chosen`; returns how many.
    Uses the rows of `u` as: seek in the wished sector, pick a contact, accept, employer
    service, where the service looks.
    """
    n_placed = 0
    for j in range(block.size):
        if n_placed == free:
            break
        i = block[j]
        e = pick_contact(
            indptr,
            indices,
            sector_indptr,
            sector_indices,
            caseworker[i],
            wish[i],
            u[0, j],
            u[1, j],
            p_seek_fit,
        )
        if e < 0 and u[3, j] < p_employer_service:
            e = draw_employer(cum, members, group_start, u[4, j], jobcentre[i])
        if e < 0 or u[2, j] >= openness[e] or slots_used[e] >= slots[e]:
            continue
        slots_used[e] += 1
        block[n_placed] = i
        chosen[n_placed] = e
        n_placed += 1
    return n_placed


@kernel
def waiting_queues(status, ti_waiting, wanted, bound, week):
    """The waiting lists of the kinds `wanted` marks, from one pass over the citizens.

    Kind k's list is `queue[first[k]:first[k + 1]]` (empty for a kind not wanted), in the
    order its citizens joined it, ties by citizen number. `bound[k]` is at least the length
    of kind k's list (`tick` counted them at the start of the stage; since then places have
    only been given up). Returns (queue, first).

    The order is a counting sort on the week each joined (0 to `week`): the pass collects each
    list's members in citizen order and counts them per week, and they are then dealt into
    their weeks' buckets. A comparison sort of a long list (the parallel strategy's company
    queue holds most of the cohort) cost more than the rest of the stage. Only citizens on
    benefit wait (see `tick`).
    """
    n, n_kinds = ti_waiting.shape
    width = week + 1
    kinds = np.flatnonzero(wanted)
    segment = np.zeros(n_kinds + 1, dtype=np.int64)
    for k in range(n_kinds):
        segment[k + 1] = segment[k] + (bound[k] if wanted[k] else 0)
    who = np.empty(segment[-1], dtype=np.int64)
    since_of = np.empty(segment[-1], dtype=np.int64)
    end = segment[:-1].copy()
    bucket_start = np.zeros(n_kinds * width + 1, dtype=np.int64)
    for i in range(n):
        if status[i] != BENEFIT:
            continue
        for k in kinds:
            since = ti_waiting[i, k]
            if since < 0:
                continue
            if since > week or end[k] == segment[k + 1]:
                raise ValueError("a waiting list longer than counted, or dated after this week")
            who[end[k]] = i
            since_of[end[k]] = since
            end[k] += 1
            bucket_start[k * width + since + 1] += 1
    for b in range(1, bucket_start.size):
        bucket_start[b] += bucket_start[b - 1]  # counts to where each bucket begins in `queue`
    queue = np.empty(bucket_start[-1], dtype=np.int64)
    fill = bucket_start[:-1].copy()
    for k in kinds:
        for j in range(segment[k], end[k]):
            bucket = k * width + since_of[j]
            queue[fill[bucket]] = who[j]
            fill[bucket] += 1
    first = np.empty(n_kinds + 1, dtype=np.int64)
    for k in range(n_kinds + 1):
        first[k] = bucket_start[k * width]
    return queue, first


@kernel
def start(queue, k, duration, ti_waiting, dur_left, n_starts):
    """The citizens of `queue` leave kind k's waiting list and start it."""
    for i in queue:
        ti_waiting[i, k] = NOBODY
        dur_left[i, k] = duration
        n_starts[i] += 1


@kernel
def start_support(
    free, company, duration, queues, first, ti_waiting, dur_left, n_starts, rows, cols
):
    """For every kind but the company-oriented one, the first `free[k]` citizens of kind k's
    waiting list (`waiting_queues`) leave it and start. Writes the starts into `rows`
    (citizen) and `cols` (kind), kind by kind; returns how many."""
    n = 0
    for k in range(free.size):
        if k == company or free[k] == 0:
            continue
        queue = queues[first[k] : min(first[k] + free[k], first[k + 1])]
        start(queue, k, duration[k], ti_waiting, dur_left, n_starts)
        rows[n : n + queue.size] = queue
        cols[n : n + queue.size] = k
        n += queue.size
    return n
