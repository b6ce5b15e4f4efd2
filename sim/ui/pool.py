"""The server's Compare worker pool, and what a planner sees when it fails.

One pool of worker processes serves every session for the server's lifetime (starting Python
workers costs seconds). A worker can die from outside (an operator's `kill -9`, the kernel's
out-of-memory killer); the pool (sim.experiments.executors.LocalPool) notices, replaces itself
and reruns what was lost, so one dead worker never breaks Compare for everyone. If a comparison
fails all the same, the page shows a short message in the planner's language and the Run button
works again; the details go to the server log, never to the page (they hold server paths).
"""

from __future__ import annotations

import atexit
import logging
import threading

from sim.experiments.executors import LocalPool

log = logging.getLogger("fremdrift.ui")

MESSAGES = {
    "da": "Sammenligningen kunne ikke gennemføres, fordi en beregningsproces stoppede. "
    "Prøv igen; hvis det sker igen, så kontakt den, der driver serveren.",
    "en": "The comparison could not be completed because a worker process stopped. "
    "Please try again; if it happens again, contact whoever runs the server.",
}

_pool: LocalPool | None = None
_lock = threading.Lock()


def shared() -> LocalPool:
    """The server's pool, started on first use and shut down when the server exits."""
    global _pool
    with _lock:
        if _pool is None:
            _pool = LocalPool()
            # shut the workers down before the interpreter tears its modules down
            atexit.register(_pool.close)
        return _pool


def failure_message(lang: str, exc: BaseException) -> str:
    """Log what went wrong (for the operator) and return what the planner reads."""
    log.error("Compare failed", exc_info=exc)
    return MESSAGES.get(lang, MESSAGES["en"])
