"""The wheel runs the shipped work from anywhere: built from this checkout, installed into a
fresh virtual environment in a temporary folder, and used from another folder."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# one worker builds the fixture for the whole module
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wheel")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv outside the checkout with the built wheel and its dependencies installed
    by pip, as a user would (pip's cache makes the dependencies quick after the first time).

    A shortcut that borrowed the test environment's packages through a .pth line was tried
    and is wrong for the UI: Jupyter's widget configuration lives under each environment's own
    prefix, and Solara answers 500 without it.
    """
    tmp = tmp_path_factory.mktemp("wheel")
    dist = tmp / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(dist), str(ROOT)], check=True)
    wheel = next(dist.glob("fremdrift-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    vpip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
    # --no-compile: pip would byte-compile every module of every dependency (most of this
    # fixture's two minutes); Python compiles the few the tests import when they import them.
    subprocess.run([*vpip, "install", "--no-compile", str(wheel)], check=True)
    work = tmp / "elsewhere"
    work.mkdir()
    return {"wheel": wheel, "bin": venv / "bin", "cwd": work}


def cli(installed, *args: str, **kw) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(installed["bin"] / "fremdrift"), *args],
        cwd=installed["cwd"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        **kw,
    )


def test_the_wheel_carries_the_shipped_scenarios_fit_and_report_data(installed):
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    for f in (
        "sim/shipped-data/scenarios/status_quo.toml",
        "sim/shipped-data/scenarios/sweeps/example.toml",
        "sim/shipped-data/calibration/fitted.toml",
        "sim/shipped-data/calibration/report_targets.csv",
        "sim/py.typed",
        "sim/shipped-data/frontend/MANIFEST.json",
        "sim/shipped-data/frontend/requirejs@2.3.6/require.js",
        "sim/shipped-data/frontend/mermaid@10.8.0/LICENSE",
    ):
        assert f in names, f"{f} is not in the wheel"
    assert not [n for n in names if n.startswith("sim/shipped-data") and n.endswith(".py")]


def test_the_installed_command_runs_and_compares_shipped_scenarios_by_name(installed):
    r = cli(installed, "run", "status_quo", "--citizens", "500", "--weeks", "52", "--out", "r")
    assert r.returncode == 0, r.stderr
    assert (installed["cwd"] / "r" / "weekly.parquet").is_file()
    r = cli(
        installed,
        "compare",
        "status_quo",
        "parallel",
        "--replicates",
        "2",
        "--citizens",
        "300",
        "--weeks",
        "26",
        "--out",
        "c",
    )
    assert r.returncode == 0, r.stderr
    assert (installed["cwd"] / "c" / "differences.parquet").is_file()


def test_the_installed_ui_serves_its_page_and_front_end_with_no_cdn(installed):
    """The wheel's UI needs no network: its front-end files ship in the wheel and `fremdrift ui`
    puts them into the fresh environment's empty Solara cache. The CDN is pointed at a closed
    port, so a file that did not ship would fail to load instead of being fetched."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["SOLARA_ASSETS_CDN"] = f"http://127.0.0.1:{free_port()}/npm/"
    proc = subprocess.Popen(
        [str(installed["bin"] / "fremdrift"), "ui", "--port", str(port)],
        cwd=installed["cwd"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    app = "@widgetti/solara-vuetify-app@10.1.1/dist/solara-vuetify-app8.min.js"
    try:
        status = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"{url}/", timeout=5) as resp:
                    status, page = resp.status, resp.read().decode()
                    break
            except OSError:
                time.sleep(1)
        assert status == 200, (
            proc.stdout.read1().decode() if proc.poll() is not None else "no answer"
        )
        named = set(re.findall(r"_solara/cdn/([^\"'\s`$]+)", page))
        assert app in named, f"the page asks for the app shell: {sorted(named)}"
        served = {}
        for path in sorted(named):  # every front-end file the page's HTML names
            with urllib.request.urlopen(f"{url}/_solara/cdn/{path}", timeout=30) as resp:
                served[path] = (resp.status, len(resp.read()))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    said = proc.stdout.read().decode()
    shipped = zipfile.ZipFile(installed["wheel"]).getinfo(f"sim/shipped-data/frontend/{app}")
    assert served[app] == (200, shipped.file_size), f"the app shell is served whole: {said}"
    assert {s for s, _ in served.values()} == {200}, served
    assert "warning" not in said.lower() and "Could not load URL" not in said, said


def test_a_users_scenario_builds_on_a_shipped_one_and_on_the_fit_by_name(installed):
    """Outside the checkout nobody knows where the package keeps its files: names reach them."""
    cwd = installed["cwd"]
    (cwd / "lower.toml").write_text(
        '[meta]\nname = "lower"\nbase = "status_quo"\n[caseworkers]\ncaseload = 60\n'
    )
    (cwd / "on_fit.toml").write_text('[meta]\nname = "on_fit"\nbase = "fitted"\n')
    for name in ("lower.toml", "on_fit.toml"):
        r = cli(installed, "validate", name)
        assert r.returncode == 0, r.stderr
