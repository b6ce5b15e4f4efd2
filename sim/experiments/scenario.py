"""Scenario files (TOML): `[meta]`, the parameter groups, and `[run]`.

The schema is closed: an unknown section or key, a wrong type, a value out of range or an
impossible combination is a ScenarioError naming the file, the key, the value and what is
allowed. A scenario written by `to_toml` loads back to the same parameters.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import os
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from sim.core.params import GROUPS, ParamError, Params
from sim.shipped import calibration_dir, scenarios_dir, shipped_scenario_names

SECTIONS = ("meta", *GROUPS)
META_KEYS = ("name", "description", "base")
# A base file (such as calibration/fitted.toml) may also say how it was made.
BASE_SECTIONS = ("meta", "fit", *GROUPS)
# Scenario and sweep files are a few kilobytes; anything far larger is a mistake or an attack
# and is refused before it is parsed.
MAX_FILE_BYTES = 1_000_000
# Sections hold keys, a key may hold a list or an inline table ({ low = ..., high = ... }):
# three levels are all a scenario or sweep needs.
MAX_DEPTH = 8
# Where a [meta] base may live besides the scenario's own folder: the shipped scenarios and the
# calibration fit, plus any folders listed in this environment variable (os.pathsep-separated).
SHIPPED_SCENARIOS = scenarios_dir()
CALIBRATION_FOLDER = calibration_dir()
BASE_ROOTS_ENV = "FREMDRIFT_BASE_ROOTS"
MAX_BASE_REF = 1000
# A base may have a base of its own (a scenario on a shipped scenario on the fit), up to here.
MAX_BASE_CHAIN = 4
FIT_NAME = "fitted"
"""`base = "fitted"` names the shipped calibrated fit, wherever Fremdrift is installed."""


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
    try:
        text = repr(value)
    except RecursionError:  # 5,000 nested tables from dotted keys
        return "(nested too deeply to show)"
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


def scenario_hash(scenario: Scenario) -> str:
    """Hash of the resolved parameters (what a run uses, bases and overrides included)."""
    return hashlib.sha256(scenario.to_toml().encode()).hexdigest()


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
    """The bytes of a scenario or sweep file, or a ScenarioError saying why not.

    Only regular files of at most MAX_FILE_BYTES are read: a FIFO would block for ever, a
    device or a huge file would exhaust memory, and none of them is a scenario.
    """
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ScenarioError(str(path), "(file)", None, "does not exist") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise ScenarioError(str(path), "(file)", None, f"cannot be read: {_why(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ScenarioError(str(path), "(file)", None, f"is a folder, not a {what} file")
    if not stat.S_ISREG(info.st_mode):
        raise ScenarioError(str(path), "(file)", None, "is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise ScenarioError(str(path), "(file)", None, f"is larger than {MAX_FILE_BYTES:,} bytes")
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise ScenarioError(str(path), "(file)", None, f"cannot be read: {_why(exc)}") from None
    if len(data) > MAX_FILE_BYTES:  # grew while we looked
        raise ScenarioError(str(path), "(file)", None, f"is larger than {MAX_FILE_BYTES:,} bytes")
    return data


def _why(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or "not a usable path"


def parse_toml(data: bytes | str, source: str) -> dict[str, Any]:
    """UTF-8 TOML to a dict, or a ScenarioError naming the file."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ScenarioError(
                source, "(file)", None, f"is not UTF-8 text (byte {exc.start})"
            ) from None
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError(source, "(file)", None, f"is larger than {MAX_FILE_BYTES:,} bytes")
    deep = ScenarioError(
        source, "(file)", None, f"is nested more than {MAX_DEPTH} levels deep; no scenario is"
    )
    try:
        doc = tomllib.loads(data)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(source, "(file)", None, f"is not valid TOML: {exc}") from None
    except RecursionError:
        raise deep from None
    if _too_deep(doc):
        raise deep
    return doc


def _too_deep(doc: Any) -> bool:
    """True when tables or lists nest deeper than MAX_DEPTH (checked without recursion)."""
    stack = [(doc, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return False


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
    own = {k: v for k, v in doc.items() if k != "meta"}
    base: dict[str, dict] = {}
    if "base" in meta:
        base = _base_values(source, meta["base"], base_dir)
    try:
        params = Params.from_dict(_merge(base, own))
    except ParamError as exc:
        if _from_base(exc.key, base, own):
            raise base_value_error(source, meta["base"], exc) from None
        raise ScenarioError(source, exc.key, exc.value, exc.allowed) from None
    return Scenario(name=name, description=description, params=params, source=source)


def _merge(base: dict[str, dict], own: dict[str, dict]) -> dict[str, dict]:
    """The base's values, with the scenario's own values on top, group by group."""
    out = {g: dict(v) for g, v in base.items()}
    for group, values in own.items():
        out.setdefault(group, {}).update(values)
    return out


# -- [meta] base: where it may point, and what its errors may say ----------------------------
#
# A base is read on behalf of whoever wrote the scenario, which in the UI is anyone who can
# upload a file. So a base may only be a .toml file in the scenario's own folder (or below),
# in the shipped scenarios or calibration folders, or in a folder the operator allowed; and an
# error about a base never quotes its contents or a server path, only the reference as the
# user wrote it and the rule it broke.


def base_roots(source: str, own_folder: bool = True) -> list[Path]:
    """The folders a base of `source` may live in, most specific first. `own_folder=False`
    for text whose `source` is only a name someone gave it (an upload's file name): a name that
    happens to be a path on this machine must not open that folder."""
    roots = [SHIPPED_SCENARIOS, CALIBRATION_FOLDER]
    extra = os.environ.get(BASE_ROOTS_ENV, "")
    roots += [Path(p) for p in extra.split(os.pathsep) if p.strip()]
    own = _own_folder(source) if own_folder else None
    return ([own] if own else []) + [r.resolve() for r in roots]


def _own_folder(source: str) -> Path | None:
    """The folder of a scenario that is a file on disk; None for text from memory or uploads."""
    if source in ("<memory>", "", "command line") or "\0" in source:
        return None
    try:
        path = Path(source)
        return path.resolve().parent if path.is_file() else None
    except (OSError, RuntimeError, ValueError):
        return None


def base_rule() -> str:
    """What a base may be, for the error that refuses one."""
    return (
        "a base must be a .toml file in the scenario's own folder (or below), in Fremdrift's "
        f"scenarios or calibration folder, or in a folder listed in {BASE_ROOTS_ENV}; or the "
        f"name of a shipped scenario ({', '.join(shipped_scenario_names())}) or {FIT_NAME!r}"
    )


def named_base(ref: str) -> Path | None:
    """The shipped file a bare name stands for: a shipped scenario (`status_quo`, as `fremdrift
    run` takes it) or `fitted`, the calibrated fit; None for anything else. A user of the
    installed package cannot know where its files are, so a name is how they reach them."""
    if ref == FIT_NAME:
        path = CALIBRATION_FOLDER / f"{FIT_NAME}.toml"
    elif ref in shipped_scenario_names():
        path = SHIPPED_SCENARIOS / f"{ref}.toml"
    else:
        return None
    return path.resolve() if path.is_file() else None


def resolve_base(
    source: str, ref: Any, key: str = "[meta] base", anchor: str | Path | None = None
) -> Path:
    """The file a base reference names, if the rules allow it; ScenarioError otherwise.

    A bare name (`status_quo`, `fitted`) is a shipped file (`named_base`). A relative path is
    read from `anchor` when given (the UI names the shipped scenarios folder for an upload),
    else from the scenario's own folder, or from the shipped scenarios folder for a scenario
    that is not a file (text in memory); never from the working folder.
    """
    if not isinstance(ref, str) or not ref.strip():
        raise ScenarioError(source, key, ref, "must be a path to a TOML file")
    if "\0" in ref or len(ref) > MAX_BASE_REF:
        raise ScenarioError(
            source, key, None, f"must be a path of at most {MAX_BASE_REF} characters, no NUL"
        )
    named = named_base(ref)
    if named is not None:
        return named
    if not ref.endswith(".toml"):
        raise ScenarioError(source, key, ref, base_rule())
    folder = Path(anchor) if anchor is not None else (_own_folder(source) or SHIPPED_SCENARIOS)
    try:
        path = (folder / ref).resolve()
    except (OSError, RuntimeError, ValueError):  # RuntimeError: a symlink loop
        raise ScenarioError(source, key, ref, "cannot be resolved (a symlink loop?)") from None
    if not any(path.is_relative_to(root) for root in base_roots(source, anchor is None)):
        raise ScenarioError(source, key, ref, base_rule())
    try:
        exists = path.is_file()
    except OSError:
        exists = False
    if not exists:
        raise ScenarioError(source, key, ref, "no such file")
    return path


def not_a_scenario(source: str, ref: Any, why: str, key: str = "[meta] base") -> ScenarioError:
    return ScenarioError(source, key, ref, f"is not a Fremdrift scenario file ({why})")


def base_value_error(source: str, ref: Any, exc: ParamError) -> ScenarioError:
    """A bad value that came from the base: the key and the rule, never the value."""
    group, _, name = exc.key.strip("[").partition("] ")
    known = group in GROUPS and (not name or name in _field_names(group))
    if not known or exc.allowed.startswith("unknown"):
        return not_a_scenario(source, ref, "it has sections or keys a scenario does not have")
    return ScenarioError(source, "[meta] base", ref, f"its {exc.key} is not allowed: {exc.allowed}")


def _field_names(group: str) -> set[str]:
    return {f.name for f in dataclasses.fields(GROUPS[group])}


def _from_base(key: str, base: dict[str, dict], own: dict[str, Any]) -> bool:
    """True when the parameter `key` ("[group] name") got its value from the base."""
    group, _, name = key.strip("[").partition("] ")
    if group not in base:
        return False
    own_group = own.get(group)
    in_own = isinstance(own_group, dict) and (not name or name in own_group)
    return not in_own and (not name or name in base[group])


def _base_values(
    source: str, base: Any, base_dir: str | Path | None = None, chain: tuple[Path, ...] = ()
) -> dict[str, dict]:
    """The parameter groups of a base file named in [meta] base, relative to the scenario (or
    to `base_dir`, for text that has no folder of its own), with its own base's values below
    them, and so on down the chain (`chain`: the base files above this one)."""
    path = resolve_base(source, base, anchor=base_dir)
    if path in chain:
        raise ScenarioError(source, "[meta] base", base, "the chain of bases comes back to itself")
    if len(chain) >= MAX_BASE_CHAIN:
        raise ScenarioError(
            source, "[meta] base", base, f"bases may be chained at most {MAX_BASE_CHAIN} deep"
        )
    try:
        doc = parse_toml(read_file(path, "base"), str(path))
    except ScenarioError as exc:
        why = "too large" if "larger" in exc.allowed else "not readable TOML"
        raise not_a_scenario(source, base, why) from None
    unknown = [k for k, v in doc.items() if k not in BASE_SECTIONS or not isinstance(v, dict)]
    if unknown or not doc:
        raise not_a_scenario(source, base, "it has sections or keys a scenario does not have")
    values = {g: v for g, v in doc.items() if g in GROUPS}
    meta = doc.get("meta", {})
    if "base" not in meta:
        return values
    # The base's own base is read from the base's folder, under the same rules, and an error
    # there is told as the user's base's, naming the deeper file by its name alone: its folder
    # is in a file the user may not see, and a server's layout is nobody's business.
    try:
        below = _base_values(str(path), meta["base"], chain=(*chain, path))
    except ScenarioError as exc:
        inner = meta["base"]
        shown = PurePath(inner).name if isinstance(inner, str) and "\0" not in inner else "?"
        raise ScenarioError(
            source, "[meta] base", base, f"its base {_show(shown[:80])}: {exc.allowed}"
        ) from None
    return _merge(below, values)


def load_base(path: str | Path) -> Params:
    """Default parameters with a base file's values on top (e.g. calibration/fitted.toml)."""
    # The caller names the file itself (it is not a reference inside a scenario someone else
    # wrote), so the file's own folder is where it may be read from.
    path = Path(path)
    values = _base_values(str(path), path.name)
    try:
        return Params.from_dict(values)
    except ParamError as exc:
        raise base_value_error(str(path), str(path), exc) from None


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
