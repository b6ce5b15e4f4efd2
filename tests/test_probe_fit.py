"""scripts/probe_fit.py reads probes as a person would type them and says what is wrong with
one that it cannot read."""

from __future__ import annotations

import pytest

from scripts.probe_fit import main, parse_probe


def test_a_probe_sets_numbers_and_words():
    name, values = parse_probe("mixed=dynamics.p_education:0.0016,caseworkers.assignment:random")
    assert name == "mixed"
    assert values == {"dynamics.p_education": 0.0016, "caseworkers.assignment": "random"}


@pytest.mark.parametrize("text", ["no-equals", "name=", "=dynamics.p_education:1", "n=key"])
def test_a_probe_it_cannot_read_is_refused_with_the_form_to_use(text, capsys):
    assert main([text]) == 2
    err = capsys.readouterr().err
    assert "probe_fit:" in err and "key:value" in err and "Traceback" not in err
