"""Recording: weekly counts every week, and every 13 weeks a wave of the study-shaped panel
(BIP measured its indicators and asked the caseworker every quarter, P6)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

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
    c = model.citizens
    benefit = c.status == BENEFIT
    counts: dict[str, float] = {}
    by_status = np.bincount(c.status, minlength=len(STATUSES))
    for code, name in enumerate(STATUSES):
        counts[f"n_{name}"] = by_status[code]
    n_benefit = by_status[BENEFIT]
    # Phase codes 0-3 on benefit, shifted to 4-7 off benefit, so one bincount counts both.
    by_phase = np.bincount(c.phase + 4 * ~benefit, minlength=8)
    for code, name in enumerate(PHASES):
        counts[f"n_{name}"] = by_phase[code]
    for k, name in enumerate(model.kinds.names):
        counts[f"n_active_{name}"] = model.n_active[k]
    waiting = c.ti_waiting >= 0
    counts["n_waiting"] = np.count_nonzero(np.logical_or.reduce(waiting, axis=0))
    for k, n_k in enumerate(np.count_nonzero(waiting, axis=1)):
        counts[f"n_waiting_{model.kinds.names[k]}"] = n_k
    counts["n_without_caseworker"] = np.count_nonzero(benefit & (c.caseworker < 0))
    counts["n_caseworkers"] = (model.posts.holder >= 0).sum()
    counts["n_contacts"] = model.network.n_contacts
    counts["mean_indicator"] = (
        float(c.mean_indicator @ benefit) / n_benefit if n_benefit else float("nan")
    )
    model.recorder.close_week(model.week, counts)


def record_panel_wave(model: FremdriftModel, wave: int) -> None:
    """One wave of the quarterly panel: what the study could observe of every citizen."""
    if not model.recorder.detail:
        return
    c = model.citizens
    p = model.recorder.panel
    noise = model.streams.measure.standard_normal((c.n, N_INDICATORS))
    sd = model.params.dynamics.indicator_noise_sd
    measured = np.clip(np.rint(c.indicators.T + sd * noise), 1, 5)
    benefit = c.status == BENEFIT
    p["status"][wave] = c.status
    p["phase"][wave] = c.phase
    p["indicators"][wave] = measured
    p["belief"][wave] = np.where(benefit, c.belief, NO_BELIEF)
    p["caseworker_id"][wave] = np.where(benefit, c.caseworker, -1)
    p["n_caseworker_changes"][wave] = c.n_changes
    p["active"][wave] = (c.dur_left > 0).T
