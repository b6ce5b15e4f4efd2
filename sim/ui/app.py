"""The Solara app: five pages under one bar with the language switch.

Started by `fremdrift ui` (which runs `solara run sim.ui.app`). Each page is a route, so a
planner can bookmark /compare and a test can open every page directly.
"""

from __future__ import annotations

import warnings

import solara
import solara.server.settings

from sim.ui import state
from sim.ui.citizens import Citizens
from sim.ui.compare import Compare
from sim.ui.evidence import Evidence
from sim.ui.explore import Explore
from sim.ui.i18n import LANGS, t
from sim.ui.network import Network
from sim.ui.stacks import dump_on_sigusr1

# Solara warns on every page load over plain http to 127.0.0.1 that it cannot set a
# samesite=none cookie; it falls back to samesite=lax, which is right for a local app, so the
# ten-line warning says nothing a planner or an operator can act on.
warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")
# The "This website runs on Solara" banner in the page's corner is English in a Danish page.
solara.server.settings.theme.show_banner = False

dump_on_sigusr1()  # in a `fremdrift ui` server only (sim.ui.stacks)

# (label, path, page); Explore is the front page
PAGES = (
    ("explore", "/", Explore),
    ("compare", "compare", Compare),
    ("citizens", "citizens", Citizens),
    ("network", "network", Network),
    ("evidence", "evidence", Evidence),
)

CSS = """
.fremdrift-bar { align-items: center; gap: 4px; padding: 4px 16px;
                 border-bottom: 1px solid #e0e0e0; }
.fremdrift-title { font-size: 20px; font-weight: 600; margin-right: 16px; }
.fremdrift-tagline { color: #616161; font-size: 13px; margin-right: auto; }
.fremdrift-nav-current { border-bottom: 3px solid #1565c0; border-radius: 0; }
.fremdrift-page { padding: 8px 16px; }
.fremdrift-lever { margin-bottom: 6px; }
.fremdrift-lever-label { font-weight: 600; font-size: 14px; }
.fremdrift-lever-unit { color: #616161; font-size: 13px; }
.fremdrift-lever-help { color: #616161; font-size: 12px; line-height: 1.3; }
.fremdrift-lever-problem { color: #c62828; font-size: 12px; }
.fremdrift-changed { color: #e65100; font-size: 12px; font-weight: 600; }
.fremdrift-levers-title { font-size: 16px; font-weight: 600; }
.fremdrift-lever-field input { text-align: right; }
.fremdrift-lever .v-input { margin-top: 0; padding-top: 0; }
.fremdrift-hint { color: #1565c0; font-size: 14px; }
.fremdrift-model-note { color: #616161; font-size: 13px; }
.fremdrift-brief { border-collapse: collapse; font-size: 13px; max-width: 100%; }
.fremdrift-brief th, .fremdrift-brief td { border: 1px solid #bdbdbd; padding: 4px 6px;
                                           vertical-align: top; }
.fremdrift-brief th { background: #eeeeee; text-align: left; }
.fremdrift-brief td.n { text-align: right; white-space: nowrap; }
.fremdrift-table-note { color: #616161; font-size: 13px; }
.fremdrift-evidence { border-collapse: collapse; font-size: 13px; width: 100%;
                      table-layout: auto; }
.fremdrift-evidence th, .fremdrift-evidence td { border: 1px solid #e0e0e0; padding: 4px 6px;
                                                 vertical-align: top; }
.fremdrift-evidence th { background: #eeeeee; text-align: left; white-space: nowrap; }
.fremdrift-evidence td.id { white-space: nowrap; }
.fremdrift-evidence td.n { white-space: nowrap; text-align: right; }
.fremdrift-evidence td.miss { color: #c62828; font-weight: 600; }
@media print {
  .fremdrift-bar, .fremdrift-levers, button, .v-slider, .v-btn { display: none !important; }
}
"""


@solara.component
def Layout(children=()):
    lang = state.lang.value
    route, routes = solara.use_route()
    solara.Style(CSS)
    solara.Title(t("app_title", lang))
    with solara.Row(classes=["fremdrift-bar"]):
        solara.Text(t("app_title", lang), classes=["fremdrift-title"])
        solara.Text(t("app_tagline", lang), classes=["fremdrift-tagline"])
        for r in routes:
            current = route is not None and r.path == route.path
            with solara.Link(solara.resolve_path(r)):
                solara.Button(
                    t(f"page_{r.label}", lang),
                    text=True,
                    classes=[f"fremdrift-nav-{r.label}"]
                    + (["fremdrift-nav-current"] if current else []),
                )
        solara.ToggleButtonsSingle(
            value=state.lang.value,
            on_value=state.lang.set,
            children=[solara.Button(code.upper(), value=code) for code in LANGS],
            classes=["fremdrift-lang"],
        )
    with solara.Column(classes=["fremdrift-page"]):
        solara.Column(children=list(children))


# The front page's layout is the whole app's (Solara wraps every page in the "/" layout).
routes = [
    solara.Route(
        path=path, component=component, label=label, layout=Layout if path == "/" else None
    )
    for label, path, component in PAGES
]
