"""`fremdrift ui`: the planners' browser UI (a Solara server)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from sim.cli.common import positive_int

ASSET_HINT = (
    "the UI's front-end files are not in Solara's cache ({cache}); without them the page stays "
    "blank on a network with no CDN. Run `bash scripts/setup.sh` (or "
    "`.venv/bin/python scripts/solara_assets.py`) first."
)


def add_parser(sub) -> None:
    p = sub.add_parser(
        "ui",
        help="start the browser UI (Explore, Compare, Citizens, Network, Evidence)",
        description="Start the planners' UI at http://HOST:PORT (loopback by default). "
        "Stop it with Ctrl-C.",
    )
    p.add_argument("--port", type=positive_int, default=8765, help="port (default 8765)")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; 0.0.0.0 opens it to the network)",
    )
    p.add_argument(
        "--scenario",
        type=Path,
        help="scenario file Explore starts on (default: scenarios/status_quo.toml)",
    )
    p.set_defaults(func=cmd_ui)


def cmd_ui(args: argparse.Namespace, console) -> int:
    import solara.server.settings

    from sim.experiments.scenario import load_scenario

    cache = Path(solara.server.settings.assets.proxy_cache_dir)
    if not any(cache.glob("@widgetti/solara-vuetify-app@*")):
        console.print(f"fremdrift: warning: {ASSET_HINT.format(cache=cache)}", style="yellow")
    env = dict(os.environ)
    env.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "false")
    if args.scenario is not None:
        load_scenario(args.scenario)  # a bad file stops here, with the usual one-line error
        env["FREMDRIFT_UI_SCENARIO"] = str(args.scenario.resolve())
    console.print(f"Fremdrift UI on http://{args.host}:{args.port} (Ctrl-C stops it)")
    cmd = [
        sys.executable, "-m", "solara", "run", "sim.ui.app", "--production",
        "--host", args.host, "--port", str(args.port), "--no-open",
    ]  # fmt: skip
    try:
        return subprocess.call(cmd, env=env)
    except KeyboardInterrupt:
        return 0
