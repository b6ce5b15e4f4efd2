"""What the facilitator's and the participants' pages share: the bar, the language, live updates.

The language is a reactive value, so Solara keeps one per browser session: a participant who
reads English does not switch the projector to English. Live updates come from the session
itself: each page waits in a thread of its own on the session's version and redraws when it
moves, so a guess sent from a phone reaches the projector within a round trip, with no polling
of the server by the browser. The thread ends with the page.
"""

from __future__ import annotations

import math
import threading
import time

import solara
from solara.server import kernel_context

from sim.ui import fmt
from sim.ui.i18n import LANGS, t
from sim.ui.workshop import server
from sim.ui.workshop.results import Estimate
from sim.ui.workshop.session import WorkshopSession

WAIT_SECONDS = 1.0  # how often a waiting page checks that it is still wanted
# Forty phones pressing Send within a second would redraw every page forty times; changes that
# come this close together are drawn once.
GATHER_SECONDS = 0.25

lang = solara.reactive(server.default_lang())

CSS = """
.ws-bar { align-items: center; gap: 8px; padding: 4px 12px; border-bottom: 1px solid #e0e0e0;
          flex-wrap: wrap; }
.ws-title { font-size: 18px; font-weight: 600; margin-right: auto; }
.ws-page { padding: 8px 12px; max-width: 100%; box-sizing: border-box; }
.ws-phone { max-width: 560px; margin: 0 auto; }
.ws-code { font-size: 64px; font-weight: 700; letter-spacing: 6px; font-family: monospace;
           line-height: 1.1; }
.ws-address { font-size: 20px; word-break: break-all; }
.ws-big { display: block; font-size: 22px; font-weight: 600; line-height: 1.3; }
.ws-question { display: block; margin: 4px 0 8px; font-size: 18px; line-height: 1.35; }
.ws-note { display: block; color: #616161; font-size: 13px; }
.ws-error { color: #c62828; font-weight: 600; }
.ws-ok { color: #2e7d32; font-weight: 600; }
.ws-chip { display: inline-block; background: #e3f2fd; border-radius: 12px; padding: 2px 10px;
           margin: 2px; font-size: 14px; }
.ws-rounds { gap: 4px; flex-wrap: wrap; }
.ws-round-current { border-bottom: 3px solid #1565c0; border-radius: 0; }
.ws-league { border-collapse: collapse; font-size: 14px; width: 100%; }
.ws-league th, .ws-league td { border: 1px solid #bdbdbd; padding: 3px 6px; vertical-align: top; }
.ws-league th { background: #eeeeee; text-align: left; }
.ws-league td.n { text-align: right; white-space: nowrap; }
.ws-answer { font-size: 40px; font-weight: 700; color: #c62828; }
.ws-line { display: block; margin: 2px 0; }
.ws-card { border: 1px solid #e0e0e0; border-radius: 6px; padding: 10px; margin: 6px 0; }
.ws-phone .v-input { font-size: 16px; }
.ws-phone .v-btn { min-height: 40px; }
"""


@solara.component
def Bar(subtitle: str = ""):
    solara.Style(CSS)
    solara.Title(t("ws_title", lang.value))
    with solara.Row(classes=["ws-bar"]):
        solara.Text(
            f"{t('ws_title', lang.value)}{' · ' + subtitle if subtitle else ''}",
            classes=["ws-title"],
        )
        solara.ToggleButtonsSingle(
            value=lang.value,
            on_value=lang.set,
            children=[solara.Button(code.upper(), value=code) for code in LANGS],
            classes=["ws-lang"],
        )


def use_version(session: WorkshopSession | None) -> int:
    """The session's version, redrawing the calling component whenever it moves.

    Pass the version on to every child that reads the session: a child whose arguments are
    unchanged is not drawn again, and the session object itself stays the same object.
    """

    context = kernel_context.get_current_context() if kernel_context.has_current_context() else None

    def watch(cancel: threading.Event):
        seen = -1
        while session is not None and not cancel.is_set():
            if context is not None and context.closed_event.is_set():
                return  # the browser session is gone (closed, or culled after a disconnect)
            version = session.wait(seen, WAIT_SECONDS)
            if version != seen:
                time.sleep(GATHER_SECONDS)
                version = session.version
                seen = version
                yield version

    result = solara.use_thread(watch, dependencies=[session], intrusive_cancel=False)
    return result.value or 0


def estimate_text(e: Estimate, unit: str, lng: str, digits: int = 1) -> str:
    """'+2,3 (−0,4 til +5,0)' or its English, in the unit's own way of writing money."""
    if unit == "kroner":
        f = lambda v, s=True: fmt.kroner(v, lng, signed=s)  # noqa: E731
    else:
        f = lambda v, s=True: fmt.number(v, lng, digits, signed=s)  # noqa: E731
    if not math.isfinite(e.diff):
        return fmt.DASH
    if not (math.isfinite(e.low) and math.isfinite(e.high)):
        return f(e.diff)
    return t("ws_interval", lng, diff=f(e.diff), low=f(e.low), high=f(e.high))


def query_value(search: str | None, name: str) -> str:
    """One value of the page address's query string ('' when it is not there)."""
    from urllib.parse import parse_qs

    values = parse_qs(search or "").get(name) or [""]
    return values[0][:200]
