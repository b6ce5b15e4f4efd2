"""The Solara app: five pages under one bar with the language switch.

Started by `fremdrift ui` (which runs `solara run sim.ui.app`). Each page is a route, so a
planner can bookmark /compare and a test can open every page directly.
"""

from __future__ import annotations

import solara

from sim.ui import state
from sim.ui.citizens import Citizens
from sim.ui.compare import Compare
from sim.ui.evidence import Evidence
from sim.ui.explore import Explore
from sim.ui.i18n import LANGS, t
from sim.ui.network import Network

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
