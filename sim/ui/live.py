"""A model the Explore page steps week by week: the UI's hold on one running cohort.

Kept free of Solara so it can be tested and timed on its own. A changed input rebuilds the
model and replays it to the week the planner was looking at, so the view never jumps back to
week 0 because a slider moved; at 2,000 citizens a full four years takes a fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.core import FremdriftModel, Params, RunResult, result_of
from sim.core.states import BENEFIT, PHASES, STATUSES

# Grid colour codes: the four phases while on benefit, then each way off benefit.
GRID_CLASSES: tuple[str, ...] = (*PHASES, *STATUSES[1:])


def grid_class(status: np.ndarray, phase: np.ndarray) -> np.ndarray:
    """Index into GRID_CLASSES: the phase while on benefit, else where the citizen went."""
    status = status.astype(np.int16)
    return np.where(status == BENEFIT, phase, len(PHASES) + status - 1).astype(np.int8)


@dataclass
class LiveRun:
    params: Params
    model: FremdriftModel
    _result: tuple[int, RunResult] | None = field(default=None, init=False, repr=False)

    @classmethod
    def start(cls, params: Params, week: int = 0) -> LiveRun:
        run = cls(params, FremdriftModel(params, params.run.seed, detail=True))
        run.run_to(week)
        return run

    @property
    def week(self) -> int:
        return self.model.week

    @property
    def weeks(self) -> int:
        return self.params.run.weeks

    @property
    def finished(self) -> bool:
        return self.model.week >= self.weeks

    def step(self, k: int = 1) -> None:
        for _ in range(min(k, self.weeks - self.model.week)):
            self.model.step()

    def run_to(self, week: int) -> None:
        self.step(max(0, min(week, self.weeks) - self.model.week))

    def result(self) -> RunResult:
        """The run's tables so far, exactly as `sim.run` would return them at this week.

        Built once per week: a page asks for several tables of the same week, and gathering
        the event log again for each would repeat the same work.
        """
        if self._result is None or self._result[0] != self.model.week:
            self._result = (self.model.week, result_of(self.model))
        return self._result[1]

    def weekly(self) -> pd.DataFrame:
        """The weekly counts so far (week 0 to the current week)."""
        return self.result().weekly

    def grid_classes(self) -> np.ndarray:
        """Per citizen, an index into GRID_CLASSES: the phase on benefit, else the status."""
        return grid_class(self.model.citizens.status, self.model.citizens.phase)

    def citizen(self, i: int) -> dict:
        """What the details panel shows for citizen i this week."""
        c = self.model.citizen_agents[i]
        cw = c.caseworker
        return {
            "id": i,
            "status": c.status,
            "phase": c.phase,
            "belief": c.belief,
            "caseworker": None if cw is None else cw.caseworker_id,
            "caseworker_changes": c.n_caseworker_changes,
            "interventions": c.interventions,
            "waiting_for": c.waiting_for,
            "barriers": c.barriers,
            "readiness": float(np.mean(list(c.indicators.values()))),
            "job_wish": c.job_wish,
        }

    def events(self) -> pd.DataFrame:
        """The event log so far, with names for events and their values (as `sim.run`)."""
        return self.result().events
