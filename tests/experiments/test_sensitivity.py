"""Sensitivity indices find what matters and what does not."""

import pytest

from sim.cli import main
from sim.experiments.executors import LocalPool
from sim.experiments.sensitivity import SensitivityError
from sim.experiments.sweep import make_plan
from sim.experiments.sweepfile import load_sweep
from sim.store.sweep_analysis import analyse
from sim.store.sweep_run import run_plan
from tests.experiments.sweep_files import sweep_text

# the module's tests share a costly fixture: one worker builds it for all of them
pytestmark = pytest.mark.xdist_group("sensitivity")

FACTORS = {
    # The job hazard drives jobs directly; the price of social support cannot change them.
    "dynamics.p_job_ready": "{ low = 0.001, high = 0.01 }",
    "interventions.cost_social": "{ low = 100.0, high = 5000.0 }",
}


@pytest.fixture(scope="module", params=["sobol", "morris"])
def finished(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    path = folder / "s.toml"
    path.write_text(sweep_text(folder, kind=request.param, samples=16, factors=FACTORS))
    plan = make_plan(load_sweep(path), citizens=300, weeks=104)
    with LocalPool(2) as ex:
        run_plan(plan, folder / "out", ex)
    return request.param, folder / "out"


def test_an_inert_factor_gets_no_weight_and_a_driving_factor_most(finished):
    kind, out = finished
    ix = analyse(out, "share_ever_job", resamples=200).set_index("factor")
    if kind == "sobol":
        assert ix.loc["dynamics.p_job_ready", "ST"] > 0.8
        assert abs(ix.loc["interventions.cost_social", "ST"]) < 0.02
        assert abs(ix.loc["interventions.cost_social", "S1"]) < 0.02
    else:
        assert ix.loc["interventions.cost_social", "mu_star"] == 0
        assert ix.loc["dynamics.p_job_ready", "mu_star"] > 0.05


def test_the_command_prints_indices_and_writes_a_chart(finished, capsys):
    _, out = finished
    assert (
        main(["sensitivity", str(out), "--outcome", "cost_per_citizen", "--resamples", "100"]) == 0
    )
    assert (out / "sensitivity-cost_per_citizen.png").is_file()
    assert "interventions.cost_social" in capsys.readouterr().out


def test_a_grid_sweep_cannot_be_analysed(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(sweep_text(tmp_path, kind="grid"))
    plan = make_plan(load_sweep(path), citizens=50, weeks=5)
    with LocalPool(1) as ex:
        run_plan(plan, tmp_path / "out", ex)
    with pytest.raises(SensitivityError, match="'sobol' or 'morris'"):
        analyse(tmp_path / "out", "share_job")
