"""The `fremdrift` command as a user runs it: real processes, real files, real exit codes."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]


def fremdrift(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "sim.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        check=False,
    )


def test_run_writes_the_five_outputs_and_prints_a_summary(tmp_path):
    out = tmp_path / "sq"
    r = fremdrift(
        "run",
        "scenarios/status_quo.toml",
        "--citizens",
        300,
        "--weeks",
        30,
        "--seed",
        3,
        "--out",
        out,
    )
    assert r.returncode == 0, r.stderr
    assert "In a job at the end" in r.stdout
    for name in ("weekly", "events", "panel", "caseworkers"):
        assert (out / f"{name}.parquet").is_file()
    assert (out / "metadata.json").is_file()
    assert pd.read_parquet(out / "panel.parquet")["citizen_id"].nunique() == 300


def test_run_refuses_to_overwrite_results(tmp_path):
    out = tmp_path / "sq"
    args = ("run", "scenarios/none.toml", "--citizens", 100, "--weeks", 5, "--out", out)
    assert fremdrift(*args).returncode == 0
    again = fremdrift(*args)
    assert again.returncode == 2 and "--overwrite" in again.stderr
    assert fremdrift(*args, "--overwrite").returncode == 0


def test_a_bad_scenario_exits_2_with_one_clear_line_and_no_traceback(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[meta]\nname = "x"\n[caseworkers]\np_leave = 2.5\n')
    r = fremdrift("run", bad)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert str(bad) in r.stderr and "p_leave = 2.5" in r.stderr and "0 to 0.2" in r.stderr


def test_bad_flags_exit_2_without_a_traceback():
    r = fremdrift("run", "scenarios/none.toml", "--citizens", "-5")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    r = fremdrift("run", "scenarios/none.toml", "--citizens", 5)
    assert r.returncode == 2 and "n_citizens" in r.stderr and "Traceback" not in r.stderr


def test_validate_checks_files_without_running_them(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[meta]\nname = "x"\n[strategy]\nname = "ladder"\n')
    r = fremdrift("validate", "scenarios/parallel.toml", bad)
    assert r.returncode == 2
    assert "valid scenarios/parallel.toml" in r.stdout
    assert "[strategy] name = 'ladder'" in r.stderr


def test_help_lists_the_commands():
    r = fremdrift("--help")
    assert r.returncode == 0 and "run" in r.stdout and "validate" in r.stdout
    assert "calibrate" in r.stdout


def test_calibrate_offers_a_budget_the_executors_and_a_report_only_mode():
    r = fremdrift("calibrate", "--help")
    assert r.returncode == 0
    for flag in ("--budget", "--report-only", "--fresh", "--workers", "--dask-local"):
        assert flag in r.stdout, f"calibrate --help mentions {flag}"


def test_calibrate_rejects_a_zero_budget_without_a_traceback():
    r = fremdrift("calibrate", "--budget", "0")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "positive whole number" in r.stderr


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (["--screen-only", "--fresh"], "--screen-only does not fit, so --fresh would do nothing"),
        (["--screen-only", "--ensemble"], "so --ensemble would do nothing"),
        (
            ["--ensemble-only", "--method", "de", "--budget", "10"],
            "--ensemble-only does not fit, so --method, --budget would do nothing; leave them",
        ),
        (["--report-only", "--fresh"], "--report-only does not fit, so --fresh"),
        (["--budget", "10"], "--budget counts the evaluations of --method de"),
    ],
)
def test_calibrate_refuses_a_flag_its_mode_would_ignore(flags, said):
    r = fremdrift("calibrate", *flags)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert said in r.stderr


def test_calibrate_takes_one_of_its_only_modes_at_a_time():
    r = fremdrift("calibrate", "--screen-only", "--report-only")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "not allowed with argument --screen-only" in r.stderr
    assert "--screen-only" in fremdrift("calibrate", "--help").stdout
