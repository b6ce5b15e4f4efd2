"""Scenario files (TOML): `[meta]`, the parameter groups, and `[run]`.

The schema is closed: an unknown section or key, a wrong type, a value out of range or an
impossible combination is a ScenarioError naming the file, the key, the value and what is
allowed. A scenario written by `to_toml` loads back to the same parameters.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.core.params import GROUPS, ParamError, Params
from sim.shipped import scenarios_dir, shipped_scenario_names

SECTIONS = ("meta", *GROUPS)
META_KEYS = ("name", "description", "base")
# A base file (such as calibration/fitted.toml) may also say how it was made.
BASE_SECTIONS = ("meta", "fit", *GROUPS)


class ScenarioError(ValueError):
    """A scenario that cannot be used; `str()` is the whole message for the user."""

    def __init__(self, source: str, key: str, value: Any, allowed: str) -> None:
        self.source = source
        self.key = key
        self.value = value
        self.allowed = allowed
        shown = "" if value is None else f" = {_show(value)}"
        super().__init__(f"{source}: {key}{shown}: {allowed}")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    params: Params
    source: str = "<memory>"

    def to_toml(self) -> str:
        """The scenario as a complete TOML file (every parameter written out)."""
        lines = [
            "[meta]",
            f"name = {_toml_value(self.name)}",
            f"description = {_toml_value(self.description)}",
        ]
        for group, values in self.params.to_dict().items():
            tables = values.pop("kinds", {}) if group == "interventions" else {}
            lines += ["", f"[{group}]"]
            lines += [f"{k} = {_toml_value(v)}" for k, v in values.items()]
            for name, record in tables.items():
                lines += ["", f"[{group}.kinds.{name}]"]
                lines += [f"{k} = {_toml_value(v)}" for k, v in record.items()]
        return "\n".join(lines) + "\n"


def _toml_value(v: Any) -> str:
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v) if math.isfinite(v) else "nan"
    s = str(v).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{s}"'


def read_file(path: str | Path, what: str) -> bytes:
    """The bytes of a scenario or sweep file, or a ScenarioError saying why not."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(str(path), "(file)", None, "does not exist") from None
    except IsADirectoryError:
        raise ScenarioError(str(path), "(file)", None, f"is a folder, not a {what} file") from None
    except OSError as exc:
        raise ScenarioError(str(path), "(file)", None, f"cannot be read: {exc.strerror}") from None


def parse_toml(data: bytes | str, source: str) -> dict[str, Any]:
    """UTF-8 TOML to a dict, or a ScenarioError naming the file."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ScenarioError(
                source, "(file)", None, f"is not UTF-8 text (byte {exc.start})"
            ) from None
    try:
        return tomllib.loads(data)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(source, "(file)", None, f"is not valid TOML: {exc}") from None


def parse_scenario(
    data: bytes | str, source: str = "<memory>", base_dir: str | Path | None = None
) -> Scenario:
    """Validate raw TOML (bytes or text) and build a Scenario.

    `base_dir`: the folder a relative `[meta] base` is read from, for text that has no folder
    of its own (an upload); by default the folder of `source`.
    """
    return scenario_from_dict(parse_toml(data, source), source, base_dir=base_dir)


def check_keys(source: str, section: str, table: dict[str, Any], allowed: tuple[str, ...]) -> None:
    """Closed schema: the first key of `table` not in `allowed` is an error listing them."""
    bad = [k for k in table if k not in allowed]
    if bad:
        raise ScenarioError(
            source,
            f"[{section}] {bad[0]}",
            table[bad[0]],
            f"unknown key; valid keys in [{section}]: {', '.join(allowed)}",
        )


def name_and_description(source: str, meta: dict[str, Any]) -> tuple[str, str]:
    """[meta] name (required, non-empty) and description (optional text)."""
    name = meta.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ScenarioError(source, "[meta] name", name, "must be a non-empty string")
    description = meta.get("description", "")
    if not isinstance(description, str):
        raise ScenarioError(source, "[meta] description", description, "must be a string")
    return name, description


def scenario_from_dict(
    doc: dict[str, Any], source: str = "<memory>", base_dir: str | Path | None = None
) -> Scenario:
    unknown = [k for k in doc if k not in SECTIONS]
    if unknown:
        raise ScenarioError(
            source,
            f"[{unknown[0]}]",
            None,
            f"unknown section; valid sections: {', '.join(SECTIONS)}",
        )
    for key, value in doc.items():
        if not isinstance(value, dict):
            raise ScenarioError(
                source, key, value, f"must be a section [{key}] of key = value pairs"
            )
    meta = doc.get("meta")
    if meta is None:
        raise ScenarioError(source, "[meta]", None, 'missing section; it needs name = "..."')
    check_keys(source, "meta", meta, META_KEYS)
    name, description = name_and_description(source, meta)
    values = {k: v for k, v in doc.items() if k != "meta"}
    if "base" in meta:
        values = _merge(_base_values(source, meta["base"], base_dir), values)
    try:
        params = Params.from_dict(values)
    except ParamError as exc:
        raise ScenarioError(source, exc.key, exc.value, exc.allowed) from None
    return Scenario(name=name, description=description, params=params, source=source)


def _merge(base: dict[str, dict], own: dict[str, dict]) -> dict[str, dict]:
    """The base's values, with the scenario's own values on top, group by group."""
    out = {g: dict(v) for g, v in base.items()}
    for group, values in own.items():
        out.setdefault(group, {}).update(values)
    return out


def base_folder(source: str, base_dir: str | Path | None = None) -> Path:
    """Where a relative `[meta] base` is read from: `base_dir` if given (an uploaded file has
    no folder of its own), else the scenario file's folder."""
    if base_dir is not None:
        return Path(base_dir)
    return Path(source).parent if source not in ("<memory>", "") else Path.cwd()


def _base_values(source: str, base: Any, base_dir: str | Path | None = None) -> dict[str, dict]:
    """The parameter groups of a base file named in [meta] base, relative to the scenario."""
    if not isinstance(base, str) or not base.strip():
        raise ScenarioError(source, "[meta] base", base, "must be a path to a TOML file")
    folder = base_folder(source, base_dir)
    path = (folder / base).resolve()
    if not path.is_file():
        raise ScenarioError(source, "[meta] base", base, f"no such file ({path})")
    doc = parse_toml(read_file(path, "base"), str(path))
    unknown = [k for k in doc if k not in BASE_SECTIONS]
    if unknown:
        raise ScenarioError(
            str(path),
            f"[{unknown[0]}]",
            None,
            f"unknown section; valid: {', '.join(BASE_SECTIONS)}",
        )
    if "base" in doc.get("meta", {}):
        raise ScenarioError(
            str(path), "[meta] base", doc["meta"]["base"], "a base cannot have a base"
        )
    return {g: v for g, v in doc.items() if g in GROUPS}


def load_base(path: str | Path) -> Params:
    """Default parameters with a base file's values on top (e.g. calibration/fitted.toml)."""
    values = _base_values("<memory>", str(Path(path).resolve()))
    try:
        return Params.from_dict(values)
    except ParamError as exc:
        raise ScenarioError(str(path), exc.key, exc.value, exc.allowed) from None


def locate(ref: str | Path, what: str = "scenario") -> Path:
    """The file `ref` names: a path, or the name of a shipped file (`status_quo`,
    `sweeps/example`), looked up among the shipped scenarios however Fremdrift was installed.

    A name that is neither gets a ScenarioError listing the shipped names.
    """
    path = Path(ref)
    if path.exists() or path.suffix == ".toml" or path.is_absolute():
        return path
    shipped = scenarios_dir() / f"{ref}.toml"
    if shipped.is_file():
        return shipped
    names = ", ".join(shipped_scenario_names())
    raise ScenarioError(
        str(ref), "(file)", None, f"is neither a {what} file nor a shipped {what} ({names})"
    )


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file, or a shipped scenario by name (`status_quo`)."""
    path = locate(path)
    return parse_scenario(read_file(path, "scenario"), str(path))


def with_overrides(
    scenario: Scenario, *, citizens: int | None = None, weeks: int | None = None
) -> Scenario:
    """The scenario with the command-line size overrides applied (validated like the file)."""
    values = {}
    if citizens is not None:
        values["population.n_citizens"] = citizens
    if weeks is not None:
        values["run.weeks"] = weeks
    if not values:
        return scenario
    try:
        params = scenario.params.with_values(**values)
    except ParamError as exc:
        raise ScenarioError("command line", exc.key, exc.value, exc.allowed) from None
    return Scenario(scenario.name, scenario.description, params, scenario.source)
