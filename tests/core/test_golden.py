"""Golden baseline: the model's numbers do not move unless someone means them to.

This is a regression guard, not validation: it pins what the code computes today so that a
refactor which changes results is noticed. Regenerate with scripts/update_golden.py.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from sim.core import simulate
from tests.conftest import small

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "baseline.json"
CASES = {"status_quo": 1, "staircase": 2, "parallel": 3, "none": 4}
WEEKLY = ("n_benefit", "n_job", "n_derailment", "n_active_company", "new_caseworker_changes")


def golden_numbers() -> dict:
    out = {}
    for strategy, seed in CASES.items():
        r = simulate(small(500, 104, **{"strategy.name": strategy}), seed)
        out[strategy] = {
            "summary": r.summary(),
            "weekly": {c: r.weekly[c].iloc[::13].tolist() for c in WEEKLY},
            "n_events": len(r.events),
        }
    return out


def test_numbers_match_the_golden_baseline():
    expected = json.loads(GOLDEN.read_text())
    actual = json.loads(json.dumps(golden_numbers()))
    for strategy in CASES:
        e, a = expected[strategy], actual[strategy]
        assert a["weekly"] == e["weekly"], f"{strategy}: weekly counts moved"
        assert a["n_events"] == e["n_events"], f"{strategy}: number of events moved"
        for key, value in e["summary"].items():
            assert math.isclose(a["summary"][key], value, rel_tol=1e-9, abs_tol=1e-12), (
                f"{strategy}: summary {key} moved from {value} to {a['summary'][key]}; "
                "if intended, run scripts/update_golden.py"
            )
