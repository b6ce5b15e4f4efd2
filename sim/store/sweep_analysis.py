"""Sensitivity indices of a sweep folder: the store reads the folder, the experiments layer
(sim.experiments.sensitivity) computes the indices from its tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.experiments.sensitivity import SensitivityError, analyse_sweep
from sim.store.sweep_store import SweepStore


def analyse(root: str | Path, outcome: str, resamples: int = 1000) -> pd.DataFrame:
    """Sobol or Morris indices of `outcome` from the finished sweep in folder `root`."""
    store = SweepStore(Path(root))
    if not (store.root / "metadata.json").is_file():
        raise SensitivityError(f"{root}: not a sweep folder (no metadata.json)")
    try:
        meta = store.metadata
    except (OSError, ValueError):
        raise SensitivityError(f"{root}: metadata.json cannot be read as JSON") from None
    if not isinstance(meta, dict) or meta.get("kind") != "sweep" or "n_runs" not in meta:
        return analyse_sweep(meta, pd.DataFrame(), pd.DataFrame(), outcome, resamples, str(root))
    return analyse_sweep(meta, store.runs(), store.design(), outcome, resamples, str(store.root))
