"""What the workshop server holds once for everyone: its settings, the sessions, the run queue.

`fremdrift workshop` checks its flags and the workshop file, then starts `solara run` with the
settings in environment variables (the server is a child process); this module reads them once.
Everything here is shared by every browser on the server, unlike the pages' reactive values,
which Solara keeps per browser session. The facilitator's key is a secret printed by the
command: only a browser that opens the facilitator's address with it can open a session.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
from functools import cache

from sim.experiments.worker import DEFAULT_RUNNER, check_runner
from sim.ui import pool
from sim.ui.workshop.rounds import Workshop, load_workshop
from sim.ui.workshop.runs import RunQueue
from sim.ui.workshop.session import DEFAULT_MAX_PARTICIPANTS, Registry

log = logging.getLogger("fremdrift.workshop")

ENV_FILE = "FREMDRIFT_WORKSHOP_FILE"
ENV_SIZES = "FREMDRIFT_WORKSHOP_SIZES"  # JSON: citizens, weeks, replicates (each optional)
ENV_MAX = "FREMDRIFT_WORKSHOP_MAX_PARTICIPANTS"
ENV_RUNS = "FREMDRIFT_WORKSHOP_RUNS"
ENV_KEY = "FREMDRIFT_WORKSHOP_KEY"
ENV_URLS = "FREMDRIFT_WORKSHOP_URLS"  # JSON list: the addresses the server answers on
ENV_LANG = "FREMDRIFT_WORKSHOP_LANG"


@cache
def workshop() -> Workshop:
    w = load_workshop(os.environ.get(ENV_FILE) or None)
    sizes = json.loads(os.environ.get(ENV_SIZES) or "{}")
    return w.sized(**sizes) if sizes else w


@cache
def registry() -> Registry:
    return Registry(RunQueue(pool.shared, workers=pool.shared().workers))


def max_participants() -> int:
    return int(os.environ.get(ENV_MAX) or DEFAULT_MAX_PARTICIPANTS)


def runs_per_participant() -> int | None:
    value = os.environ.get(ENV_RUNS)
    return int(value) if value else None


@cache
def facilitator_key() -> str:
    key = os.environ.get(ENV_KEY)
    if not key:  # started without `fremdrift workshop` (solara run): make one and say it
        key = secrets.token_urlsafe(12)
        log.warning("workshop facilitator key: %s", key)
    return key


def key_ok(given: str | None) -> bool:
    return bool(given) and secrets.compare_digest(given, facilitator_key())


def join_address() -> str:
    """The address participants type: the first one off this machine, else the loopback one."""
    urls = json.loads(os.environ.get(ENV_URLS) or "[]")
    off = [u for u in urls if "127.0.0.1" not in u and "[::1]" not in u and "localhost" not in u]
    return (off or urls or ["http://127.0.0.1:8765"])[0]


def default_lang() -> str:
    return os.environ.get(ENV_LANG) or "da"


def warm_pool() -> None:
    """Start the worker processes (and their imports) now, while the room joins, so the first
    round's runs do not wait for them."""

    def warm() -> None:
        p = pool.shared()
        for _ in p.imap_unordered(check_runner, [(DEFAULT_RUNNER,)] * (2 * p.workers)):
            pass

    threading.Thread(target=warm, name="workshop-warm-pool", daemon=True).start()
