"""RunResult: the tables one run produces, in the shapes the studies' data had.

Tables are built on first use from the recorder's arrays, so a sweep that only needs
`summary()` never pays for the event log or panel as DataFrames.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from sim.core.states import (
    BELIEFS,
    EDUCATION,
    EV_END,
    EV_PHASE,
    EV_START,
    EV_STATUS,
    EVENTS,
    FLEXJOB,
    INDICATORS,
    JOB,
    NO_BELIEF,
    NOT_ARRIVED,
    PHASES,
    STATUSES,
    WEEKS_PER_QUARTER,
)


@dataclass
class RunResult:
    """Everything one run produced. `params` and `seed` say how to make it again."""

    params: Any
    seed_entropy: int
    seed_spawn_key: tuple[int, ...]
    weekly_arrays: dict[str, np.ndarray]
    event_arrays: dict[str, np.ndarray]
    panel_arrays: dict[str, np.ndarray]
    caseworker_arrays: dict[str, np.ndarray]
    final: dict[str, np.ndarray]
    detail: bool = True

    @property
    def kind_names(self) -> tuple[str, ...]:
        """The run's intervention kinds, in the order of its per-kind columns."""
        return tuple(k.name for k in self.params.interventions.kinds)

    def _require_detail(self, table: str) -> None:
        if not self.detail:
            raise ValueError(f"this run was made without detail; run with detail=True for {table}")

    @cached_property
    def weekly(self) -> pd.DataFrame:
        df = pd.DataFrame(self.weekly_arrays)
        df.insert(0, "week", np.arange(len(df), dtype=np.int32))
        for c in df.columns:
            if c.startswith(("n_", "new_")):
                df[c] = df[c].astype(np.int64)
        return df

    @cached_property
    def events(self) -> pd.DataFrame:
        self._require_detail("the event log")
        e = self.event_arrays
        code = e["event"]
        raw = e["value"]
        value = raw.astype(str).astype(object)
        by_code = {
            EV_STATUS: np.asarray(STATUSES, dtype=object),
            EV_PHASE: np.asarray(PHASES, dtype=object),
            EV_START: np.asarray(self.kind_names, dtype=object),
            EV_END: np.asarray(self.kind_names, dtype=object),
        }
        for c, names in by_code.items():
            sel = code == c
            value[sel] = names[raw[sel]]
        return pd.DataFrame(
            {
                "week": e["week"].astype(np.int32),
                "citizen_id": e["citizen_id"].astype(np.int32),
                "event": pd.Categorical.from_codes(code.astype(np.int8), categories=EVENTS),
                "value": pd.array(value, dtype="string"),
            }
        )

    @cached_property
    def panel(self) -> pd.DataFrame:
        self._require_detail("the panel")
        p = self.panel_arrays
        waves, n = p["status"].shape
        # In an open population, a wave holds only the citizens who had arrived by then.
        present = p["status"].ravel() != NOT_ARRIVED
        p = {k: v.reshape(waves * n, *v.shape[2:])[present] for k, v in p.items()}
        weeks = np.repeat(np.arange(waves, dtype=np.int32) * WEEKS_PER_QUARTER, n)[present]
        status = p["status"].ravel()
        on_benefit = status == 0
        phase_codes = np.where(on_benefit, p["phase"].ravel(), -1)
        belief = p["belief"].ravel()
        cw = p["caseworker_id"].ravel()
        cols: dict[str, Any] = {
            "citizen_id": np.tile(np.arange(n, dtype=np.int32), waves)[present],
            "week": weeks,
            "status": pd.Categorical.from_codes(status, categories=STATUSES),
            "phase": pd.Categorical.from_codes(phase_codes, categories=PHASES),
        }
        ind = p["indicators"].reshape(-1, len(INDICATORS))
        for k, name in enumerate(INDICATORS):
            cols[name] = ind[:, k]
        cols["belief"] = pd.Categorical.from_codes(
            np.where(belief == NO_BELIEF, -1, belief), categories=BELIEFS
        )
        cols["caseworker_id"] = pd.array(np.where(cw >= 0, cw, 0), dtype="Int32")
        cols["caseworker_id"][cw < 0] = pd.NA
        cols["n_caseworker_changes"] = p["n_caseworker_changes"].ravel()
        act = p["active"].reshape(-1, len(self.kind_names))
        for k, name in enumerate(self.kind_names):
            cols[name] = act[:, k]
        return pd.DataFrame(cols)

    @cached_property
    def caseworkers(self) -> pd.DataFrame:
        c = self.caseworker_arrays
        df = pd.DataFrame(c)
        left = df["left_week"].to_numpy()
        df["left_week"] = pd.array(np.where(left >= 0, left, 0), dtype="Int32")
        df.loc[left < 0, "left_week"] = pd.NA
        return df

    def summary(self) -> dict[str, float]:
        """Headline outcomes of the run, as plain floats keyed by name."""
        f = self.final
        n = f["status"].size
        weeks = len(self.weekly_arrays["n_benefit"]) - 1
        out: dict[str, float] = {"n_citizens": float(n), "weeks": float(weeks)}
        for code, name in enumerate(STATUSES):
            out[f"share_{name}"] = float(np.mean(f["status"] == code))
        on_benefit = f["status"] == 0
        for code, name in enumerate(PHASES):
            out[f"share_{name}"] = float(np.mean(on_benefit & (f["phase"] == code)))
        out["share_self_support"] = float(np.isin(f["status"], (JOB, EDUCATION, FLEXJOB)).mean())
        out["share_ever_job"] = float(np.mean(f["ever_job"]))
        out["share_ever_education"] = float(np.mean(f["ever_education"]))
        out["mean_indicator_change"] = float(
            np.mean(f["indicators"].mean(axis=1) - f["indicators_start"].mean(axis=1))
        )
        out["mean_caseworker_changes"] = float(np.mean(f["n_changes"]))
        out["share_any_caseworker_change"] = float(np.mean(f["n_changes"] > 0))
        out["share_never_intervention"] = float(np.mean(f["n_starts"] == 0))
        benefit_weeks = float(self.weekly_arrays["n_benefit"][1:].sum())
        active_weeks = sum(
            float(self.weekly_arrays[f"n_active_{k}"][1:].sum()) for k in self.kind_names
        )
        out["activation_rate"] = active_weeks / benefit_weeks if benefit_weeks else 0.0
        self_support = sum(
            self.weekly_arrays[f"n_{STATUSES[s]}"][1:].sum() for s in (JOB, EDUCATION, FLEXJOB)
        )
        out["weeks_self_support_per_citizen"] = float(self_support) / n
        out["cost_per_citizen"] = float(self.weekly_arrays["cost"].sum()) / n
        # Public spending of every kind (benefit, flexjob, pension, salaries, places); taxes
        # paid by citizens in work are not counted.
        out["public_cost_per_citizen"] = float(self.weekly_arrays["cost_total"][1:].sum()) / n
        out["n_caseworkers_left"] = float(np.sum(self.caseworker_arrays["left_week"] >= 0))
        return out
