"""Recording: weekly counts every week, and every 13 weeks a wave of the study-shaped panel
(BIP measured its indicators and asked the caseworker every quarter, P6)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.core.compiled import kernel
from sim.core.mechanisms.base import Mechanism
from sim.core.states import BENEFIT, N_INDICATORS, NO_BELIEF, PHASES, STATUSES, WEEKS_PER_QUARTER

if TYPE_CHECKING:
    from sim.core.model import FremdriftModel


class Record(Mechanism):
    name = "record"
    streams = ("measure",)
    reads = ("citizens.*", "posts.holder", "model.n_active", "model.network")
    sources = ("P1", "P5", "P6")

    def step(self, model: FremdriftModel) -> None:
        if model.week % WEEKS_PER_QUARTER == 0:
            record_panel_wave(model, model.week // WEEKS_PER_QUARTER)
        record_week(model)


def record_week(model: FremdriftModel) -> None:
    """Close the week's row of the weekly table: counts by status, phase and kind."""
    c = model.arrived
    names = model.kinds.names
    by_status, by_phase, waiting, n_without, total = weekly_counts(
        c.status, c.phase, c.ti_waiting, c.caseworker, c.mean_indicator, len(STATUSES) + 1
    )
    counts: dict[str, float] = {f"n_{name}": by_status[code] for code, name in enumerate(STATUSES)}
    for code, name in enumerate(PHASES):
        counts[f"n_{name}"] = by_phase[code]
    for k, name in enumerate(names):
        counts[f"n_active_{name}"] = model.n_active[k]
        counts[f"n_waiting_{name}"] = waiting[k]
    counts["n_waiting"] = waiting[len(names)]
    counts["n_without_caseworker"] = n_without
    counts["n_caseworkers"] = np.count_nonzero(model.posts.holder >= 0)
    counts["n_contacts"] = model.network.n_contacts
    n_benefit = by_status[BENEFIT]
    counts["mean_indicator"] = total / n_benefit if n_benefit else float("nan")
    model.recorder.close_week(model.week, counts)


@kernel
def weekly_counts(status, phase, ti_waiting, caseworker, mean_indicator, n_codes):
    """One pass over the citizens: counts by status code (the last code, NOT_ARRIVED, is not
    recorded; the slots still to come are not passed in), by phase on benefit, waiting per
    kind and on any list (last), on benefit without a caseworker, and the sum of readiness on
    benefit. Only citizens on benefit wait (sim.core.actions.leave ends their places)."""
    n_kinds = ti_waiting.shape[1]
    by_status = np.zeros(n_codes, dtype=np.int64)
    by_phase = np.zeros(4, dtype=np.int64)
    waiting = np.zeros(n_kinds + 1, dtype=np.int64)
    n_without = 0
    total = 0.0
    for i in range(status.size):
        by_status[status[i]] += 1
        if status[i] != BENEFIT:
            continue
        any_list = False
        for k in range(n_kinds):
            if ti_waiting[i, k] >= 0:
                waiting[k] += 1
                any_list = True
        if any_list:
            waiting[n_kinds] += 1
        by_phase[phase[i]] += 1
        total += mean_indicator[i]
        if caseworker[i] < 0:
            n_without += 1
    return by_status, by_phase, waiting, n_without, total


def record_panel_wave(model: FremdriftModel, wave: int) -> None:
    """One wave of the quarterly panel: what the study could observe of every citizen."""
    if not model.recorder.detail:
        return
    c = model.citizens
    p = model.recorder.panel
    noise = model.streams.measure.standard_normal((c.n, N_INDICATORS))
    sd = model.params.dynamics.indicator_noise_sd
    measured = np.clip(np.rint(c.indicators + sd * noise), 1, 5)
    benefit = c.status == BENEFIT
    p["status"][wave] = c.status
    p["phase"][wave] = c.phase
    p["indicators"][wave] = measured
    p["belief"][wave] = np.where(benefit, c.belief, NO_BELIEF)
    p["caseworker_id"][wave] = np.where(benefit, c.caseworker, -1)
    p["n_caseworker_changes"][wave] = c.n_changes
    p["active"][wave] = c.dur_left > 0
