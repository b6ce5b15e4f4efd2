"""Sweep files (TOML): a base scenario, factors, a design and replicates.

    [meta]
    name = "turnover_and_caseload"
    base = "../status_quo.toml"        # relative to this file

    [design]
    kind = "grid"                      # grid, lhs, sobol or morris
    samples = 16                       # lhs: points; sobol: N, giving N*(D+2) points;
                                       # morris: trajectories, giving N*(D+1) points
    levels = 4                         # morris only: grid levels per factor
    replicates = 2
    seed = 20261122

    [factors]
    "caseworkers.p_leave" = { low = 0.002, high = 0.02, levels = 3 }   # a range
    "strategy.name" = ["status_quo", "parallel"]                      # listed values

A range needs `levels` in a grid (evenly spaced values); other designs sample it continuously
(whole-number parameters are rounded). Listed values are used as they are in a grid, and drawn
with equal chance in the other designs. Every design point is checked against the parameter
schema before anything runs, so a sweep never fails half-way on a value it could have refused.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.core.params import GROUPS, ParamError, describe_allowed, group_fields, make_group
from sim.experiments.limits import LIMITS
from sim.experiments.scenario import (
    FIT_NAME,
    Scenario,
    ScenarioError,
    check_keys,
    load_scenario,
    locate,
    name_and_description,
    not_a_scenario,
    parse_toml,
    read_file,
    resolve_base,
)

DESIGNS = ("grid", "lhs", "sobol", "morris")
SECTIONS = ("meta", "design", "factors")
META_KEYS = ("name", "description", "base")
DESIGN_KEYS = ("kind", "samples", "levels", "replicates", "seed")
MAX_POINTS = LIMITS["design_points"].hi


@dataclass(frozen=True)
class Factor:
    key: str  # "group.field"
    values: tuple[Any, ...] = ()  # listed values (or the grid levels of a range)
    low: float | None = None
    high: float | None = None
    integer: bool = False

    @property
    def is_range(self) -> bool:
        return self.low is not None


@dataclass(frozen=True)
class Sweep:
    name: str
    description: str
    base: Scenario
    design: str
    samples: int
    levels: int
    replicates: int
    seed: int
    factors: tuple[Factor, ...]
    source: str = "<memory>"
    text_hash: str = ""

    @property
    def n_points(self) -> int:
        """How many design points the design will have, known before any is built."""
        return design_points(self.design, self.samples, self.factors)


def design_points(kind: str, samples: int, factors: tuple[Factor, ...]) -> int:
    if kind == "grid":
        return math.prod(len(f.values) for f in factors)
    if kind == "sobol":
        return samples * (len(factors) + 2)
    if kind == "morris":
        return samples * (len(factors) + 1)
    return samples


def _err(source: str, key: str, value: Any, allowed: str) -> ScenarioError:
    return ScenarioError(source, key, value, allowed)


def _field(source: str, key: str):
    group, _, name = key.partition(".")
    if group not in GROUPS or not name:
        raise _err(
            source,
            f"[factors] {key!r}",
            None,
            f'a factor is named "group.parameter"; groups: {", ".join(GROUPS)}',
        )
    for f in group_fields(group):
        if f.name == name:
            return f
    names = ", ".join(f.name for f in group_fields(group))
    raise _err(source, f"[factors] {key!r}", None, f"no such parameter; [{group}] has: {names}")


def _parse_factor(source: str, key: str, spec: Any) -> Factor:
    f = _field(source, key)
    where = f"[factors] {key!r}"
    m = f.metadata
    integer = f.type in ("int", int)
    if isinstance(spec, list):
        if not spec:
            raise _err(source, where, spec, "needs at least one value")
        group, _, name = key.partition(".")
        for v in spec:
            try:
                make_group(group, {name: v})
            except ParamError as exc:
                raise _err(source, where, v, exc.allowed) from None
        return Factor(key, values=tuple(spec), integer=integer)
    if isinstance(spec, dict):
        if m["choices"]:
            raise _err(source, where, spec, 'a choice is swept by listing values, e.g. ["a", "b"]')
        unknown = sorted(set(spec) - {"low", "high", "levels"})
        if unknown or "low" not in spec or "high" not in spec:
            raise _err(source, where, spec, "a range is { low = ..., high = ... [, levels = n] }")
        lo, hi = spec["low"], spec["high"]
        for label, v in (("low", lo), ("high", hi)):
            ok = isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
            if not ok or not (m["lo"] <= v <= m["hi"]):
                raise _err(source, f"{where} {label}", v, describe_allowed(f))
        if not lo < hi:
            raise _err(source, f"{where} high", hi, f"must be above low ({lo})")
        levels = spec.get("levels")
        values: tuple[Any, ...] = ()
        if levels is not None:
            if isinstance(levels, bool) or not isinstance(levels, int) or not 2 <= levels <= 1000:
                raise _err(source, f"{where} levels", levels, "a whole number from 2 to 1000")
            step = (hi - lo) / (levels - 1)
            raw = [lo + i * step for i in range(levels)]
            values = tuple(dict.fromkeys(round(x) for x in raw)) if integer else tuple(raw)
        return Factor(key, values=values, low=float(lo), high=float(hi), integer=integer)
    raise _err(source, where, spec, "either a list of values or a range { low = ..., high = ... }")


def _load_base_scenario(source: str, ref: str) -> Scenario:
    """The sweep's base scenario, under the same rules as a scenario's [meta] base: only
    allowed folders, and errors that name the rule broken but never quote the file. A shipped
    scenario may be named (`status_quo`); the fit (`fitted`) is parameters, not a scenario."""
    if ref == FIT_NAME:
        raise _err(
            source,
            "[meta] base",
            ref,
            "a sweep's base is a scenario: name a shipped one (status_quo, ...) or a scenario "
            'file of your own with base = "fitted"',
        )
    path = resolve_base(source, ref)
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        if exc.key == "(file)":
            why = "too large" if "larger" in exc.allowed else "not readable as a scenario"
            raise not_a_scenario(source, ref, why) from None
        if exc.key.startswith("[meta]") and exc.key != "[meta] base":
            raise not_a_scenario(source, ref, "its [meta] section is not a scenario's") from None
        if exc.allowed.startswith("unknown"):
            raise not_a_scenario(
                source, ref, "it has sections or keys a scenario does not have"
            ) from None
        raise _err(
            source,
            "[meta] base",
            ref,
            f"the base scenario is not usable: its {exc.key}: {exc.allowed}",
        ) from None


def _int(source: str, key: str, value: Any, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise _err(source, key, value, f"a whole number from {lo} to {hi}")
    return value


def parse_sweep(data: bytes, source: str) -> Sweep:
    doc = parse_toml(data, source)
    for key, value in doc.items():
        if key not in SECTIONS:
            raise _err(source, f"[{key}]", None, f"unknown section; valid: {', '.join(SECTIONS)}")
        if not isinstance(value, dict):
            raise _err(source, key, value, f"must be a section [{key}]")
    for section in SECTIONS:
        if section not in doc:
            raise _err(source, f"[{section}]", None, "missing section")
    meta, design, factors = doc["meta"], doc["design"], doc["factors"]
    check_keys(source, "meta", meta, META_KEYS)
    check_keys(source, "design", design, DESIGN_KEYS)
    name, description = name_and_description(source, meta)
    base_ref = meta.get("base")
    if not isinstance(base_ref, str) or not base_ref:
        raise _err(source, "[meta] base", base_ref, "must name the base scenario file")
    base = _load_base_scenario(source, base_ref)
    kind = design.get("kind")
    if kind not in DESIGNS:
        raise _err(source, "[design] kind", kind, "one of " + ", ".join(map(repr, DESIGNS)))
    samples = _int(source, "[design] samples", design.get("samples", 8), 1, MAX_POINTS)
    levels = _int(source, "[design] levels", design.get("levels", 4), 2, 100)
    lim = LIMITS["replicates"]
    replicates = _int(source, "[design] replicates", design.get("replicates", 1), lim.lo, lim.hi)
    lim = LIMITS["seed"]
    seed = _int(source, "[design] seed", design.get("seed", base.params.run.seed), lim.lo, lim.hi)
    if not factors:
        raise _err(source, "[factors]", None, "name at least one factor to vary")
    parsed = tuple(_parse_factor(source, k, v) for k, v in factors.items())
    for f in parsed:
        if kind == "grid" and f.is_range and not f.values:
            raise _err(
                source,
                f"[factors] {f.key!r}",
                None,
                "a range in a grid needs levels, e.g. { low = 0.1, high = 0.5, levels = 3 }",
            )
    n_points = design_points(kind, samples, parsed)
    if n_points > MAX_POINTS:
        raise _err(
            source,
            "[design]",
            None,
            f"a {kind} design of these factors has {n_points:,} points; at most "
            f"{MAX_POINTS:,} (fewer samples, levels or factors)",
        )
    return Sweep(
        name=name,
        description=description,
        base=base,
        design=kind,
        samples=samples,
        levels=levels,
        replicates=replicates,
        seed=seed,
        factors=parsed,
        source=source,
        text_hash=hashlib.sha256(data).hexdigest(),
    )


def load_sweep(path: str | Path) -> Sweep:
    """Read and validate a sweep file, or a shipped sweep by name (`sweeps/example`)."""
    path = locate(path, "sweep")
    return parse_sweep(read_file(path, "sweep"), str(path))


def is_sweep_file(path: str | Path) -> bool:
    """True when the file looks like a sweep (has a [factors] or [design] section)."""
    try:
        doc = parse_toml(read_file(locate(path), "scenario"), str(path))
    except ScenarioError:
        return False
    return "factors" in doc or "design" in doc
