"""History matching: the emulators, the implausibility cut, and the waves find what a study
with a known answer was made from, keep only parameter sets that meet the figures, and resume
after a kill without simulating a point twice."""

from __future__ import annotations

import dataclasses
import tomllib

import numpy as np
import pytest

from calibration import estimators as est
from calibration.driver import write_fitted, write_match_ensemble
from calibration.emulate import Emulator, history_match, implausibility
from calibration.fit import (
    EvaluationCache,
    Evaluator,
    FitResult,
    FitSettings,
    Free,
    MatchSettings,
    load_settings,
    overrides,
)
from calibration.report import _convergence, _fit_info
from calibration.targets import Target
from sim.core import Params
from sim.core.runner import simulate
from sim.experiments.ensemble import load_ensemble
from sim.experiments.scenario import load_base
from sim.experiments.worker import replicate_seed_ints

FREE = (
    Free("p_leave", ("caseworkers.p_leave",), 0.001, 0.012),
    Free("p_refer", ("strategy.p_refer_status_quo",), 0.01, 0.2),
)
TRUTH = np.array([0.005, 0.06])
CALLS = {"n": 0, "stop_at": None}


def known_study(params: Params, seed: int) -> dict[str, float]:
    """A study whose answer is known: two moments, smooth in the two free values, with
    cohort noise from the seed. Raises KeyboardInterrupt at call `stop_at` (a kill)."""
    CALLS["n"] += 1
    if CALLS["stop_at"] is not None and CALLS["n"] >= CALLS["stop_at"]:
        raise KeyboardInterrupt
    noise = np.random.default_rng(seed).normal(0, 0.004, 2)
    p_leave, p_refer = params.caseworkers.p_leave, params.strategy.p_refer_status_quo
    return {
        "P3": 1 - np.exp(-60 * p_leave) + noise[0],
        "P16": np.exp(-8 * p_refer) + 0.5 * p_leave + noise[1],
    }


def targets_at(x: np.ndarray, width: float = 0.05) -> list[Target]:
    """Targets with the noise-free value of `known_study` at `x` and a band of +/- width."""
    p_leave, p_refer = x
    values = {"P3": 1 - np.exp(-60 * p_leave), "P16": np.exp(-8 * p_refer) + 0.5 * p_leave}
    return [
        Target(k, k, "", v, v - width, v + width, True, "", "", "", "", kind="fitted")
        for k, v in values.items()
    ]


SMALL = MatchSettings(
    first_wave=24,
    wave=12,
    max_waves=4,
    replicates=2,
    candidates=4000,
    confirm=3,
    batch=6,
    ensemble_wave=30,
)


def evaluators(targets, cache=None, study="tests.calibration.test_emulate:known_study"):
    shared = {"base": Params(), "free": FREE, "targets": targets, "study": study, "cache": cache}
    seeds = replicate_seed_ints(5, 4)
    return Evaluator(seeds=seeds[:2], **shared), Evaluator(seeds=seeds, **shared)


def test_implausibility_is_the_distance_in_units_of_band_and_emulator_uncertainty():
    t = Target("m", "P0", "", 0.5, 0.4, 0.6, True, "", "", "", "")
    mean = {"m": np.array([0.5, 0.65, 0.35, 0.65])}
    sd = {"m": np.array([0.0, 0.0, 0.0, 0.05])}
    score = implausibility([t], mean, sd)
    # half band 0.1 read as two sd: 0.15 off is 3 sd; emulator doubt widens it
    assert score[0] == 0 and score[1] == pytest.approx(3.0) and score[2] == pytest.approx(3.0)
    assert score[3] == pytest.approx(0.15 / np.sqrt(0.05**2 + 0.05**2))
    direction = Target("d", "P0", "", 0.3, 0.0, 1.0, True, "", "", "", "", scale=0.1)
    inside = implausibility([direction], {"d": np.array([0.9, -0.15])}, {"d": np.zeros(2)})
    assert inside[0] == 0 and inside[1] == pytest.approx(3.0), "a direction counts only its gap"


def test_a_direction_is_met_only_on_its_open_side():
    from calibration.emulate import meets_every_band

    sign = Target("d", "P0", "", 0.3, 0.0, 1.0, True, "", "", "", "", scale=0.1)
    assert meets_every_band([sign], {"d": 0.2}) and not meets_every_band([sign], {"d": -0.05})
    assert not meets_every_band([sign], {"d": float("nan")}), "no estimate meets nothing"


def test_the_fit_it_started_from_competes_on_the_fits_cohorts():
    CALLS["stop_at"] = None
    design, confirm = evaluators(targets_at(TRUTH))
    x0 = np.array([0.011, 0.19])  # far from the truth: it must lose, but be run
    result = history_match(design, confirm, SMALL, x0=x0)
    assert any(np.allclose(e.x, x0) for e in result.confirmed)
    assert not np.allclose(result.x, x0)


def test_the_emulator_predicts_a_smooth_moment_it_was_not_shown():
    rng = np.random.default_rng(0)
    u = rng.random((60, 2))
    y = np.sin(3 * u[:, 0]) + u[:, 1] ** 2 + rng.normal(0, 0.01, 60)
    new = rng.random((200, 2))
    mean, sd = Emulator(["m"], seed=1).fit(u, {"m": y}).predict(new)
    truth = np.sin(3 * new[:, 0]) + new[:, 1] ** 2
    assert np.sqrt(np.mean((mean["m"] - truth) ** 2)) < 0.03
    assert np.mean(np.abs(mean["m"] - truth) <= 2 * sd["m"] + 0.01) > 0.9, "honest uncertainty"


def test_history_matching_finds_the_parameters_a_known_study_was_made_from():
    CALLS["stop_at"] = None
    design, confirm = evaluators(targets_at(TRUTH))
    result = history_match(design, confirm, SMALL)
    lo = np.array([f.lo for f in FREE])
    width = np.array([f.hi - f.lo for f in FREE])
    assert np.all(np.abs(result.x - TRUTH) / width < 0.08), result.x
    assert result.loss < 1, "the chosen fit meets both bands on the fit's cohorts"
    shares = [w.plausible_share for w in result.waves]
    assert shares[-1] < 0.1, f"most of the ranges are ruled out: {shares}"
    # every ensemble member meets every band on its own cohorts; members differ
    assert len(result.ensemble) >= 8 and result.ensemble_drawn == SMALL.ensemble_wave
    # the members' noise-free moments lie near the bands (simulated with noise, each met them)
    for x in result.ensemble:
        truth = targets_at(np.asarray(x))
        for t, true_t in zip(design.targets, truth, strict=True):
            assert abs(t.distance(true_t.value)) <= 1.5, (x, t.moment, true_t.value)
    spread = np.ptp(np.array(result.ensemble), axis=0) / width
    assert np.all(spread > 0.01), "an ensemble, not one point"
    far = lo + np.array([0.95, 0.95]) * width
    assert not any(np.allclose(x, far, atol=0.05 * width.max()) for x in result.ensemble)


def test_when_no_set_meets_every_band_the_ensemble_is_the_near_best_and_says_so():
    CALLS["stop_at"] = None
    targets = targets_at(TRUTH)
    # P3 can never reach 1.2 (it is a share below 1): nothing is consistent with both targets
    targets[0] = Target("P3", "P3", "", 1.2, 1.15, 1.25, True, "", "", "", "", kind="fitted")
    design, confirm = evaluators(targets)
    result = history_match(design, confirm, SMALL)
    assert result.ensemble_kind == "near-best" and "near-best sets" in result.message
    assert len(result.ensemble) >= 10
    width = np.array([f.hi - f.lo for f in FREE])
    # the best P3 is at the largest p_leave; P16 still pins p_refer near its truth
    members = np.array(result.ensemble)
    assert np.all(members[:, 0] > FREE[0].lo + 0.7 * width[0]), members[:, 0]
    assert np.all(np.abs(members[:, 1] - TRUTH[1]) < 0.15 * width[1]), members[:, 1]


def test_history_matching_resumes_after_a_kill_without_simulating_a_point_twice(tmp_path):
    cache = tmp_path / "cache.csv"
    targets = targets_at(TRUTH)
    CALLS.update(n=0, stop_at=None)
    whole = history_match(*evaluators(targets, EvaluationCache(tmp_path / "whole.csv")), SMALL)
    needed = CALLS["n"]
    CALLS.update(n=0, stop_at=needed // 2)
    with pytest.raises(KeyboardInterrupt):
        history_match(*evaluators(targets, EvaluationCache(cache)), SMALL)
    before_kill = CALLS["n"] - 1
    CALLS.update(n=0, stop_at=None)
    resumed = history_match(*evaluators(targets, EvaluationCache(cache)), SMALL)
    assert np.array_equal(resumed.x, whole.x) and resumed.loss == whole.loss
    lost = needed - before_kill  # studies of the batch the kill interrupted run again
    assert CALLS["n"] <= lost + SMALL.batch * SMALL.replicates, (CALLS["n"], lost)
    assert CALLS["n"] < needed, "the resumed match read the finished batches from the cache"


# Small caseloads give many posts, so one leaver moves the share less (a smoother response).
SIM = {
    "population.n_citizens": 600,
    "run.weeks": 104,
    "caseworkers.caseload": 25,
    "caseworkers.caseload_reference": 25,
}


def small_study(params: Params, seed: int) -> dict[str, float]:
    """Two targets of the real model the test can afford: caseworker changes, never-referred."""
    r = simulate(params.with_values(**SIM), seed)
    return {
        "P3": est.share_any_change(r.panel),
        "P16": est.share_no_intervention(r.events, r.params.population.n_citizens),
    }


def test_history_matching_recovers_parameters_of_the_simulated_study_it_was_not_told():
    known = Params().with_values(**overrides(FREE, TRUTH))
    data = [small_study(known, s) for s in replicate_seed_ints(101, 6)]
    targets = []
    for k in ("P3", "P16"):
        v = float(np.mean([d[k] for d in data]))
        targets.append(Target(k, k, "", v, v - 0.03, v + 0.03, True, "", "", "", ""))
    design, confirm = evaluators(targets, study="tests.calibration.test_emulate:small_study")
    result = history_match(design, confirm, SMALL)
    got = overrides(FREE, result.x)
    assert got["caseworkers.p_leave"] == pytest.approx(0.005, abs=0.0015), got
    assert got["strategy.p_refer_status_quo"] == pytest.approx(0.06, abs=0.015), got


def test_the_match_writes_a_fit_and_an_ensemble_that_compare_and_the_report_read(tmp_path):
    CALLS["stop_at"] = None
    design, confirm = evaluators(targets_at(TRUTH))
    match = history_match(design, confirm, SMALL)
    settings = dataclasses.replace(_fit_settings(), match=SMALL)
    result = match.fit_result()
    fitted = tmp_path / "fitted.toml"
    write_fitted(result, settings, fitted, match=match)
    doc = tomllib.loads(fitted.read_text(encoding="utf-8"))
    assert doc["fit"]["method"] == "history matching"
    assert len(doc["fit"]["wave"]) == len(match.waves)
    assert load_base(fitted).caseworkers.p_leave == pytest.approx(match.x[0], rel=1e-5), (
        "the fit still loads as every scenario's base"
    )
    sets = load_ensemble(write_match_ensemble(match, settings, tmp_path / "ensemble.toml"))
    assert len(sets) == min(len(match.ensemble), 100) and "caseworkers.p_leave" in sets[0]
    text = "\n".join(
        _convergence(_fit_info(fitted), _fit_info(tmp_path / "ensemble.toml", "ensemble"))
    )
    assert "history matching" in text and "| wave |" in text
    assert f"{len(sets)} parameter sets" in text


def _fit_settings() -> FitSettings:
    shipped = load_settings()
    return dataclasses.replace(shipped, free=FREE, fixed=())


def test_fit_toml_names_a_bad_history_matching_value(tmp_path):
    from calibration.fit import FIT_FILE, FitError

    text = FIT_FILE.read_text(encoding="utf-8").replace("wave = 100", "wave = 0", 1)
    bad = tmp_path / "fit.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(FitError, match=r"fit.toml \[history_matching\]: wave = 0 must be at"):
        load_settings(bad)


def test_calibrate_runs_history_matching_by_default_with_a_progress_bar(monkeypatch, capsys):
    """The command's wiring: the default search is the history match, each wave names itself
    on the bar, and the fit, its history and the ensemble are written before the report (the
    search itself is tested above)."""
    import calibration.driver as driver
    import calibration.report as report
    from calibration.emulate import MatchResult, Wave
    from sim.cli import main

    done = []
    wave = Wave(1, 200, 0.25, 0.5, 1.5, float("nan"), float("nan"))
    match = MatchResult(TRUTH, 0.4, {}, True, "settled", [wave], [], [], [], 60.0)
    fit = FitResult(TRUTH, 0.4, {}, 204, 60.0, [], True, "settled in wave 2", 2)

    def fake_match(settings, executor, *, x0=None, on_wave=None, on_points=None, **_):
        on_points(200)
        on_wave(wave)
        done.append(("match", executor.name, settings.match.first_wave))
        return fit, match

    monkeypatch.setattr(driver, "run_match", fake_match)
    monkeypatch.setattr(driver, "save_history", lambda *a, **k: done.append("history"))
    monkeypatch.setattr(driver, "write_fitted", lambda *a, **k: done.append(("fitted", k)))
    monkeypatch.setattr(driver, "write_match_ensemble", lambda *a, **k: "ensemble.toml")
    monkeypatch.setattr(report, "build_report", lambda *a, **k: done.append("report") or "r.md")
    assert main(["calibrate", "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert done[0] == ("match", "in-process", 200), done
    assert done[1] == "history" and done[2] == ("fitted", {"match": match}) and done[3] == "report"
    assert "ensemble: ensemble.toml" in out and "settled in wave 2" in out


def test_the_screen_keeps_the_sets_around_the_fit_that_meet_every_band_and_resumes(tmp_path):
    from calibration.screen import screen_around

    CALLS.update(n=0, stop_at=None)
    cache = EvaluationCache(tmp_path / "cache.csv")
    design, _ = evaluators(targets_at(TRUTH, width=0.03), cache)
    screen = screen_around(design, TRUTH, draws=40, spread=0.1, seed=3, batch=7)
    assert screen.drawn == 40 and screen.cohorts == 2 and len(screen.history) == 40
    assert np.allclose(screen.history[0].x, TRUTH), "the fit itself is the first draw"
    assert 2 <= len(screen.kept) < 40, "some sets around the fit miss a band, some meet all"
    for x in screen.kept:
        moments = next(e.moments for e in screen.history if np.array_equal(e.x, x))
        assert all(t.within(moments[t.moment]) for t in design.targets)
    width = np.array([f.hi - f.lo for f in FREE])
    assert np.ptp(np.array(screen.kept), axis=0).min() / width.min() > 0.01, "sets differ"
    calls = CALLS["n"]
    design2, _ = evaluators(targets_at(TRUTH, width=0.03), EvaluationCache(tmp_path / "cache.csv"))
    again = screen_around(design2, TRUTH, draws=40, spread=0.1, seed=3, batch=7)
    assert CALLS["n"] == calls, "a rerun draws the same sets and reads them from the cache"
    assert [list(x) for x in again.kept] == [list(x) for x in screen.kept]


def test_the_screened_sets_replace_the_near_best_only_if_two_or_more_met_every_band():
    from calibration.emulate import MatchResult
    from calibration.screen import Screen

    def near_best() -> MatchResult:
        return MatchResult(
            x=TRUTH, loss=1.0, moments={}, converged=False, message="stopped",
            waves=[], design=[], confirmed=[], ensemble=[TRUTH, TRUTH], seconds=0.0,
            ensemble_kind="near-best",
        )  # fmt: skip

    few = near_best()
    few.apply_screen(Screen([TRUTH], 50, 8, 0.05, []))
    assert few.ensemble_kind == "near-best" and "near-best sets stay" in few.message
    assert len(few.ensemble) == 2, "the near-best sets are kept"
    many = near_best()
    screened = [TRUTH, TRUTH * 1.01, TRUTH * 0.99]
    many.apply_screen(Screen(screened, 50, 8, 0.05, [object()] * 50))
    assert many.ensemble_kind == "screened" and len(many.ensemble) == 3
    assert many.ensemble_drawn == 50
    assert many.evaluations == 0 and many.history == [], (
        "the screen's runs are the ensemble's, not the fit's, as with --screen-only"
    )
    assert "the ensemble was drawn around the fit: 3 of 50 sets met every band on 8" in (
        many.message
    )


def test_a_screen_after_the_fit_is_recorded_in_the_fits_stop_message(tmp_path):
    from calibration.driver import note_screen
    from calibration.screen import Screen

    fitted = tmp_path / "fitted.toml"
    stop = "stopped, so the ensemble holds the near-best sets: emulated loss within 1 of the best"
    fitted.write_text(f'[fit]\nstop = "{stop}"\nloss = 1.0\n', encoding="utf-8")
    note_screen(Screen([TRUTH, TRUTH], 40, 8, 0.05, []), fitted)
    doc = tomllib.loads(fitted.read_text(encoding="utf-8"))
    assert doc["fit"]["stop"] == (
        "stopped; the ensemble was drawn around the fit: 2 of 40 sets met every band on 8 of "
        "the fit's cohorts"
    )
    assert doc["fit"]["loss"] == 1.0, "nothing else in the file changes"
    note_screen(Screen([TRUTH] * 3, 50, 8, 0.05, []), fitted)
    assert tomllib.loads(fitted.read_text(encoding="utf-8"))["fit"]["stop"] == (
        "stopped; the ensemble was drawn around the fit: 3 of 50 sets met every band on 8 of "
        "the fit's cohorts"
    ), "a second screen replaces the first's words"


def test_a_screened_ensemble_is_written_read_and_reported_as_such(tmp_path):
    from calibration.driver import write_screen_ensemble
    from calibration.screen import Screen

    settings = _fit_settings()
    path = tmp_path / "ensemble.toml"
    kept = [TRUTH, TRUTH * 1.02, TRUTH * 0.98]
    sets = load_ensemble(write_screen_ensemble(Screen(kept, 40, 8, 0.05, []), settings, path))
    assert len(sets) == 3 and sets[1]["caseworkers.p_leave"] == pytest.approx(TRUTH[0] * 1.02)
    info = _fit_info(path, "ensemble")
    assert info["kind"] == "screened" and info["qualified"] == 3 and info["screen_draws"] == 40
    fitted = tmp_path / "fitted.toml"
    fitted.write_text('[fit]\nmethod = "history matching"\n', encoding="utf-8")
    text = "\n".join(_convergence(_fit_info(fitted), info))
    assert "40 sets were drawn around the fit" in text and "3 of them are the ensemble" in text
    # a fit that ran the screen itself writes the same file
    from calibration.emulate import MatchResult

    match = MatchResult(
        x=TRUTH, loss=1.0, moments={}, converged=False, message="", waves=[], design=[],
        confirmed=[], ensemble=kept, seconds=0.0, ensemble_kind="screened",
        screen=Screen(kept, 40, 8, 0.05, []),
    )  # fmt: skip
    full = write_match_ensemble(match, settings, tmp_path / "full.toml")
    assert (
        full.read_text(encoding="utf-8").split("date =")[0]
        == (path.read_text(encoding="utf-8").split("date =")[0])
    )
    with pytest.raises(ValueError, match=r"1 met every band; ensemble\.toml is left as it was"):
        write_screen_ensemble(Screen([TRUTH], 40, 8, 0.05, []), settings, path)
    assert len(load_ensemble(path)) == 3, "the file in place is kept"
