"""Network: the caseworker-employer contacts (the model's networkx graph), drawn.

Caseworkers sit on the left, employers on the right, grouped by sector. Grey lines are
contacts; blue lines are placements running this week (a citizen of that caseworker placed
with that employer); one caseworker's contacts can be highlighted. A second figure follows
the number of contacts over the run: when a caseworker leaves, the contacts leave too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import solara
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from sim.core.params import Params
from sim.core.states import SECTORS
from sim.ui import fmt, state
from sim.ui.charts import local_numbers
from sim.ui.downloads import Chart
from sim.ui.i18n import t, term
from sim.ui.live import LiveRun
from sim.ui.notes import ModelNote


@dataclass
class NetworkHistory:
    """The network at a week: a live run (its agents and contact graph are what the page
    draws) and, from the run's own weekly table, contacts over time and what turnover took."""

    run: LiveRun

    @classmethod
    def start(cls, params: Params) -> NetworkHistory:
        return cls(LiveRun.start(params))

    def run_to(self, week: int) -> None:
        self.run.run_to(week)

    @property
    def contacts(self) -> list[int]:
        return self.run.weekly()["n_contacts"].tolist()

    @property
    def lost(self) -> int:
        return int(self.run.weekly()["new_contacts_lost"].sum())

    @property
    def left(self) -> int:
        return int(self.run.result().caseworkers["left_week"].notna().sum())

    @property
    def start_caseworkers(self) -> int:
        return int((self.run.result().caseworkers["hired_week"] == 0).sum())


def history_at(params: Params, week: int) -> NetworkHistory:
    """The network at `week`, stepped on from this browser session's own history (a run is
    stepped in place, so sharing one between sessions would move another planner's week)."""
    cache = state.session_store("network")
    h = cache.get(params)
    if h is None or h.run.week > week:
        cache.clear()
        h = cache[params] = NetworkHistory.start(params)
    h.run_to(week)
    return h


def draw(run: LiveRun, highlight: int | None, lang: str) -> Figure:
    m = run.model
    g = m.network.graph
    cws = sorted(n[1] for n in g.nodes if n[0] == "caseworker")
    emps = np.argsort(m.employers.sector, kind="stable")
    y_cw = {c: k / max(1, len(cws) - 1) for k, c in enumerate(cws)}
    y_emp = {int(e): k / max(1, len(emps) - 1) for k, e in enumerate(emps)}
    fig = Figure(figsize=(7.0, 6.0), layout="constrained")
    ax = fig.subplots()
    lines = [[(0, y_cw[a[1]]), (1, y_emp[b[1]])] for a, b in _cw_emp_edges(g)]
    ax.add_collection(LineCollection(lines, colors="#9e9e9e", linewidths=0.4, alpha=0.5))
    # placements running: citizen's caseworker -> employer
    placed = np.flatnonzero(m.citizens.placement_employer >= 0)
    holders = m.citizens.caseworker[placed]
    pairs = {
        (int(c), int(e))
        for c, e in zip(holders, m.citizens.placement_employer[placed], strict=True)
        if c >= 0 and int(c) in y_cw
    }
    ax.add_collection(
        LineCollection(
            [[(0, y_cw[c]), (1, y_emp[e])] for c, e in pairs], colors="#1565c0", linewidths=1.4
        )
    )
    if highlight is not None and highlight in y_cw:
        mine = [[(0, y_cw[highlight]), (1, y_emp[e])] for e in m.network.contacts(highlight)]
        ax.add_collection(LineCollection(mine, colors="#ef6c00", linewidths=2.0))
        ax.plot(0, y_cw[highlight], "o", color="#ef6c00", ms=9)
    ax.scatter(np.zeros(len(cws)), list(y_cw.values()), s=14, color="#37474f", zorder=3)
    sector_colours = ["#2e7d32", "#6a1b9a", "#00838f", "#8d6e63", "#f9a825", "#c62828"]
    ax.scatter(
        np.ones(len(emps)),
        [y_emp[int(e)] for e in emps],
        s=10 + 30 * m.employers.openness[emps],
        c=[sector_colours[m.employers.sector[e] % len(sector_colours)] for e in emps],
        zorder=3,
    )
    for s, name in enumerate(SECTORS):
        ys = [y_emp[int(e)] for e in emps if m.employers.sector[e] == s]
        if ys:
            ax.text(1.04, float(np.mean(ys)), term(name, lang), fontsize=7, va="center")
    ax.text(0, 1.04, t("net_caseworkers", lang), ha="center", fontsize=8)
    ax.text(1, 1.04, t("net_employers", lang), ha="center", fontsize=8)
    ax.set_xlim(-0.1, 1.35)
    ax.set_ylim(-0.03, 1.08)
    ax.axis("off")
    return fig


def _cw_emp_edges(g):
    for a, b in g.edges:
        yield (a, b) if a[0] == "caseworker" else (b, a)


def contacts_over_time(h: NetworkHistory, weeks: int, lang: str) -> Figure:
    fig = Figure(figsize=(5.2, 2.6), layout="constrained")
    ax = fig.subplots()
    ax.plot(range(len(h.contacts)), h.contacts, color="#37474f")
    ax.set_xlim(0, weeks)
    ax.set_ylim(bottom=0)
    ax.set_title(t("contacts_over_time", lang), fontsize=10, loc="left")
    ax.set_xlabel(t("weeks", lang), fontsize=8)
    ax.tick_params(labelsize=7)
    local_numbers(ax, lang)
    ax.grid(alpha=0.25)
    return fig


@solara.component
def Network():
    lang = state.lang.value
    params = state.scenario().params
    week = solara.use_reactive(min(52, params.run.weeks))  # a year in: turnover has begun
    highlight = solara.use_reactive(None)
    h = history_at(params, week.value)
    run = h.run
    cws = sorted(run.model.caseworker_agents)
    if highlight.value is not None and highlight.value not in cws:
        highlight.set(None)
    solara.Markdown(t("network_intro", lang))
    ModelNote(lang)
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.SliderInt(
            t("net_week", lang), value=week, min=0, max=run.weeks, thumb_label="always"
        )
        solara.Select(
            t("pick_caseworker", lang),
            value=None if highlight.value is None else str(highlight.value),
            values=[str(c) for c in cws],
            on_value=lambda v: highlight.set(None if v is None else int(v)),
        )
    g = run.model.network.graph
    placements = int((run.model.citizens.placement_employer >= 0).sum())
    solara.Text(
        f"{fmt.number(len(cws), lang)} {t('net_caseworkers', lang)}, "
        f"{fmt.number(run.model.employers.n, lang)} {t('net_employers', lang)}, "
        f"{fmt.number(g.number_of_edges(), lang)} {t('net_contacts', lang)}, "
        f"{fmt.number(placements, lang)} {t('net_placements', lang)}.",
        classes=["fremdrift-network-counts"],
    )
    solara.Text(
        t(
            "net_turnover",
            lang,
            week=run.week,
            left=fmt.number(h.left, lang),
            start=fmt.number(h.start_caseworkers, lang),
            lost=fmt.number(h.lost, lang),
        )
    )
    with solara.Row(style={"flex-wrap": "wrap"}):
        Chart(draw(run, highlight.value, lang), f"network_week{run.week}.png", lang, "620px")
        solara.FigureMatplotlib(contacts_over_time(h, run.weeks, lang), format="png", dpi=90)
