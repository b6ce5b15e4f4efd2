"""Every word on screen exists in Danish and English, from the one catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.core.kinds import DEFAULT_KIND_NAMES
from sim.core.states import BARRIERS, BELIEFS, INDICATORS, PHASES, SECTORS, STATUSES
from sim.ui.i18n import STRATEGIES, TERMS, TEXT, UNITS, param_label, param_meta, t, term
from sim.ui.inputs import EXPLORE_INPUTS

UI = Path(__file__).resolve().parents[2] / "sim" / "ui"


def test_every_text_has_both_languages():
    for key, (da, en) in TEXT.items():
        assert da.strip() and en.strip(), f"{key} is empty in one language"


def test_every_key_the_pages_ask_for_is_in_the_catalogue():
    used = set()
    for path in UI.glob("*.py"):
        used |= set(re.findall(r"\bt\(\s*f?\"([a-z0-9_]+)\"", path.read_text()))
    assert used, "the pages use the catalogue"
    missing = sorted(k for k in used if k not in TEXT)
    assert not missing, f"keys used but not in the catalogue: {missing}"


@pytest.mark.parametrize(
    "names",
    [PHASES, STATUSES, DEFAULT_KIND_NAMES, BELIEFS, STRATEGIES, SECTORS, BARRIERS, INDICATORS],
)
def test_every_domain_word_is_translated(names):
    for name in names:
        assert name in TERMS, f"{name} has no Danish/English term"


def test_glossary_terms_are_used_for_the_phases():
    assert [term(p, "da") for p in PHASES] == ["fremgang", "stilstand", "tilbagegang", "afsporing"]
    assert term("staircase", "da") == "trappestige"


def test_explore_inputs_have_labels_and_units_in_both_languages():
    for spec in EXPLORE_INPUTS:
        assert param_label(spec.key, "da") != "" and param_label(spec.key, "en") != ""
        assert param_meta(spec.key)["unit"] in UNITS, f"{spec.key}: unit not translated"


def test_formatting_fills_in_values():
    assert t("week_of", "en", week=3, weeks=52) == "Week 3 of 52"
    assert t("week_of", "da", week=3, weeks=52) == "Uge 3 af 52"
