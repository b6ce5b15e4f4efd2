"""The published targets (calibration/targets.toml) and how far a simulated value is from one.

A target has a band [lo, hi]. Inside it the distance is at most 1 (but see `fit_margin`
below) and shrinks to zero at the published value; outside it keeps growing. For a two-sided
band the unit of distance is the band's width on that side of the value; a direction or
ranking (one side left open, e.g. hi = 1 for a correlation) uses its own `scale`. The loss of
a fit is the sum of squared distances over the hard targets that the fit uses
(calibration/fit.toml may hold some out).

A direction has no centre to pull the fit inwards, so a search that trades it against other
targets leaves it on its band's edge, where a check on fresh cohorts misses it about half the
time. Such a target may set `fit_margin` (only on a real lower edge, and not past the published
value): the fit counts its distance from `lo + fit_margin`, while whether it is met (`within`,
the report, the shipped-fit test, the implausibility of history matching) still uses the band.
A value between `lo` and `lo + fit_margin` is met but has a distance of up to
fit_margin / scale (1.2 for P7_signal); `distance(x, aim=False)` gives the distance without the
margin, for display.

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
    fit_margin: float = 0.0

    @property
    def aim_lo(self) -> float:
        """The lower edge the fit aims at: the band's, moved in by `fit_margin`."""
        return self.lo + self.fit_margin

    @property
    def emergent(self) -> bool:
        return self.kind == "emergent"

    @property
    def one_sided(self) -> bool:
        return self.scale is not None

    def within(self, x: float) -> bool:
        return bool(math.isfinite(x) and self.lo <= x <= self.hi)

    def distance(self, x: float, *, aim: bool = True) -> float:
        """Signed distance in band units: |d| <= 1 inside a two-sided band; for a direction,
        0 inside and (gap / scale) outside, the lower edge moved in by `fit_margin` unless
        `aim` is False (the band alone, for display). NaN (no estimate) counts as far
        outside."""
        if not math.isfinite(x):
            return 10.0
        if self.one_sided:
            edge = self.aim_lo if aim else self.lo
            if x < edge:
                return (x - edge) / self.scale
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
        unknown = sorted(set(entry) - {*REQUIRED, "scale", "fit_margin"})
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
        if t.fit_margin and t.scale is None:
            raise TargetError(f"{where}: fit_margin is for a direction (a target with a scale)")
        if t.fit_margin and t.lo <= -1.0:
            raise TargetError(
                f"{where}: fit_margin moves the lower edge inwards, and this band is open below"
            )
        if not 0 <= t.fit_margin <= t.value - t.lo:
            raise TargetError(
                f"{where}: fit_margin {t.fit_margin} must be at least 0 and at most the gap "
                f"from lo to the published value ({t.value - t.lo:g})"
            )
        targets.append(t)
    moments = [t.moment for t in targets]
    if len(set(moments)) != len(moments):
        raise TargetError(f"{path}: a moment appears twice")
    return targets, list(doc.get("not_used", []))


def band_distances(t: Target, x: np.ndarray) -> np.ndarray:
    """`Target.distance` for an array of values at once (the emulators ask thousands)."""
    x = np.asarray(x, dtype=float)
    if t.one_sided:
        below, above = (x - t.aim_lo) / t.scale, (x - t.hi) / t.scale
        out = np.where(x < t.aim_lo, below, np.where(x > t.hi, above, 0.0))
    else:
        out = np.where(
            x >= t.value, (x - t.value) / (t.hi - t.value), (x - t.value) / (t.value - t.lo)
        )
    return np.where(np.isfinite(x), out, 10.0)


def loss(targets: list[Target], moments: dict[str, float]) -> float:
    """Sum of squared band distances over the hard targets (the caller leaves out any it
    holds out)."""
    return float(sum(t.distance(moments[t.moment]) ** 2 for t in targets if t.hard))
