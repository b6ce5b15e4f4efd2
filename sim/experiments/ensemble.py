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

from sim.core.params import field_meta


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
