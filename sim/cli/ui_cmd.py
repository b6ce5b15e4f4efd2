"""`fremdrift ui`: the planners' browser UI (a Solara server).

The server runs as a child process that must not outlive this command: Ctrl-C reaches both,
SIGTERM is passed on, and on Linux the kernel sends the server SIGTERM if this process dies
without a word (kill -9). The server's own Compare workers watch the server the same way
(sim.experiments.executors), so stopping `fremdrift ui` stops everything it started.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import ipaddress
import logging
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from rich.markup import escape

from sim.cli.common import UsageError, port_number

log = logging.getLogger(__name__)

STOP_SECONDS = 10  # how long the server gets to stop before it is killed
NETWORK_WARNING = (
    "fremdrift: warning: the UI is open to the network: anyone who can reach these addresses "
    "can use it, and it has no login. Use the default --host 127.0.0.1 to keep it on this machine."
)

ASSET_HINT = (
    "the UI's front-end files shipped with Fremdrift were taken for Solara {shipped}, and this is "
    "Solara {installed}; the page may ask a CDN for other files and stay blank on a network "
    "without one. Install the Solara version Fremdrift asks for, or refresh the files with "
    "scripts/solara_assets.py in a checkout."
)


def add_parser(sub) -> None:
    p = sub.add_parser(
        "ui",
        help="start the browser UI (Explore, Compare, Citizens, Network, Evidence)",
        description="Start the planners' UI at http://HOST:PORT (loopback by default). "
        "Stop it with Ctrl-C.",
    )
    p.add_argument("--port", type=port_number, default=8765, help="port, 1-65535 (default 8765)")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 opens it to "
        "the network, and the command then lists the addresses served and warns)",
    )
    p.add_argument(
        "--scenario",
        type=Path,
        help="scenario file Explore starts on (default: scenarios/status_quo.toml)",
    )
    p.set_defaults(func=cmd_ui)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def served_addresses(host: str, port: int) -> list[str]:
    """The URLs a server bound to `host` answers on (every interface for 0.0.0.0 or ::)."""
    bare = host.strip("[]")
    if bare not in ("0.0.0.0", "::", ""):
        return [f"http://{host}:{port}"]
    import psutil

    out = []
    for addrs in psutil.net_if_addrs().values():
        for a in addrs:
            if a.family == socket.AF_INET or (bare == "::" and a.family == socket.AF_INET6):
                ip = a.address.split("%")[0]
                out.append(f"http://{ip}:{port}" if ":" not in ip else f"http://[{ip}]:{port}")
    return sorted(set(out))


def check_port_free(host: str, port: int) -> None:
    """Refuse a port another program holds, in one line (exit 2) instead of a server crash."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise UsageError(f"--host {host}: not an address of this machine") from None
    family, kind, proto, _, addr = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(addr)
        except OSError as exc:
            raise UsageError(
                f"--port {port} on {host}: cannot listen there ({exc.strerror}); "
                "choose another --port or stop the program using it"
            ) from None


def _die_with_parent() -> None:
    """In the server process before exec: ask Linux for SIGTERM when our parent dies."""
    with contextlib.suppress(OSError, AttributeError):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL if the server has not stopped within STOP_SECONDS."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def frontend_env(console) -> dict[str, str]:
    """Put the shipped front-end files where the server will look for them, so the page needs
    no CDN; returns the environment the server needs for that (empty when nothing changes).

    Solara's own asset cache is filled from the package (see sim.shipped.fill_solara_cache for
    why). When that cache cannot be written (a system-wide install), the server is pointed at
    the package's folder instead, where it serves the same files read-only.
    """
    import solara
    import solara.server.settings

    from sim.shipped import fill_solara_cache, frontend_dir, frontend_manifest

    shipped = frontend_manifest()["solara"]
    if shipped != solara.__version__:
        console.print(
            f"fremdrift: warning: "
            f"{escape(ASSET_HINT.format(shipped=shipped, installed=solara.__version__))}",
            style="yellow",
        )
    cache = Path(solara.server.settings.assets.proxy_cache_dir)
    try:
        copied = fill_solara_cache(cache)
    except OSError as exc:
        where = frontend_dir()
        log.info("Solara's cache %s cannot be written (%s); serving from %s", cache, exc, where)
        return {"SOLARA_ASSETS_PROXY_CACHE_DIR": str(where)}
    log.info("front-end files: %d copied into %s", copied, cache)
    return {}


def cmd_ui(args: argparse.Namespace, console) -> int:
    from sim.experiments.scenario import load_scenario

    env = dict(os.environ)
    env.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "false")
    env.update(frontend_env(console))
    if args.scenario is not None:
        load_scenario(args.scenario)  # a bad file stops here, with the usual one-line error
        env["FREMDRIFT_UI_SCENARIO"] = str(args.scenario.resolve())
    check_port_free(args.host, args.port)
    urls = served_addresses(args.host, args.port)
    console.print(f"Fremdrift UI on {', '.join(urls)} (Ctrl-C stops it)", markup=False)
    if not is_loopback(args.host):
        console.print(NETWORK_WARNING, style="yellow", markup=False)
    return serve("sim.ui.app", args.host, args.port, env)


def serve(app: str, host: str, port: int, env: dict[str, str]) -> int:
    """Run Solara's server for `app` as a child that dies with us, until it or we stop."""
    cmd = [
        sys.executable, "-m", "solara", "run", app, "--production",
        "--host", host, "--port", str(port), "--no-open",
    ]  # fmt: skip
    from sim.ui.stacks import STACKS_ENV

    env = {**env, STACKS_ENV: "1"}  # the server prints its threads' stacks on SIGUSR1
    proc = subprocess.Popen(cmd, env=env, preexec_fn=_die_with_parent)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        stop(proc)  # Ctrl-C reached the server too; this waits for it to finish stopping
        return 0
    finally:
        stop(proc)  # SIGTERM (raised as an exception by main) or any other way out
