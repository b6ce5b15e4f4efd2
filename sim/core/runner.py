"""The core's seam: `simulate(params, seed) -> RunResult`, and `result_of(model)`.

`sim.run` (sim.experiments.api) is the public entry point: it takes a scenario file, a
Scenario or Params, with overrides, and calls `simulate`. Code inside the core's layer, and
tests of the core, call `simulate` directly. Only the browser UI and notebooks that look at
agents hold a live model; `result_of` gives them the same tables.
"""

from __future__ import annotations

import logging

import numpy as np

from sim.core.model import FremdriftModel
from sim.core.params import Params
from sim.core.results import RunResult
from sim.core.states import WEEKS_PER_QUARTER
from sim.core.streams import as_seed_sequence

log = logging.getLogger(__name__)


def simulate(
    params: Params, seed: int | np.random.SeedSequence | None = None, *, detail: bool = True
) -> RunResult:
    """Run one replicate for `params.run.weeks` weeks; seed defaults to `params.run.seed`.

    With `detail=False` the result has no event log or panel, only the weekly table, the
    caseworker table and the summary; the numbers are the same.
    """
    ss = as_seed_sequence(params.run.seed if seed is None else seed)
    log.debug(
        "simulating %d citizens for %d weeks under %s (seed entropy %s, spawn key %s)",
        params.population.n_citizens,
        params.run.weeks,
        params.strategy.name,
        ss.entropy,
        ss.spawn_key,
    )
    model = FremdriftModel(params, ss, detail=detail)
    for _ in range(params.run.weeks):
        model.step()
    return result_of(model)


def result_of(model: FremdriftModel) -> RunResult:
    """The tables of a model stepped so far, as `simulate` returns them.

    For notebooks and the UI, which step a model themselves to look at its agents and network
    along the way, and still want the event log and panel in the usual shapes.
    """
    rec = model.recorder
    ss = model.streams.root
    weeks, waves = model.week + 1, model.week // WEEKS_PER_QUARTER + 1
    return RunResult(
        params=model.params,
        seed_entropy=int(ss.entropy),
        seed_spawn_key=tuple(int(k) for k in ss.spawn_key),
        weekly_arrays={k: v[:weeks] for k, v in rec.weekly.items()},
        event_arrays=rec.events_arrays(),
        panel_arrays={k: v[:waves] for k, v in rec.panel.items()},
        caseworker_arrays=model.caseworker_table(),
        final=model.final_state(),
        detail=rec.detail,
    )


def run_without_detail(params: Params, seed: int | np.random.SeedSequence | None = None):
    """`simulate` without the event log and panel: what sweeps and comparisons need."""
    return simulate(params, seed, detail=False)
