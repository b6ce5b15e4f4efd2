"""Numbers as a planner reads them: Danish or English digits, per 100, % and kroner (Babel).

Danish writes 4.000 borgere, 2,3 pr. 100 and 10.527 kr.; English writes 4,000 citizens, 2.3 per
100 and DKK 10,527. Every number the UI and the report show goes through here, so no page
formats one by hand. Kept free of Solara, so the command line's report can use it too.
"""

from __future__ import annotations

import math

from babel.numbers import NumberFormatError, format_decimal, parse_decimal

LOCALES = {"da": "da_DK", "en": "en_GB"}
DASH = "–"  # what a missing number shows


def locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["en"])


def number(x: float | int | None, lang: str, digits: int = 0, signed: bool = False) -> str:
    """`x` with `digits` decimals and the locale's separators (4.000,5 or 4,000.5)."""
    if x is None or not math.isfinite(float(x)):
        return DASH
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    if signed:
        pattern = f"+{pattern};-{pattern}"
    # Rounded here, half away from zero like a person would, before Babel sees it.
    value = round(float(x), digits)
    if value == 0:
        value = 0.0  # never "-0,0"
    text = format_decimal(value, format=pattern, locale=locale(lang))
    return text.replace("-", "−")  # a minus sign, not a hyphen


def per100(share: float | None, lang: str, digits: int = 1, signed: bool = False) -> str:
    """A share of the cohort as a number per 100 citizens (0.068 -> 6,8)."""
    return number(None if share is None else 100 * share, lang, digits, signed)


def percent(x: float | None, lang: str, digits: int = 1, signed: bool = False) -> str:
    """A number already in per cent, with the locale's % (Danish: 10,8 %; English: 10.8%)."""
    text = number(x, lang, digits, signed)
    if text == DASH:
        return text
    return f"{text} %" if lang == "da" else f"{text}%"


def kroner(x: float | None, lang: str, signed: bool = False) -> str:
    """Whole kroner: 10.527 kr. in Danish, DKK 10,527 in English."""
    text = number(x, lang, 0, signed)
    if text == DASH:
        return text
    return f"{text} kr." if lang == "da" else f"DKK {text}"


def parse_number(text: str, lang: str) -> float:
    """A number a planner typed, in the locale's way (Danish 10,8 or English 10.8).

    A lone decimal point is accepted in Danish too, since people type it; thousands
    separators are accepted where they cannot be mistaken for a decimal mark. Raises
    ValueError on anything that is not a number.
    """
    s = text.strip().replace("−", "-").replace("%", "").replace(" ", "").replace("\u00a0", "")
    if not s:
        raise ValueError(text)
    if lang == "da" and "," not in s and s.count(".") == 1 and len(s.split(".")[1]) != 3:
        s = s.replace(".", ",")  # "10.8" typed on a Danish page means 10,8
    try:
        return float(parse_decimal(s, locale=locale(lang), strict=False))
    except NumberFormatError:
        raise ValueError(text) from None
