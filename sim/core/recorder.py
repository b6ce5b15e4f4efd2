"""What the model writes down as it runs: weekly counts, an event log and the quarterly panel.

Storage is preallocated (weekly rows, panel waves) or appended as whole arrays (events), so
recording costs a few vector operations per week and nothing is copied per step.
"""

from __future__ import annotations

import numpy as np

from sim.core.states import (
    N_INDICATORS,
    PHASES,
    STATUSES,
    WEEKS_PER_QUARTER,
)

FLOWS: tuple[str, ...] = (
    "new_job",
    "new_education",
    "new_flexjob",
    "new_pension",
    "new_return",
    "new_caseworker_changes",
    "new_life_events",
    "new_intervention_starts",
    "new_placements",
    "new_contacts_lost",
    "new_arrivals",
    "cost",
    "cost_benefit",
    "cost_flexjob",
    "cost_pension",
    "cost_caseworkers",
    "cost_total",
)


def weekly_columns(kind_names: tuple[str, ...]) -> tuple[str, ...]:
    """The weekly table's columns for a run with these intervention kinds."""
    return (
        *(f"n_{s}" for s in STATUSES),
        *(f"n_{p}" for p in PHASES),
        *(f"n_active_{k}" for k in kind_names),
        "n_waiting",
        *(f"n_waiting_{k}" for k in kind_names),
        "n_without_caseworker",
        "n_caseworkers",
        "n_contacts",
        "mean_indicator",
        *FLOWS,
    )


class Recorder:
    """Weekly counts always; the event log and the panel only when `detail` is asked for.

    Sweeps and comparisons read only weekly counts and the final state, so they skip the
    per-citizen detail. Skipping it draws no fewer random numbers from the model's streams
    (the panel's measurement noise has its own), so the numbers are the same either way.
    """

    def __init__(
        self, n: int, weeks: int, kind_names: tuple[str, ...], detail: bool = True
    ) -> None:
        self.n = n
        self.weeks = weeks
        self.detail = detail
        self.columns = weekly_columns(kind_names)
        self.weekly = {c: np.zeros(weeks + 1, dtype=np.float64) for c in self.columns}
        self._events: list[tuple[int, np.ndarray, int, np.ndarray]] = []
        self.n_waves = weeks // WEEKS_PER_QUARTER + 1
        w = self.n_waves if detail else 0
        self.panel = {
            "status": np.zeros((w, n), dtype=np.int8),
            "phase": np.zeros((w, n), dtype=np.int8),
            "indicators": np.zeros((w, n, N_INDICATORS), dtype=np.int8),
            "belief": np.zeros((w, n), dtype=np.int8),
            "caseworker_id": np.zeros((w, n), dtype=np.int32),
            "n_caseworker_changes": np.zeros((w, n), dtype=np.int16),
            "active": np.zeros((w, n, len(kind_names)), dtype=bool),
        }
        self.flows: dict[str, float] = {}

    def event(self, week: int, citizens: np.ndarray, code: int, values) -> None:
        """Log one batch: `values` is one value for all, or one per citizen (copied here)."""
        if self.detail and citizens.size:
            if not np.isscalar(values):
                values = np.array(values, dtype=np.int64)
            self._events.append((week, citizens.copy(), code, values))

    def flow(self, name: str, k: float) -> None:
        """Add `k` to this week's flow `name`: a count (new jobs, ...) or kroner (`cost_*`),
        kept as it comes: kroner are not rounded to whole ones."""
        self.flows[name] = self.flows.get(name, 0.0) + float(k)

    def close_week(self, week: int, counts: dict[str, float]) -> None:
        for name, value in counts.items():
            self.weekly[name][week] = value
        for name, value in self.flows.items():
            self.weekly[name][week] = value
        self.flows = {}

    def events_arrays(self) -> dict[str, np.ndarray]:
        if not self._events:
            empty = np.zeros(0, dtype=np.int64)
            return {"week": empty, "citizen_id": empty, "event": empty, "value": empty}
        sizes = np.array([c.size for _, c, _, _ in self._events])
        weeks = np.repeat(np.array([w for w, _, _, _ in self._events], dtype=np.int32), sizes)
        codes = np.repeat(np.array([e for _, _, e, _ in self._events], dtype=np.int8), sizes)
        cids = np.concatenate([c for _, c, _, _ in self._events]).astype(np.int32)
        values = np.concatenate(
            [np.broadcast_to(np.asarray(v, dtype=np.int64), c.shape) for _, c, _, v in self._events]
        )
        return {"week": weeks, "citizen_id": cids, "event": codes, "value": values}
