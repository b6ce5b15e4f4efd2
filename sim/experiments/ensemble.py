"""Reading an ensemble of parameter sets (calibration/ensemble.toml) for comparisons.

The file is written by `fremdrift calibrate --ensemble`; each `[[set]]` holds model parameters
("group.field" = value). Read here, in the experiments layer, so comparisons need nothing from
the calibration package. Every value is checked against its parameter's bounds, so a hand-made
or damaged file fails with a message naming the file, the set, the key and the allowed range.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

from sim.core.params import Params, field_meta


class EnsembleError(ValueError):
    """An ensemble file that cannot be used; the message says where and why."""


def load_ensemble(path: str | Path) -> list[dict[str, float]]:
    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EnsembleError(f"{path}: no such file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise EnsembleError(f"{path}: not a TOML file ({exc})") from None
    sets = doc.get("set")
    if not isinstance(sets, list) or not sets:
        raise EnsembleError(f"{path}: no [[set]] entries; write one with fremdrift calibrate")
    out = []
    for i, entry in enumerate(sets, start=1):
        values = {}
        for key, value in entry.items():
            group, _, name = key.partition(".")
            try:
                meta = field_meta(group, name)
            except KeyError:
                raise EnsembleError(f"{path}: set {i}: unknown parameter {key!r}") from None
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise EnsembleError(f"{path}: set {i}: {key} = {value!r} is not a number")
            if not (math.isfinite(value) and meta["lo"] <= value <= meta["hi"]):
                raise EnsembleError(
                    f"{path}: set {i}: {key} = {value} is outside [{meta['lo']}, {meta['hi']}]"
                )
            values[key] = float(value)
        out.append(values)
    return out


KIND_SUMMARY = {
    "non-implausible": "each met every fitted hard band in simulation",
    "screened": "drawn around the fit, each met every fitted hard band on a few of the fit's "
    "cohorts: the uncertainty around this fit, not a posterior",
    "near-best": "no set met every fitted hard band; these fit about as well as the best, "
    "not a posterior",
}
"""What each kind of ensemble is, in a phrase, for the command line (`ensemble_kind`; the UI's
Compare page has its own notes in both languages)."""


def ensemble_kind(path: str | Path) -> str:
    """What the sets are: "non-implausible" (each met every fitted band in simulation),
    "screened" (drawn around the fit when no set from history matching met every band; each
    met every fitted band on a few of the fit's cohorts) or "near-best" (no set did; these
    fit about as well as the best). Files written before the distinction, and by ABC-SMC, hold sets
    consistent with the bands."""
    doc = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    return str(doc.get("ensemble", {}).get("kind", "non-implausible"))


def fitted_params() -> Params:
    """The calibrated parameter set (the shipped `fitted.toml` on the defaults): what
    `without_own` measures a scenario's own values against."""
    from sim.experiments.scenario import load_base
    from sim.shipped import calibration_dir

    return load_base(calibration_dir() / "fitted.toml")


def without_own(
    sets: list[dict[str, float]], params: Params, fitted: Params
) -> tuple[list[dict[str, float]], list[str]]:
    """The sets with every parameter that `params` sets differently from the fit left out,
    and those parameters.

    A planner who lowered turnover, or a scenario that does, asks about that turnover: the
    ensemble must not put the fitted range back. The sets then vary only what was left at its
    calibrated value, so the uncertainty of the parameters left out is not included."""
    keys = sorted({k for s in sets for k in s})
    own = [k for k in keys if params.get(k) != fitted.get(k)]
    return [{k: v for k, v in s.items() if k not in own} for s in sets], own
