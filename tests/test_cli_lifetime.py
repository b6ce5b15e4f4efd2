"""Every process the command starts stops when the command stops: no orphans.

`kill -9` of a sweep's parent used to leave its pool workers (about 200 MB each) running for
minutes, and `kill` of `fremdrift ui` left the Solara server answering. Each test starts the
real command, lists the processes it started, kills the parent, and lists the survivors.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[1]
NONE = ROOT / "scenarios" / "none.toml"
GONE_WITHIN = 10.0  # seconds; the workers poll their parent every 0.5 s


def start(*args, stdout=subprocess.DEVNULL, **kw):
    return subprocess.Popen(
        [sys.executable, "-m", "sim.cli", *map(str, args)],
        cwd=ROOT,
        stdout=stdout,
        stderr=subprocess.PIPE,
        **kw,
    )


def wait_for_children(proc, n, timeout=60):
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kids = parent.children(recursive=True)
        if len(kids) >= n:
            return kids
        assert proc.poll() is None, proc.stderr.read().decode()
        time.sleep(0.1)
    pytest.fail(f"the command never started {n} processes")


def survivors(procs, within=GONE_WITHIN):
    deadline = time.monotonic() + within
    alive = procs
    while time.monotonic() < deadline:
        alive = [p for p in procs if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        if not alive:
            return []
        time.sleep(0.2)
    return [(p.pid, " ".join(p.cmdline())[:80]) for p in alive]


def kill_all(procs):
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.kill()


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
@pytest.mark.parametrize("command", ["sweep", "compare"])
def test_killing_the_command_stops_its_pool_workers(tmp_path, command, how):
    if command == "sweep":
        sweep = tmp_path / "s.toml"
        sweep.write_text(
            f'[meta]\nname = "s"\nbase = "{NONE}"\n[design]\nkind = "grid"\nreplicates = 50\n'
            '[factors]\n"caseworkers.p_leave" = [0.002, 0.02]\n'
        )
        args = ["sweep", sweep, "--out", tmp_path / "o", "--runner", "tests.helpers:run_slowly"]
    else:
        args = ["compare", NONE, NONE, "--replicates", "50", "--out", tmp_path / "o"]
    proc = start(*args, "--citizens", "100", "--weeks", "10", "--workers", "2",
                 env=dict(os.environ, PYTHONPATH=str(ROOT)))  # fmt: skip
    kids = wait_for_children(proc, 2)
    time.sleep(1.0)  # let the workers pick up chunks
    kids = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(how)
    proc.wait(30)
    try:
        left = survivors(kids)
        assert not left, f"{command}: processes left after {how.name} of the parent: {left}"
    finally:
        kill_all(kids)
    if how == signal.SIGTERM:
        err = proc.stderr.read().decode()
        assert proc.returncode == 143 and "Traceback" not in err, err


def test_a_run_stops_on_sigterm_with_one_line(tmp_path):
    proc = start(
        "run", NONE, "--citizens", "200000", "--weeks", "2000", "--out", tmp_path / "o",
        stdout=subprocess.PIPE,
    )  # fmt: skip
    assert "200,000 citizens" in proc.stdout.readline().decode(), "the run has started"
    time.sleep(1)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 143
    err = proc.stderr.read().decode()
    assert "Traceback" not in err and err.strip().splitlines()[-1] == "fremdrift: stopped", err
    assert not (tmp_path / "o").exists(), "a stopped run leaves no half-written folder"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode()
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    pytest.fail("the UI never answered")


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_killing_fremdrift_ui_stops_its_server(how):
    port = free_port()
    proc = start("ui", "--port", port)
    kids = []
    try:
        wait_for_port(port, proc)
        kids = psutil.Process(proc.pid).children(recursive=True)
        assert kids, "the server runs in a child process"
        proc.send_signal(how)
        proc.wait(30)
        left = survivors(kids, within=15)
        assert not left, f"processes left after {how.name} of `fremdrift ui`: {left}"
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0, "nothing answers on the port"
    finally:
        kill_all(kids)
        if proc.poll() is None:
            proc.kill()
