"""The published targets (calibration/targets.toml) and how far a simulated value is from one.

A target has a band [lo, hi]. Inside it the distance is at most 1 and shrinks to zero at
the published value; outside it keeps growing. For a two-sided band the unit of distance is
the band's width on that side of the value; a direction or ranking (one side left open,
e.g. hi = 1 for a correlation) uses its own `scale`. The loss of a fit is the sum of squared
distances over the hard targets that the fit uses (calibration/fit.toml may hold some out).

Each target also says whether a parameter sets it almost directly ("fitted": meeting it is a
fitted moment, not evidence) or whether it must emerge from several mechanisms ("emergent").
Only emergent targets count as reproduction in the report and the UI (DESIGN.md section 9).
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
TARGETS_FILE = HERE / "targets.toml"

REQUIRED = (
    "moment",
    "figure",
    "measures",
    "value",
    "lo",
    "hi",
    "hard",
    "population",
    "horizon",
    "source",
    "band",
    "kind",
    "why",
)
KINDS = ("fitted", "emergent")


class TargetError(ValueError):
    """A targets file that cannot be used; the message names the entry and key."""


@dataclass(frozen=True)
class Target:
    moment: str
    figure: str
    measures: str
    value: float
    lo: float
    hi: float
    hard: bool
    population: str
    horizon: str
    source: str
    band: str
    scale: float | None = None
    kind: str = "emergent"
    why: str = ""

    @property
    def emergent(self) -> bool:
        return self.kind == "emergent"

    @property
    def one_sided(self) -> bool:
        return self.scale is not None

    def within(self, x: float) -> bool:
        return bool(math.isfinite(x) and self.lo <= x <= self.hi)

    def distance(self, x: float) -> float:
        """Signed distance in band units: |d| <= 1 inside a two-sided band; for a direction,
        0 inside and (gap / scale) outside. NaN (no estimate) counts as far outside."""
        if not math.isfinite(x):
            return 10.0
        if self.one_sided:
            if x < self.lo:
                return (x - self.lo) / self.scale
            if x > self.hi:
                return (x - self.hi) / self.scale
            return 0.0
        # Each side of the published value is measured in its own half of the band, so
        # |distance| <= 1 exactly when x is within the band, also for an asymmetric one.
        if x >= self.value:
            return (x - self.value) / (self.hi - self.value)
        return (x - self.value) / (self.value - self.lo)


def load_targets(path: str | Path = TARGETS_FILE) -> tuple[list[Target], list[dict]]:
    """The targets and the list of figures deliberately not used, validated."""
    path = Path(path)
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    targets = []
    for i, entry in enumerate(doc.get("target", []), start=1):
        where = f"{path}: target {i} ({entry.get('moment', '?')})"
        missing = [k for k in REQUIRED if k not in entry]
        if missing:
            raise TargetError(f"{where}: missing {', '.join(missing)}")
        unknown = sorted(set(entry) - {*REQUIRED, "scale"})
        if unknown:
            raise TargetError(f"{where}: unknown key {unknown[0]}")
        if entry["kind"] not in KINDS:
            raise TargetError(f"{where}: kind {entry['kind']!r} is not one of {', '.join(KINDS)}")
        if not str(entry["why"]).strip():
            raise TargetError(f"{where}: why must say in one line what sets the figure")
        t = Target(**entry)
        if not t.lo <= t.value <= t.hi:
            raise TargetError(f"{where}: value {t.value} is outside its band [{t.lo}, {t.hi}]")
        if t.scale is not None and t.scale <= 0:
            raise TargetError(f"{where}: scale must be positive")
        if t.scale is None and not t.lo < t.value < t.hi:
            raise TargetError(f"{where}: a two-sided band needs lo < value < hi")
        targets.append(t)
    moments = [t.moment for t in targets]
    if len(set(moments)) != len(moments):
        raise TargetError(f"{path}: a moment appears twice")
    return targets, list(doc.get("not_used", []))


def band_distances(t: Target, x: np.ndarray) -> np.ndarray:
    """`Target.distance` for an array of values at once (the emulators ask thousands)."""
    x = np.asarray(x, dtype=float)
    if t.one_sided:
        below, above = (x - t.lo) / t.scale, (x - t.hi) / t.scale
        out = np.where(x < t.lo, below, np.where(x > t.hi, above, 0.0))
    else:
        out = np.where(
            x >= t.value, (x - t.value) / (t.hi - t.value), (x - t.value) / (t.value - t.lo)
        )
    return np.where(np.isfinite(x), out, 10.0)


def loss(targets: list[Target], moments: dict[str, float]) -> float:
    """Sum of squared band distances over the hard targets (the caller leaves out any it
    holds out)."""
    return float(sum(t.distance(moments[t.moment]) ** 2 for t in targets if t.hard))
