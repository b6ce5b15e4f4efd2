"""`sim.run`: the one public way to run the model, from a scenario file, a Scenario or Params.

Overrides are flat keyword arguments named like sweep factors, "group.field" or
"group__field" (the second form works as a Python keyword): `run("scenarios/parallel.toml",
seed=7, caseworkers__caseload=60)`. They are validated like a file's values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from sim.core import Params, RunResult, simulate
from sim.experiments.outcomes import outcome_row
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
    detail: bool = True,
    **overrides: Any,
) -> RunResult:
    """Run one replicate; the seed defaults to the scenario's `[run] seed`.

    `detail=False` skips the event log and panel (same numbers, faster).
    """
    scenario = with_overrides(resolve(scenario_or_params), citizens=citizens, weeks=weeks)
    params = scenario.params.with_values(**overrides) if overrides else scenario.params
    return simulate(params, seed, detail=detail)


def run_outcomes(
    scenario: Scenario | Params | str | Path = "status_quo",
    seed: int | np.random.SeedSequence | None = None,
    *,
    citizens: int | None = None,
    weeks: int | None = None,
    **levers: Any,
) -> dict[str, float]:
    """The outcome measures of one run as a flat dict: a model function for analysts' tools.

    `scenario` is a file, a shipped scenario's name (`status_quo`, `parallel`, ...), a
    Scenario or Params.

    Every argument is a keyword an exploratory-modelling tool can pass (EMA Workbench's
    uncertainties, levers, constants and replications): `scenario`, `seed`, `citizens`,
    `weeks`, and any parameter by flat name (`p_leave`, `strategy`, `caseworkers__caseload`).
    Outcomes are those of a sweep (`sim.experiments.outcomes.OUTCOMES`).
    """
    result = run(scenario, seed, citizens=citizens, weeks=weeks, detail=False, **levers)
    return outcome_row(result)
