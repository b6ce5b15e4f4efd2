"""Write a comparison: runs, weekly series, paired differences (Parquet), a figure, metadata."""

from __future__ import annotations

from pathlib import Path

from sim.experiments.compare import Comparison
from sim.experiments.plots import comparison_figure
from sim.experiments.scenario import Scenario
from sim.store.run_output import (
    SCHEMA_VERSION,
    library_versions,
    provenance,
    scenario_record,
    staged_folder,
    write_json,
    write_table,
)


def write_comparison(
    comparison: Comparison, scenarios: list[Scenario], out: str | Path, *, overwrite=False
) -> Path:
    n = scenarios[0].params.population.n_citizens
    with staged_folder(out, overwrite=overwrite) as tmp:
        write_table(comparison.runs, tmp / "runs.parquet")
        write_table(comparison.weekly, tmp / "weekly.parquet")
        write_table(comparison.differences, tmp / "differences.parquet")
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
