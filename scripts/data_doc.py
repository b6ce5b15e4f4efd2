"""Write docs/data.md, the column-by-column description of every file Fremdrift writes, from the
schemas the writers use (sim/store/schemas.py). A test checks the document is up to date.

Usage: .venv/bin/python scripts/data_doc.py [--write]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.core.kinds import DEFAULT_KIND_NAMES  # noqa: E402
from sim.store import schemas  # noqa: E402

DOC = ROOT / "docs" / "data.md"

INTRO = """# The data Fremdrift writes

Generated from `sim/store/schemas.py` by `scripts/data_doc.py`; do not edit by hand. Every
file is cast to these types when written, so a column has the same type in every file, for
every reader (pandas, polars, duckdb, pyarrow, R's arrow). `category` is an Arrow dictionary
of small integer codes with the names as values (a pandas Categorical, a polars Categorical).
Columns marked *per kind* exist once for every intervention kind of the run; the shipped
scenarios have {kinds}.

Three commands write results: `fremdrift run` (one run, [below](#one-run-fremdrift-run)),
`fremdrift sweep` (many runs over a design, [a sweep folder](#a-sweep-folder-fremdrift-sweep))
and `fremdrift compare` (scenarios on common seeds,
[a comparison folder](#a-comparison-folder-fremdrift-compare)). Each folder has a
`metadata.json` that says how to make its results again.

**Outcomes with a horizon.** The shares "after 1, 2 and 4 years" (`share_job_1y`,
`share_job_2y`, `share_job_4y`, and the same for education, flexjob and pension) are read at
weeks {horizons}. A run shorter than that has no value there: the column is null (NaN in
pandas), not a value from another week. So a 52-week sweep has values in the `_1y` columns
only. Each such column says the weeks it needs below, and carries them in its Parquet field
metadata as `horizon_weeks`.
"""

RUN_INTRO = """
## One run (`fremdrift run`)

A run folder holds the four tables below and `metadata.json`. Everything but `provenance` is
the same for the same scenario and seed, and so are the Parquet files, byte for byte.
"""

SWEEP_INTRO = """
## A sweep folder (`fremdrift sweep`)

```text
OUT/metadata.json          what was run (keys below)
OUT/design.parquet         every planned run with its parameter values
OUT/runs/part-*.parquet    one row per finished run: its keys and outcomes, or its error
OUT/weekly/part-*.parquet  the weekly series of the runs that succeeded, keyed by run_id
OUT/.fremdrift-lock        who is writing the folder now
```

`runs/` and `weekly/` are Parquet datasets: one part per finished chunk of runs, all with the
same schema, so `pd.read_parquet("OUT/runs")`, `pyarrow.dataset.dataset("OUT/runs")`,
`pl.read_parquet("OUT/runs/*.parquet")` and duckdb's `read_parquet('OUT/runs/*.parquet')` read
each as one table. **The parameters of a run are in `design.parquet` only**: join it to `runs`
on `run_id` (`runs.merge(design, on=["run_id", "point_id", "replicate", "seed"])`). A parameter
that is not a factor of the sweep has the base scenario's value, in `metadata.json`
(`base.params`).

**Failed runs** are rows of `runs` too: `error` holds what went wrong and every outcome is null;
they have no rows in `weekly`. `fremdrift sweep --resume --retry-failed` removes those rows and
runs them again. **The lock file** `.fremdrift-lock` holds a line of JSON about the process
holding it (keys below); it is empty when nobody does. What counts is the operating system's lock
on the file, which dies with its holder, so a stale file left by a killed sweep means nothing.

A sweep folder written by Fremdrift before schema version 2 repeated every parameter in `runs`;
it still reads, but `--resume` refuses it.
"""

COMPARE_INTRO = """
## A comparison folder (`fremdrift compare`)

The folder holds `runs.parquet`, `weekly.parquet`, `differences.parquet`, `compare.png` (the
weekly shares of every scenario, mean and spread over replicates) and `metadata.json`; with
`--report` also `report.pdf` and `report.html`, the planners' brief. Every scenario ran with the
same replicate seeds (common random numbers). The scenarios' parameters are in `metadata.json`,
once per scenario. A failed run is a row of `runs.parquet` with its `error` and null outcomes,
and has no rows in `weekly.parquet`. With `--ensemble FILE` each replicate also ran with one of
the file's parameter sets, the same for every scenario: `parameter_sets.parquet` says which, and
`ensemble.parquet` splits each difference's uncertainty into the part between parameter sets and
the Monte Carlo part.
"""


def type_name(t) -> str:
    import pyarrow as pa

    if t is None:
        return "as the parameter"
    if pa.types.is_dictionary(t):
        return "category"
    return str(t).replace("large_string", "string")


def table(title: str, cols: list[schemas.Column]) -> list[str]:
    out = ["", f"### `{title}`", "", "| column | type | meaning |", "|---|---|---|"]
    for c in cols:
        name = c.name.replace("{kind}", "KIND").replace("{factor}", "FACTOR")
        doc = c.doc.replace("{kind}", "KIND").replace("{factor}", "FACTOR")
        if "{kind}" in c.name:
            doc += " (*per kind*)"
        if "{factor}" in c.name:
            doc += " (*per factor*, named by its key, e.g. `caseworkers.p_leave`)"
        if c.horizon:
            doc += f". **Needs a run of at least {c.horizon} weeks**; null in a shorter one"
        out.append(f"| `{name}` | {type_name(c.type)} | {doc} |")
    return out


def keys(title: str, fields: list[schemas.Key]) -> list[str]:
    out = ["", f"### `{title}`", "", "| key | meaning |", "|---|---|"]
    out += [f"| `{k.name}` | {k.doc} |" for k in fields]
    return out


def render() -> str:
    from sim.experiments.outcomes import HORIZONS

    kinds = ", ".join(f"`{k}`" for k in DEFAULT_KIND_NAMES)
    weeks = ", ".join(str(w) for w in HORIZONS.values())
    out = [INTRO.format(kinds=kinds, horizons=weeks), RUN_INTRO]
    for name, cols in schemas.RUN_TABLES.items():
        out += table(f"{name}.parquet", cols)
    out += keys("metadata.json", schemas.RUN_METADATA)
    out.append(SWEEP_INTRO)
    for name, cols in schemas.SWEEP_TABLES.items():
        out += table(name, cols)
    out += keys("metadata.json", schemas.SWEEP_METADATA)
    out += keys(".fremdrift-lock", schemas.LOCK_FILE)
    out.append(COMPARE_INTRO)
    for name, cols in schemas.COMPARISON_TABLES.items():
        out += table(name, cols)
    out += keys("metadata.json", schemas.COMPARISON_METADATA)
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write docs/data.md")
    args = parser.parse_args()
    text = render()
    if args.write:
        DOC.write_text(text)
        print(f"wrote {DOC.relative_to(ROOT)}")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
