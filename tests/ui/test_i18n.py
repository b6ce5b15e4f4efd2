"""Every word on screen exists in Danish and English, from the one catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.core.kinds import DEFAULT_KIND_NAMES
from sim.core.states import BARRIERS, BELIEFS, INDICATORS, PHASES, SECTORS, STATUSES
from sim.ui.i18n import (
    BARRIER_TERMS,
    MEASURES_DA,
    SOURCES,
    STRATEGIES,
    TERMS,
    TEXT,
    UNITS,
    barrier,
    source,
    t,
    term,
)
from sim.ui.inputs import EXPLORE_INPUTS, lever_label

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


def test_explore_levers_have_labels_units_and_help_in_both_languages():
    for spec in EXPLORE_INPUTS:
        assert lever_label(spec.key, "da") and lever_label(spec.key, "en"), spec.key
        for key in (spec.unit, spec.help):
            assert not key or key in TEXT, f"{spec.key}: {key} is not in the catalogue"


def test_a_barrier_and_the_intervention_of_the_same_name_read_differently():
    """A social barrier is a problem; a social intervention is help (was: both 'socialfaglig')."""
    assert set(BARRIER_TERMS) == set(BARRIERS)
    for name in ("social", "health"):
        assert barrier(name, "da") != term(name, "da"), name
        assert barrier(name, "en") != term(name, "en"), name
    assert barrier("social", "da") == "sociale problemer"
    assert term("social", "da") == "socialfaglig indsats"


def test_every_calibration_target_and_source_has_plain_danish():
    import pandas as pd

    table = pd.read_csv(Path(__file__).resolve().parents[2] / "calibration" / "report_targets.csv")
    assert set(table["target"]) <= set(MEASURES_DA), "every target's measure in Danish"
    for text in table["source"]:
        for lang in ("da", "en"):
            assert "seed 00" not in source(text, lang), text
        # A source left as written must be a title or a name, not English the Danish page shows.
        for part in (p.strip() for p in text.split(";")):
            if part not in SOURCES:
                english = re.findall(r"\b(from|derived|report|interview|analysis|unit)\b", part)
                assert not english, f"{part!r} needs a Danish entry in SOURCES"
    assert all(da and en for da, en in SOURCES.values())


def test_formatting_fills_in_values():
    assert t("week_of", "en", week=3, weeks=52) == "Week 3 of 52"
    assert t("week_of", "da", week=3, weeks=52) == "Uge 3 af 52"


def test_every_parameter_unit_reads_in_danish_so_a_range_error_does_too():
    import dataclasses

    from sim.core.kinds import TUNABLE
    from sim.core.params import GROUPS
    from sim.experiments.scenario import ScenarioError
    from sim.ui.errors import explain

    units = {
        f.metadata["unit"]
        for group in GROUPS.values()
        for f in dataclasses.fields(group)
        if f.metadata.get("unit")
    } | {meta["unit"] for meta in TUNABLE.values()}  # the kinds' own (cost_company, ...)
    assert units <= set(UNITS), f"units without Danish: {sorted(units - set(UNITS))}"
    err = ScenarioError(
        "up.toml",
        "[caseworkers] caseload",
        500,
        "a whole number from 5 to 300 (citizens per caseworker)",
    )
    assert "borgere pr. sagsbehandler" in explain(err, "da")
    assert "citizens per" not in explain(err, "da")
