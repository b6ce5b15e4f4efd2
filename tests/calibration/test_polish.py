"""The compass search that ends a fit: it walks to where no step of a tenth of a range lowers
the loss, says so, stops at its move limit without claiming a minimum, respects the ranges,
and is recorded in fitted.toml and the report."""

from __future__ import annotations

import inspect
import tomllib

import numpy as np
import pytest

from calibration.driver import write_fitted
from calibration.emulate import MatchResult
from calibration.fit import Evaluation, Evaluator, FitSettings, Free, MatchSettings, load_settings
from calibration.polish import compass_search, neighbours
from calibration.report import _convergence, _fit_info, _fit_sentence, sensitivity
from calibration.targets import Target
from sim.core import Params

FREE = (
    Free("share_company", ("strategy.share_company_status_quo",), 0.0, 1.0),
    Free("p_refer", ("strategy.p_refer_status_quo",), 0.0, 1.0),
)


def bowl(params: Params, seed: int) -> dict[str, float]:
    """A study whose moments are the two free values themselves, plus a cohort shift that
    the same seed repeats (common random numbers): the loss is a bowl around the targets."""
    shift = np.random.default_rng(seed).normal(0, 0.01)
    s = params.strategy
    return {"P3": s.share_company_status_quo + shift, "P16": s.p_refer_status_quo}


def target(moment: str, value: float) -> Target:
    return Target(moment, moment, "", value, value - 0.5, value + 0.5, True, "", "", "", "", None)


TARGETS = [target("P3", 0.62), target("P16", 0.31)]
SETTINGS = FitSettings(
    FREE, replicates=2, root_seed=1, check_replicates=2, check_seed=2, popsize=4, budget=10
)


def evaluator() -> Evaluator:
    return Evaluator(Params(), FREE, TARGETS, [11, 12], study="tests.calibration.test_polish:bowl")


def start_at(ev: Evaluator, x) -> Evaluation:
    ev.map(None, [np.array(x, dtype=float)])
    return ev.history[-1]


def polished_match(start: Evaluation, polish, message: str) -> MatchResult:
    """A history match that chose `start` and stopped with `message`, then polished."""
    match = MatchResult(
        x=start.x,
        loss=start.loss,
        moments=start.moments,
        converged=True,
        message=message,
        waves=[],
        design=[],
        confirmed=[start],
        ensemble=[],
        seconds=1.0,
    )
    match.apply_polish(polish)
    return match


def test_the_search_ends_where_no_step_of_a_tenth_lowers_the_loss():
    ev = evaluator()
    polish = compass_search(ev, start_at(ev, [0.1, 0.9]), step=0.1, max_moves=20)
    assert polish.minimum
    assert polish.end.loss < polish.start.loss
    # the grid point nearest the bowl's bottom, reached a tenth at a time
    assert polish.end.x == pytest.approx([0.6, 0.3], abs=1e-9)
    assert len(polish.moves) == 5 + 6
    # the claim the report makes: every neighbour of the end fits worse on the same cohorts
    around = neighbours(ev, polish.end.x, 0.1)
    ev.map(None, [p for _, p in around])
    assert all(e.loss > polish.end.loss for e in ev.history[-len(around) :])
    assert "no step lowered the loss" in polish.message


def test_a_search_cut_short_by_its_move_limit_does_not_claim_a_minimum():
    ev = evaluator()
    polish = compass_search(ev, start_at(ev, [0.1, 0.9]), step=0.1, max_moves=3)
    assert len(polish.moves) == 3 and not polish.minimum
    assert "stopped at its limit of 3 moves" in polish.message
    # the claim is seen, not assumed: the last point's neighbours were tried
    assert len(polish.history) > 3 * 3


def test_steps_stop_at_the_bounds():
    ev = evaluator()
    tried = dict(neighbours(ev, np.array([0.95, 0.0]), 0.1))
    assert sorted(tried) == [-1, 1, 2]  # the second value, on its lower bound, only goes up
    assert tried[1][0] == 1.0 and tried[-1][0] == pytest.approx(0.85)


def test_polish_settings_are_checked():
    with pytest.raises(ValueError, match="polish_step = 0 must"):
        MatchSettings.from_dict({"polish_step": 0.0})
    with pytest.raises(ValueError, match=r"polish_step = 0\.6 must"):
        MatchSettings.from_dict({"polish_step": 0.6})
    with pytest.raises(ValueError, match="polish_moves = -1 must"):
        MatchSettings.from_dict({"polish_moves": -1})


def test_the_polish_steps_as_far_as_the_reports_profile():
    step = inspect.signature(sensitivity).parameters["step"].default
    assert load_settings().match.polish_step == step


def test_fitted_toml_and_the_report_record_the_moves(tmp_path):
    ev = evaluator()
    start = start_at(ev, [0.4, 0.3])
    polish = compass_search(ev, start, step=0.1, max_moves=10)
    match = polished_match(start, polish, "settled in wave 2")
    settings = SETTINGS
    path = tmp_path / "fitted.toml"
    write_fitted(match.fit_result(), settings, path, match=match)
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    assert doc["strategy"]["share_company_status_quo"] == pytest.approx(0.6)
    assert [m["parameter"] for m in doc["fit"]["move"]] == ["share_company"] * 2
    assert doc["fit"]["polish_minimum"] is True
    assert doc["fit"]["stop"] == "settled in wave 2"  # the history match's own stop
    text = "\n".join(_convergence(_fit_info(path), {}))
    assert "2 moves, loss" in text and "share_company up (loss" in text
    assert "moved by 2 compass steps" in _fit_sentence(_fit_info(path), settings)


def test_a_polish_that_keeps_the_candidate_says_so(tmp_path):
    ev = evaluator()
    start = start_at(ev, [0.6, 0.3])
    polish = compass_search(ev, start, step=0.1, max_moves=10)
    assert polish.minimum and not polish.moves and polish.end is start
    match = polished_match(start, polish, "settled")
    path = tmp_path / "fitted.toml"
    write_fitted(match.fit_result(), SETTINGS, path, match=match)
    info = _fit_info(path)
    assert info["moves"] == [] and info["polish_minimum"] is True
    assert "the chosen candidate is kept" in "\n".join(_convergence(info, {}))
