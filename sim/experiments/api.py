"""`sim.run`: the seam, accepting a scenario file, a Scenario or Params."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sim.core import Params, RunResult
from sim.core import run as run_params
from sim.experiments.scenario import Scenario, load_scenario, with_overrides


def resolve(scenario_or_params: Scenario | Params | str | Path) -> Scenario:
    if isinstance(scenario_or_params, Scenario):
        return scenario_or_params
    if isinstance(scenario_or_params, Params):
        return Scenario(scenario_or_params.strategy.name, "", scenario_or_params)
    return load_scenario(scenario_or_params)


def run(
    scenario_or_params: Scenario | Params | str | Path,
    seed: int | np.random.SeedSequence | None = None,
    *,
    citizens: int | None = None,
    weeks: int | None = None,
) -> RunResult:
    """Run one replicate; the seed defaults to the scenario's `[run] seed`."""
    scenario = with_overrides(resolve(scenario_or_params), citizens=citizens, weeks=weeks)
    return run_params(scenario.params, seed)
