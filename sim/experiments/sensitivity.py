"""Sensitivity indices from a finished Sobol or Morris sweep (SALib).

The outcome of each design point is its mean over replicates, so the indices describe how the
expected outcome depends on the factors, not the replicate noise. Sobol gives first-order (S1)
and total-order (ST) indices; Morris gives mu* (mean absolute elementary effect) and sigma.
Intervals come from SALib's bootstrap, seeded from the sweep's root seed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.experiments.outcomes import OUTCOMES

CONFIDENCE = 0.95


class SensitivityError(ValueError):
    """The sweep cannot be analysed (wrong design, unfinished, failed runs, unknown outcome)."""


def point_outcomes(
    meta: dict, runs: pd.DataFrame, design: pd.DataFrame, outcome: str, where: str
) -> tuple[np.ndarray, np.ndarray]:
    """(x, y): the design matrix and the replicate-mean outcome, one row per design point.

    `meta`, `runs` and `design` are a sweep's metadata, run table and design table (as
    sim.store reads them from a sweep folder); `where` names the sweep in messages.
    """
    if outcome not in OUTCOMES:
        raise SensitivityError(f"unknown outcome {outcome!r}; choose one of: {', '.join(OUTCOMES)}")
    n_runs = meta["n_runs"]
    if len(runs) < n_runs:
        raise SensitivityError(
            f"{where}: only {len(runs)} of {n_runs} runs are finished; "
            "finish the sweep with --resume first"
        )
    failed = runs["error"].notna()
    if failed.any():
        first = runs.loc[failed, "run_id"].iloc[0]
        raise SensitivityError(
            f"{where}: {int(failed.sum())} runs failed (e.g. run {first}); "
            "indices need every design point"
        )
    names = meta["problem"]["names"]
    design = design.groupby("point_id")
    x = design[[f"x:{n}" for n in names]].first().sort_index().to_numpy(dtype=float)
    y = runs.groupby("point_id")[outcome].mean().sort_index().to_numpy(dtype=float)
    if not np.all(np.isfinite(y)):
        raise SensitivityError(
            f"outcome {outcome!r} has no value in some runs (a horizon beyond the run's weeks?)"
        )
    return x, y


def analyse_sweep(
    meta: dict,
    runs: pd.DataFrame,
    design: pd.DataFrame,
    outcome: str,
    resamples: int = 1000,
    where: str = "the sweep",
) -> pd.DataFrame:
    """Sobol or Morris indices of `outcome` from a finished sweep's tables."""
    complete = isinstance(meta, dict) and all(
        isinstance(meta.get(k), dict) for k in ("design", "problem")
    )
    if not complete or meta.get("kind") != "sweep":
        raise SensitivityError(
            f"{where}: not the folder of a `fremdrift sweep` (its metadata.json describes "
            "something else)"
        )
    kind = meta["design"]["kind"]
    if kind not in ("sobol", "morris"):
        raise SensitivityError(
            f"{where}: the sweep used a {kind!r} design; sensitivity indices need design kind "
            "'sobol' or 'morris'"
        )
    x, y = point_outcomes(meta, runs, design, outcome, where)
    problem = {k: meta["problem"][k] for k in ("num_vars", "names", "bounds")}
    seed = int(np.random.SeedSequence(meta["root_seed"]).generate_state(1)[0])
    if kind == "sobol":
        from SALib.analyze import sobol

        s = sobol.analyze(
            problem,
            y,
            calc_second_order=False,
            num_resamples=resamples,
            conf_level=CONFIDENCE,
            seed=seed,
        )
        return pd.DataFrame(
            {
                "factor": problem["names"],
                "S1": s["S1"],
                "S1_low": s["S1"] - s["S1_conf"],
                "S1_high": s["S1"] + s["S1_conf"],
                "ST": s["ST"],
                "ST_low": s["ST"] - s["ST_conf"],
                "ST_high": s["ST"] + s["ST_conf"],
            }
        )
    from SALib.analyze import morris

    s = morris.analyze(
        problem,
        x,
        y,
        num_resamples=resamples,
        conf_level=CONFIDENCE,
        num_levels=meta["design"]["levels"],
        seed=seed,
    )
    return pd.DataFrame(
        {
            "factor": problem["names"],
            "mu_star": s["mu_star"],
            "mu_star_low": np.asarray(s["mu_star"]) - np.asarray(s["mu_star_conf"]),
            "mu_star_high": np.asarray(s["mu_star"]) + np.asarray(s["mu_star_conf"]),
            "mu": s["mu"],
            "sigma": s["sigma"],
        }
    )
