"""Write a comparison: runs, weekly series, paired differences (Parquet), a figure, metadata.

Each table is cast to its declared schema (sim/store/schemas.py, documented in docs/data.md):
counts are integers and `error` a string in every comparison. The scenarios' parameters are in
metadata.json, once per scenario, not repeated on every row of runs.parquet.
"""

from __future__ import annotations

from pathlib import Path

from sim.experiments.compare import Comparison
from sim.experiments.plots import comparison_figure
from sim.experiments.scenario import Scenario
from sim.store import schemas
from sim.store.run_output import (
    library_versions,
    provenance,
    scenario_record,
    staged_folder,
    write_json,
    write_table,
)

SCHEMA_VERSION = 3  # 2 repeated every parameter in runs.parquet and wrote counts as floats


def write_comparison(
    comparison: Comparison, scenarios: list[Scenario], out: str | Path, *, overwrite=False
) -> Path:
    n = scenarios[0].params.population.n_citizens
    with staged_folder(out, overwrite=overwrite) as tmp:
        for name in ("runs", "weekly", "differences"):
            table = getattr(comparison, name)
            write_table(table, tmp / f"{name}.parquet", schemas.comparison_schema(name))
        if comparison.ensemble is not None:
            # The ensemble's summary and which set each replicate used (compare --ensemble).
            write_table(
                comparison.ensemble, tmp / "ensemble.parquet", schemas.comparison_schema("ensemble")
            )
            sets = comparison.runs[["scenario", "replicate", "parameter_set"]]
            write_table(
                sets, tmp / "parameter_sets.parquet", schemas.comparison_schema("parameter_sets")
            )
        comparison_figure(comparison.weekly, comparison.scenarios, n, tmp / "compare.png")
        write_json(
            {
                "schema_version": SCHEMA_VERSION,
                "kind": "comparison",
                "root_seed": comparison.root_seed,
                "replicates": int(comparison.runs["replicate"].nunique()),
                "scenarios": [
                    {**scenario_record(s), "params": s.params.to_dict()} for s in scenarios
                ],
                "versions": library_versions(),
                "provenance": provenance(),
            },
            tmp / "metadata.json",
        )
    return Path(out)
