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

A run folder (`fremdrift run`) holds the four tables below and `metadata.json`: the schema
version, the scenario (name, description, source file, `params_sha256` of the resolved
parameters, `file_sha256` of the file's own bytes), the seed (entropy and spawn key), every
parameter, the summary outcomes, the library versions, and `provenance` (UTC time, command
line, git commit when run from a checkout). Everything but `provenance` is the same for the
same scenario and seed, and so are the Parquet files, byte for byte.
"""


def type_name(t) -> str:
    import pyarrow as pa

    if pa.types.is_dictionary(t):
        return "category"
    return str(t).replace("large_string", "string")


def render() -> str:
    kinds = ", ".join(f"`{k}`" for k in DEFAULT_KIND_NAMES)
    out = [INTRO.format(kinds=kinds)]
    for table, cols in schemas.RUN_TABLES.items():
        out += ["", f"## `{table}.parquet`", "", "| column | type | meaning |", "|---|---|---|"]
        for c in cols:
            name = c.name.replace("{kind}", "KIND")
            doc = c.doc.replace("{kind}", "KIND")
            per = " (*per kind*)" if "{kind}" in c.name else ""
            out.append(f"| `{name}` | {type_name(c.type)} | {doc}{per} |")
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
