"""One catalogue of names: every name the model uses has a Danish and an English label, in its
own namespace, in the order of the codes the arrays hold."""

from __future__ import annotations

import pytest

from sim.core import catalogue, states
from sim.core.kinds import DEFAULT_KINDS
from sim.core.params import STRATEGIES
from sim.core.strategies import STRATEGY_CLASSES
from sim.experiments.outcomes import OUTCOMES


@pytest.mark.parametrize(
    ("namespace", "codes"),
    [
        ("statuses", states.STATUSES),
        ("phases", states.PHASES),
        ("beliefs", states.BELIEFS),
        ("barriers", states.BARRIERS),
        ("sectors", states.SECTORS),
        ("indicators", states.INDICATORS),
        ("kinds", tuple(k.name for k in DEFAULT_KINDS)),
    ],
)
def test_the_catalogue_names_every_code_in_array_order(namespace, codes):
    assert tuple(catalogue.NAMESPACES[namespace]) == codes


def test_strategies_are_named_once():
    assert tuple(catalogue.STRATEGIES) == STRATEGIES
    assert set(STRATEGY_CLASSES) == set(STRATEGIES)


def test_every_outcome_an_analyst_compares_has_labels():
    missing = [o for o in OUTCOMES if o not in catalogue.OUTCOMES]
    assert not missing, f"outcomes without labels: {missing}"


def test_every_label_exists_in_both_languages_and_differs_where_the_words_do():
    for namespace, names in catalogue.NAMESPACES.items():
        for name in names.values():
            assert name.da and name.en, f"{namespace}.{name.name}"


def test_a_barrier_and_an_intervention_of_the_same_name_are_told_apart():
    social_problem = catalogue.label("barriers", "social", "da")
    social_support = catalogue.label("kinds", "social", "da")
    assert social_problem != social_support
    assert "socialfaglig" not in social_problem, "the barrier is a problem, not the support"


def test_an_unknown_name_reads_as_itself_rather_than_failing():
    assert catalogue.label("kinds", "resource_programme", "en") == "resource programme"
