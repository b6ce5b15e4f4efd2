"""Fremdrift: an agent-based model of vulnerable unemployed citizens' paths toward work."""

from sim.core import FremdriftModel, ParamError, Params, RunResult, replicate_seeds, result_of
from sim.experiments.api import run
from sim.experiments.scenario import Scenario, ScenarioError, load_scenario

__version__ = "0.1.0"

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
]
