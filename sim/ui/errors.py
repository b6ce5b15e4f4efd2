"""A scenario error in the page's language, without the server's paths.

ScenarioError keeps its parts (source, key, value, allowed); the command line prints them as one
English line. The page rebuilds the message from the parts in Danish or English. The `allowed`
texts the parameter rules write follow a few fixed shapes, which are recognised and
translated; anything else is shown after a translated lead-in. Paths on the server are cut to
their file name, since they mean nothing to a planner and say too much about the server.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from sim.experiments.scenario import ScenarioError
from sim.shipped import shipped_scenario_names
from sim.ui import fmt
from sim.ui.i18n import t, unit

TOO_BIG = "larger than 1 MB"  # an upload refused before it is read whole
SETTINGS = "settings"  # the source of an error made on the page, not in a file
# An absolute path (POSIX or Windows) inside a message.
_PATH = re.compile(r"(?:[A-Za-z]:)?[\\/][^\s()'\",;]*[\\/][^\s()'\",;]*")


def strip_paths(text: str) -> str:
    """Every absolute path in `text` replaced by its last part (the file's name)."""
    return _PATH.sub(lambda m: PurePath(m.group(0).replace("\\", "/")).name, text)


def _num(x: str, lang: str) -> str:
    try:
        value = float(x)
    except ValueError:
        return x
    digits = 0 if value.is_integer() else min(6, len(x.split(".")[1]) if "." in x else 3)
    return fmt.number(value, lang, digits)


def allowed_text(allowed: str, lang: str) -> str:
    """The rule a value broke, in `lang` (the known shapes), else the original words."""
    m = re.fullmatch(r"(a whole number|a number) from (\S+) to (\S+) \((.+)\)", allowed)
    if m:
        key = "err_int_range" if m.group(1) == "a whole number" else "err_number_range"
        lo, hi = _num(m.group(2), lang), _num(m.group(3), lang)
        return t(key, lang, lo=lo, hi=hi, unit=unit(m.group(4), lang))
    m = re.fullmatch(r"unknown key; valid keys in \[(\w+)\]: (.+)", allowed)
    if m:
        return t("err_unknown_key", lang, section=m.group(1), keys=m.group(2))
    m = re.fullmatch(r"unknown section; valid(?: sections)?: (.+)", allowed)
    if m:
        return t("err_unknown_section", lang, keys=m.group(1))
    m = re.fullmatch(r"one of (.+)", allowed)
    if m:
        return t("err_one_of", lang, choices=m.group(1))
    m = re.fullmatch(r"no such file \((.+)\)", allowed)
    if m:
        return t("err_no_base", lang, name=PurePath(m.group(1)).name)
    if allowed == TOO_BIG:
        return t("upload_too_big", lang)
    if allowed.startswith("a base must be a .toml file"):
        return t("err_base_rule", lang, names=", ".join(shipped_scenario_names()))
    m = re.fullmatch(r"its base ('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"): (.+)", allowed, re.S)
    if m:
        ref = strip_paths(m.group(1))
        return t("err_its_base", lang, ref=ref, rule=allowed_text(m.group(2), lang))
    m = re.fullmatch(r"bases may be chained at most (\d+) deep", allowed)
    if m:
        return t("err_base_chain", lang, n=m.group(1))
    if allowed.startswith("is not a Fremdrift scenario file"):
        return t("err_not_scenario", lang)
    m = re.fullmatch(r"is not valid TOML: (.+)", allowed, flags=re.S)
    if m:
        return t("err_not_toml", lang, detail=strip_paths(m.group(1)))
    fixed = {
        "does not exist": "err_not_exist",
        "must be a non-empty string": "err_name",
        'missing section; it needs name = "..."': "err_missing_meta",
        "the chain of bases comes back to itself": "err_base_cycle",
        "no such file": "err_no_such_file",
    }
    if allowed in fixed:
        return t(fixed[allowed], lang)
    if allowed.startswith("is not UTF-8 text"):
        return t("err_not_utf8", lang)
    return t("err_other", lang, detail=strip_paths(allowed))


def explain(exc: ScenarioError, lang: str) -> str:
    """The whole message for the page: which file, which key, which value, what is allowed."""
    if exc.source == SETTINGS:
        where = t("err_setting", lang)
    else:
        where = t("err_file", lang, source=PurePath(str(exc.source).replace("\\", "/")).name)
    key = "" if exc.key in ("(file)", None) else f" {exc.key}"
    value = "" if exc.value is None else f" = {strip_paths(_short(exc.value))}"
    head = f"{where}:{key}{value}" if key else where
    return f"{head}: {allowed_text(str(exc.allowed), lang)}"


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
