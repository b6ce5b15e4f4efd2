"""Phase transitions: readiness indicators drift with the phase, grow with the interventions
that target them and wear down while the citizen waits with nothing running (P13); the
citizen's self-belief follows the caseworker's belief, continuity and placements (seed 001,
seed 004); then each citizen moves at most one phase (Danneris, seed 000).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.core import hazards
from sim.core.compiled import kernel
from sim.core.draws import uniform
from sim.core.hazards import SAFE_ABOVE
from sim.core.mechanisms.base import Mechanism
from sim.core.states import (
    BENEFIT,
    DERAILMENT,
    DOUBTFUL,
    EV_PHASE,
    GOOD_CHANCE,
    N_INDICATORS,
    NO_BELIEF,
    SELF_BELIEF,
    STANDSTILL,
)

if TYPE_CHECKING:
    from sim.core.model import FremdriftModel


class PhaseTransitions(Mechanism):
    name = "phase_transitions"
    params = ("dynamics", "interventions", "caseworkers", "strategy")
    streams = ("phase",)
    reads = (
        "citizens.status",
        "citizens.dur_left",
        "citizens.belief",
        "citizens.ti_change",
        "citizens.caseworker",
        "citizens.placement_employer",
        "citizens.placement_fit",
        "citizens.ti_waiting",
        "posts.covered",
        "employers.mentor",
    )
    writes = (
        "citizens.indicators",
        "citizens.mean_indicator",
        "citizens.phase",
        "citizens.dur_passive",
    )
    sources = ("seed 000", "seed 001", "seed 004", "P4", "P6", "P9", "P10", "P11", "P12", "P13")

    def step(self, model: FremdriftModel) -> None:
        c = model.arrived
        by_code = model.by_code
        n_moved = phase_week(
            model.co,
            model.week,
            model.streams.key("phase"),
            c.status,
            c.phase,
            c.indicators,
            c.mean_indicator,
            c.dur_left,
            c.ti_waiting,
            c.belief,
            c.ti_change,
            c.caseworker,
            c.post,
            c.dur_passive,
            c.placement_employer,
            c.placement_fit,
            model.posts.covered,
            model.employers.mentor,
            by_code["gain"],
            by_code["push"],
            by_code["in_company"],
            by_code["in_support"],
            model.scratch[0],
        )
        if model.recorder.detail and n_moved:
            moved = model.scratch[0, :n_moved].copy()
            model.recorder.event(model.week, moved, EV_PHASE, c.phase[moved])


@kernel
def phase_week(
    coefficients,
    week,
    key,
    status,
    phase,
    indicators,
    mean_indicator,
    dur_left,
    ti_waiting,
    belief,
    ti_change,
    caseworker,
    post,
    dur_passive,
    placement_employer,
    placement_fit,
    covered,
    mentor,
    gain_by_code,
    push_by_code,
    company_by_code,
    support_by_code,
    moved,
):
    """One week of readiness, self-belief and phase for every citizen on benefit; writes the
    citizens who moved a phase into `moved` and returns how many.

    Per citizen: the weeks in a row with nothing running count on (P13; a week with something
    running, or a return to benefit, sets them back to 0); the indicators drift with the phase;
    the running interventions raise the indicators they work on (looked up by the set of kinds
    running, `KindTable.by_code`); waiting with nothing running wears them down (P13; half as
    much in standstill under phase-sensitive practice); self-belief follows the caseworker's belief,
    continuity and placements (seed 001, seed 004); then the citizen moves at most one phase
    (seed 000).
    """
    co = coefficients[0]
    n_kinds = dur_left.shape[1]
    n_moved = 0
    for i in range(status.size):
        if status[i] != BENEFIT:
            continue
        ph = phase[i]
        code = 0
        waiting = False
        for k in range(n_kinds):
            if dur_left[i, k] > 0:
                code |= 1 << k
            if ti_waiting[i, k] >= 0:
                waiting = True
        dur_passive[i] = 0 if code else dur_passive[i] + 1
        change = co.drift_by_phase[ph]
        if code == 0 and waiting:
            loss = co.indicator_loss_waiting
            if co.phase_sensitive and ph == STANDSTILL:
                loss *= 0.5
            change -= loss
        placed = placement_employer[i] >= 0
        fit = placed and placement_fit[i]
        misfit = 0.0
        if placed and not placement_fit[i]:
            misfit = 0.5 if mentor[placement_employer[i]] else 1.0
        has_caseworker = caseworker[i] >= 0 or covered[post[i]]
        b = belief[i]
        since_change = week - ti_change[i]
        delta = 0.0
        if b >= 0 and b <= GOOD_CHANCE:
            delta += co.self_belief_from_belief
        if b >= DOUBTFUL:
            delta -= co.self_belief_from_belief
        if since_change >= co.dur_change_effect and has_caseworker and b != NO_BELIEF:
            delta += co.self_belief_continuity
        delta += co.self_belief_placement * ((1.0 if fit else 0.0) - misfit)
        # One pass per indicator: drift and gains, self-belief's change, the 1-5 bounds. Each
        # step is rounded to float32 as the stored value would be, so the result is the same
        # as updating, storing and bounding in separate passes.
        total = 0.0
        for j in range(N_INDICATORS):
            x = np.float32(indicators[i, j] + (change + gain_by_code[code, j]))
            if j == SELF_BELIEF:
                x = np.float32(x + delta)
            x = min(max(x, np.float32(1.0)), np.float32(5.0))
            indicators[i, j] = x
            total += x
        mean_indicator[i] = total / N_INDICATORS

        # A move forward and one back together have chance `p_phase_move`: a draw above it
        # moves nobody, whatever the push, so the push need not be worked out.
        u = uniform(key, week, i, 0)
        if u >= co.p_phase_move * SAFE_ABOVE:
            continue
        push = hazards.phase_push(
            co,
            ph,
            push_by_code[code],
            company_by_code[code],
            support_by_code[code],
            b,
            since_change,
            has_caseworker,
            dur_passive[i],
            fit,
            misfit,
            placed and ph == DERAILMENT,
            mean_indicator[i],
            indicators[i, SELF_BELIEF],
        )
        fwd, back = hazards.phase_move_probs(co, push, ph)
        if u < fwd:
            phase[i] = ph - 1
        elif u < fwd + back:
            phase[i] = ph + 1
        else:
            continue
        moved[n_moved] = i
        n_moved += 1
    return n_moved
