"""Fremdrift: an agent-based model of vulnerable unemployed citizens' paths toward work.

The names below load on first use (PEP 562), so that `import sim.core` loads the core and
nothing else: the scenario files, storage and experiments stay out of a core-only import.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_WHERE = {
    "FremdriftModel": "sim.core",
    "ParamError": "sim.core",
    "Params": "sim.core",
    "RunResult": "sim.core",
    "replicate_seeds": "sim.core",
    "result_of": "sim.core",
    "run": "sim.experiments.api",
    "run_outcomes": "sim.experiments.api",
    "Scenario": "sim.experiments.scenario",
    "ScenarioError": "sim.experiments.scenario",
    "load_scenario": "sim.experiments.scenario",
}

__all__ = [
    "FremdriftModel",
    "ParamError",
    "Params",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "__version__",
    "load_scenario",
    "replicate_seeds",
    "result_of",
    "run",
    "run_outcomes",
]

if TYPE_CHECKING:
    from sim.core import FremdriftModel, ParamError, Params, RunResult, replicate_seeds, result_of
    from sim.experiments.api import run, run_outcomes
    from sim.experiments.scenario import Scenario, ScenarioError, load_scenario


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
