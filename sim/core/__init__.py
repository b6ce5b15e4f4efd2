"""The pure model: agents, rules and the `simulate` seam. Imports nothing from files, CLI or UI."""

from sim.core.model import STEP_ORDER, FremdriftModel
from sim.core.params import ParamError, Params
from sim.core.results import RunResult
from sim.core.runner import result_of, simulate
from sim.core.streams import replicate_seeds

__all__ = [
    "STEP_ORDER",
    "FremdriftModel",
    "ParamError",
    "Params",
    "RunResult",
    "replicate_seeds",
    "result_of",
    "simulate",
]
