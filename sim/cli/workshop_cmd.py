"""`fremdrift workshop`: the facilitator's screen and the participants' phones on one server.

The workshop file is checked before the server starts, so a typo in a facilitator's own rounds
is one line here, not an error in front of the room. The server is a child process that stops
with this command, as `fremdrift ui`'s does (sim.cli.ui_cmd); its settings travel in
environment variables. The facilitator's address carries a key made here and printed once:
participants get the plain address (or the QR code) and cannot open the facilitator's page.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
from pathlib import Path

from rich.markup import escape

from sim.cli.common import port_number
from sim.cli.ui_cmd import (
    ASSET_HINT,
    NETWORK_WARNING,
    check_port_free,
    is_loopback,
    serve,
    served_addresses,
)

DEFAULT_PORT = 8766  # beside `fremdrift ui`'s 8765, so both can run on one laptop


def _within(lo: int, hi: int, what: str):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{value} is not a whole number from {lo} to {hi}")
        return value

    parse.__name__ = what
    return parse


def add_parser(sub) -> None:
    from sim.ui.workshop.rounds import MAX_PARTICIPANTS, MAX_RUNS_PER_PARTICIPANT

    p = sub.add_parser(
        "workshop",
        help="start a workshop: a facilitator's screen and participants' phones",
        description="Start a workshop server at http://HOST:PORT (loopback by default). "
        "Participants join at the address with a code and a nickname; the facilitator's "
        "address, with its key, is printed at the start. Stop it with Ctrl-C.",
    )
    p.add_argument(
        "--port", type=port_number, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 lets phones "
        "on the same network join, and the command then lists the addresses served)",
    )
    p.add_argument(
        "--rounds",
        type=Path,
        help="workshop file (TOML) of rounds and levers (default: the guide's rounds)",
    )
    p.add_argument(
        "--max-participants",
        type=_within(1, MAX_PARTICIPANTS, "participants"),
        default=40,
        help=f"participants one session takes (default 40, at most {MAX_PARTICIPANTS})",
    )
    p.add_argument(
        "--runs-per-participant",
        type=_within(1, MAX_RUNS_PER_PARTICIPANT, "runs"),
        help="runs a participant may start in one round (default: the workshop file's)",
    )
    p.add_argument("--citizens", type=_within(10, 100_000, "citizens"), help="citizens per run")
    p.add_argument("--weeks", type=_within(1, 2080, "weeks"), help="weeks per run")
    p.add_argument(
        "--replicates", type=_within(2, 200, "replicates"), help="runs per choice (same seeds)"
    )
    p.add_argument("--lang", choices=("da", "en"), default="da", help="first language of pages")
    p.set_defaults(func=cmd_workshop)


def facilitator_address(host: str, port: int, urls: list[str]) -> str:
    """Where the facilitator opens their page: on this machine when the server listens here."""
    bare = host.strip("[]")
    if bare in ("0.0.0.0", "", "127.0.0.1", "localhost") or is_loopback(host):
        return f"http://127.0.0.1:{port}"
    if bare == "::":
        return f"http://[::1]:{port}"
    return urls[0]


def cmd_workshop(args: argparse.Namespace, console) -> int:
    import solara.server.settings

    from sim.ui.workshop.rounds import load_workshop

    workshop = load_workshop(args.rounds)  # a bad file stops here, in one line
    sizes = {
        k: v
        for k, v in (
            ("citizens", args.citizens),
            ("weeks", args.weeks),
            ("replicates", args.replicates),
        )
        if v is not None
    }
    workshop.sized(**sizes)  # the sizes meet the model's limits before the server starts
    cache = Path(solara.server.settings.assets.proxy_cache_dir)
    if not any(cache.glob("@widgetti/solara-vuetify-app@*")):
        console.print(
            f"fremdrift: warning: {escape(ASSET_HINT.format(cache=cache))}", style="yellow"
        )
    check_port_free(args.host, args.port)
    urls = served_addresses(args.host, args.port)
    key = secrets.token_urlsafe(16)
    env = dict(os.environ)
    env.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "false")
    # A phone that drops off keeps its browser session (and its page's threads) only this
    # long; one that comes back later reloads and is found again by its session cookie.
    env.setdefault("SOLARA_KERNEL_CULL_TIMEOUT", "3m")
    env.update(
        {
            "FREMDRIFT_WORKSHOP_FILE": str(args.rounds.resolve()) if args.rounds else "",
            "FREMDRIFT_WORKSHOP_SIZES": json.dumps(sizes),
            "FREMDRIFT_WORKSHOP_MAX_PARTICIPANTS": str(args.max_participants),
            "FREMDRIFT_WORKSHOP_RUNS": str(args.runs_per_participant or ""),
            "FREMDRIFT_WORKSHOP_KEY": key,
            "FREMDRIFT_WORKSHOP_URLS": json.dumps(urls),
            "FREMDRIFT_WORKSHOP_LANG": args.lang,
        }
    )
    console.print(f"Fremdrift workshop on {', '.join(urls)} (Ctrl-C stops it)", markup=False)
    console.print(f"Participants join at: {', '.join(urls)}", markup=False)
    facilitator = facilitator_address(args.host, args.port, urls)
    console.print(
        f"Facilitator (keep this address to yourself): {facilitator}/facilitator?key={key}",
        markup=False,
        soft_wrap=True,
    )
    if not is_loopback(args.host):
        console.print(NETWORK_WARNING, style="yellow", markup=False)
    return serve("sim.ui.workshop.app", args.host, args.port, env)
