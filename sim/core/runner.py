"""The one seam: `run(params, seed) -> RunResult`.

The CLI, sweeps, calibration, notebooks and tests all call this; only the browser UI holds a
live model.
"""

from __future__ import annotations

import numpy as np

from sim.core.model import FremdriftModel
from sim.core.params import Params
from sim.core.results import RunResult
from sim.core.streams import as_seed_sequence


def run(
    params: Params, seed: int | np.random.SeedSequence | None = None, *, detail: bool = True
) -> RunResult:
    """Run one replicate for `params.run.weeks` weeks; seed defaults to `params.run.seed`.

    With `detail=False` the result has no event log or panel, only the weekly table, the
    caseworker table and the summary; the numbers are the same.
    """
    ss = as_seed_sequence(params.run.seed if seed is None else seed)
    model = FremdriftModel(params, ss, detail=detail)
    for _ in range(params.run.weeks):
        model.step()
    rec = model.recorder
    return RunResult(
        params=params,
        seed_entropy=int(ss.entropy),
        seed_spawn_key=tuple(int(k) for k in ss.spawn_key),
        weekly_arrays=rec.weekly,
        event_arrays=rec.events_arrays(),
        panel_arrays=rec.panel,
        caseworker_arrays=model.caseworker_table(),
        final=model.final_state(),
        detail=detail,
    )


def run_without_detail(params: Params, seed: int | np.random.SeedSequence | None = None):
    """`run` without the event log and panel: what sweeps and comparisons need."""
    return run(params, seed, detail=False)
