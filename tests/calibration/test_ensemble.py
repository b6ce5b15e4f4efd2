"""The ensemble (ABC-SMC with pyabc) at toy scale: it narrows toward the targets, ships equally
weighted parameter sets, and resumes after a stop instead of starting over."""

from __future__ import annotations

import tomllib

import numpy as np
import pytest

from calibration import estimators as est
from calibration.ensemble import (
    EnsembleSettings,
    particle_seed,
    run_ensemble,
    write_ensemble,
)
from calibration.fit import FitSettings, Fixed, Free
from calibration.targets import Target
from sim.core import Params
from sim.core.runner import simulate

# Small caseloads give many caseworkers, so the share with a change moves smoothly.
TOY = {
    "population.n_citizens": 200,
    "run.weeks": 26,
    "caseworkers.caseload": 10,
    "caseworkers.caseload_reference": 10,
}


def toy_study(params: Params, seed: int) -> dict[str, float]:
    """One toy cohort: only the share with a caseworker change (P3), which p_leave sets."""
    r = simulate(params.with_values(**TOY), seed)
    return {"P3": est.share_any_change(r.panel)}


TOY_STUDY = "tests.calibration.test_ensemble:toy_study"
TARGETS = [Target("P3", "P3", "any change", 0.5, 0.4, 0.6, True, "", "", "", "", kind="fitted")]
FIT = FitSettings(
    free=(Free("p_leave", ("caseworkers.p_leave",), 0.001, 0.12),),
    replicates=1,
    root_seed=1,
    check_replicates=1,
    check_seed=2,
    popsize=2,
    budget=10,
    fixed=(Fixed("transfer", ("caseworkers.p_case_transfer",), 0.0, "toy"),),
)


def test_particle_seed_depends_on_the_values_only():
    a = particle_seed({"x": 0.1, "y": 2.0}, 7)
    assert a == particle_seed({"y": 2.0, "x": 0.1}, 7), "the order of keys does not matter"
    assert a != particle_seed({"x": 0.1000001, "y": 2.0}, 7), "another particle, another cohort"
    assert a != particle_seed({"x": 0.1, "y": 2.0}, 8), "another root seed, another cohort"


def test_ensemble_narrows_to_the_band_writes_sets_and_resumes(tmp_path):
    db = tmp_path / "ensemble.db"
    seen = []
    settings = EnsembleSettings(population=12, max_generations=2, min_acceptance_rate=0.01)
    history = run_ensemble(
        FIT, settings, database=db, study=TOY_STUDY, targets=TARGETS, on_generation=seen.append
    )
    assert [g.t for g in seen] == [0, 1], "the progress hook reports every generation"
    assert history.max_t == 1
    frame, weights = history.get_distribution()
    prior_mean = (0.001 + 0.12) / 2
    posterior = float(np.average(frame["p_leave"], weights=weights))
    assert seen[1].epsilon <= seen[0].epsilon, "each generation is at least as close"

    # A second call with more generations continues the same database from generation 2.
    more = EnsembleSettings(population=12, max_generations=3, min_acceptance_rate=0.01)
    seen.clear()
    history = run_ensemble(
        FIT, more, database=db, study=TOY_STUDY, targets=TARGETS, on_generation=seen.append
    )
    assert [g.t for g in seen] == [2], "a resumed run starts after the last finished generation"

    out = write_ensemble(history, FIT, more, tmp_path / "ensemble.toml", n=10, targets=TARGETS)
    doc = tomllib.loads(out.read_text(encoding="utf-8"))
    assert doc["ensemble"]["sets"] == 10 and len(doc["set"]) == 10
    assert all(s["caseworkers.p_case_transfer"] == 0.0 for s in doc["set"]), "fixed shipped"
    values = np.array([s["caseworkers.p_leave"] for s in doc["set"]])
    assert ((values >= 0.001) & (values <= 0.12)).all()
    # Half the toy cohort meets a change at a weekly leaving chance of about 0.03; above
    # 0.06 nearly everyone does. The ensemble must sit below the middle of the prior.
    assert posterior < prior_mean and values.mean() < prior_mean, (
        f"ensemble mean {values.mean():.3f} should fall below the prior mean {prior_mean:.3f}"
    )


def test_ensemble_settings_name_the_bad_value(tmp_path):
    bad = tmp_path / "fit.toml"
    bad.write_text("[ensemble]\npopulation = 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="population 1"):
        EnsembleSettings.from_toml(bad)


def test_calibrate_ensemble_only_runs_the_ensemble_with_a_progress_bar(monkeypatch, capsys):
    """The command's wiring: fit.toml's [ensemble] settings reach the run, each generation moves
    the bar, and the file written is named (the search itself is tested above)."""
    import calibration.ensemble as ens
    from sim.cli import main

    seen = {}

    def fake_run(fit_settings, settings, executor, on_generation=None, **_):
        seen["population"] = settings.population
        seen["executor"] = executor.name
        for t in range(2):
            on_generation(ens.Generation(t=t, epsilon=3.0 - t, acceptance_rate=0.5, particles=4))
        return "history"

    monkeypatch.setattr(ens, "run_ensemble", fake_run)
    monkeypatch.setattr(ens, "write_ensemble", lambda history, *a, **k: f"wrote-{history}")
    assert main(["calibrate", "--ensemble-only", "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert seen == {"population": 100, "executor": "in-process"}, seen
    assert "ensemble: wrote-history" in out and "tolerance 2.00" in out
