"""One table of size limits, applied the same way to files and to command-line flags.

Each limit is checked before anything is allocated or run, so a typo such as
`--replicates 1000000000` or a grid of five ranges with 1,000 levels each is refused in one line
at once instead of exhausting memory or running for days. Citizens, weeks, replicates and seeds
take their bounds from the parameter schema (the same numbers a scenario file is checked
against); design points and runs are limits of sweeps and comparisons.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sim.core.params import GROUPS


@dataclass(frozen=True)
class Limit:
    lo: int
    hi: int
    what: str  # what is counted, for the message

    def allowed(self) -> str:
        return f"a whole number from {self.lo:,} to {self.hi:,} ({self.what})"

    def ok(self, value: object) -> bool:
        return (
            isinstance(value, int) and not isinstance(value, bool) and self.lo <= value <= self.hi
        )


def _schema(group: str, name: str, what: str) -> Limit:
    field = next(f for f in dataclasses.fields(GROUPS[group]) if f.name == name)
    return Limit(int(field.metadata["lo"]), int(field.metadata["hi"]), what)


LIMITS: dict[str, Limit] = {
    "citizens": _schema("population", "n_citizens", "citizens per run, [population] n_citizens"),
    "weeks": _schema("run", "weeks", "weeks per run, [run] weeks"),
    "replicates": _schema(
        "run", "replicates", "replicates per design point or scenario, [run] replicates"
    ),
    "seed": _schema("run", "seed", "root seed, [run] seed"),
    "design_points": Limit(1, 100_000, "design points in a sweep"),
    "runs": Limit(1, 1_000_000, "runs in one sweep or comparison"),
}


def limits_table() -> str:
    """The table as Markdown (README and --help point to it)."""
    rows = ["| what | smallest | largest |", "|---|---:|---:|"]
    rows += [f"| {lim.what} | {lim.lo:,} | {lim.hi:,} |" for lim in LIMITS.values()]
    return "\n".join(rows)
