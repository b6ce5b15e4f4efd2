"""Starting `fremdrift ui` and Debian's chromium the same way in the tests and the benchmark.

Never `playwright install`: Playwright drives the chromium that `.ci/run` installs with apt.
The flags keep chromium from reaching for the network, which this machine refuses.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_ui(scenario: Path, log, timeout: float = 90) -> tuple[subprocess.Popen, str]:
    """`fremdrift ui --scenario SCENARIO` on a free loopback port, once it answers HTTP.

    `log` is an open file (or subprocess.DEVNULL) for the server's output. Raises with what
    the server printed if it stops or does not answer within `timeout` seconds."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim.cli", "ui", "--port", str(port), "--scenario", str(scenario)],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return proc, url
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"the UI server did not start (exit {proc.poll()})") from None
            time.sleep(0.5)


def stop_ui(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
