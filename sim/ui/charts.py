"""The UI's figures, as matplotlib Figures built from plain tables.

Pages show them with solara.FigureMatplotlib and offer the same figure as a PNG download, so a
planner takes home exactly what was on the screen. Built with the object API (no pyplot), so
figures are never kept alive by a global registry in a long-running server.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon
from matplotlib.ticker import ScalarFormatter

from sim.core import catalogue
from sim.core.kinds import DEFAULT_KIND_NAMES as INTERVENTIONS
from sim.core.states import PHASES, STATUSES
from sim.ui.i18n import t, term
from sim.ui.live import GRID_CLASSES

COLOURS = {
    name: catalogue.colour(namespace, name)
    for namespace in ("phases", "statuses", "kinds")
    for name in catalogue.NAMESPACES[namespace]
}
STRATEGY_COLOURS = {name: catalogue.colour("strategies", name) for name in catalogue.STRATEGIES}
GRID_CMAP = ListedColormap([COLOURS[c] for c in GRID_CLASSES])


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes, for downloads (called only when a download is asked for)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=120, bbox_inches="tight")
    return buf.getvalue()


def _small(width: float = 5.2, height: float = 3.0) -> tuple[Figure, object]:
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.subplots()


def phase_shares(weekly: pd.DataFrame, n: int, weeks: int, lang: str) -> Figure:
    fig, ax = _small()
    ax.stackplot(
        weekly["week"],
        *[100 * weekly[f"n_{p}"] / n for p in PHASES],
        labels=[term(p, lang) for p in PHASES],
        colors=[COLOURS[p] for p in PHASES],
        alpha=0.9,
    )
    _frame(ax, t("chart_phases", lang), weeks, lang)
    ax.set_ylim(0, 100)
    ax.legend(loc="upper right", fontsize=7, frameon=False)
    return fig


def exits(weekly: pd.DataFrame, n: int, weeks: int, lang: str) -> Figure:
    fig, ax = _small()
    for s in STATUSES[1:]:
        ax.plot(weekly["week"], 100 * weekly[f"n_{s}"] / n, color=COLOURS[s], label=term(s, lang))
    _frame(ax, t("chart_exits", lang), weeks, lang)
    # whole citizens per 100 on the axis, also in the first weeks when nobody has left yet
    top = max(float(100 * weekly[[f"n_{s}" for s in STATUSES[1:]]].to_numpy().max() / n), 1.0)
    ax.set_ylim(0, 1.1 * top)
    _legend_beside(ax)
    return fig


def indicators(weekly: pd.DataFrame, weeks: int, lang: str) -> Figure:
    fig, ax = _small()
    ax.plot(weekly["week"], weekly["mean_indicator"], color="#37474f")
    _frame(ax, t("chart_indicators", lang), weeks, lang, share=False)
    ax.set_ylim(1, 5)
    return fig


class LocalFormatter(ScalarFormatter):
    """Matplotlib's tick labels with the language's decimal mark (0,5 in Danish, 0.5 in
    English). matplotlib's own `useLocale` reads the process-wide locale, which a server
    answering Danish and English pages at once cannot set per figure."""

    def __init__(self, lang: str) -> None:
        super().__init__(useOffset=False)
        self.lang = lang

    def __call__(self, x, pos=None) -> str:
        text = super().__call__(x, pos)
        return text.replace(".", ",") if self.lang == "da" else text


def local_numbers(ax, lang: str) -> None:
    """Both axes' numbers in `lang`'s format (axes with labels of their own keep them)."""
    for axis in (ax.xaxis, ax.yaxis):
        if isinstance(axis.get_major_formatter(), ScalarFormatter):
            axis.set_major_formatter(LocalFormatter(lang))


def _legend_beside(ax, **kwargs) -> None:
    """The legend to the right of the plot, where no line or band can run under it."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False, **kwargs)


def _frame(ax, title: str, weeks: int, lang: str, share: bool = True) -> None:
    local_numbers(ax, lang)
    ax.set_title(title, fontsize=10, loc="left")
    ax.set_xlim(0, weeks)
    ax.set_xlabel(t("weeks", lang), fontsize=8)
    if share:
        ax.set_ylabel(t("share_of_cohort", lang), fontsize=8)
    ax.tick_params(labelsize=7)
    ax.grid(alpha=0.25)


GRID_WIDTH_PX = 560  # the grid image's width on the page; a click maps back through it


def grid_shape(n: int) -> tuple[int, int]:
    """(rows, cols) of the citizen grid: about twice as wide as high."""
    cols = int(np.ceil(np.sqrt(2 * n)))
    return int(np.ceil(n / cols)), cols


def citizen_grid(classes: np.ndarray, selected: int | None = None) -> bytes:
    """A PNG of one square per citizen, coloured by phase (on benefit) or where they went.

    Drawn straight into pixels (not a matplotlib figure): the page maps a click's offset back
    to a citizen, which needs exact cell edges, and this costs a millisecond, not fifty.
    """
    from PIL import Image

    rows, cols = grid_shape(classes.size)
    cell = max(2, GRID_WIDTH_PX // cols)
    codes = np.full(rows * cols, -1, dtype=np.int16)
    codes[: classes.size] = classes
    palette = np.array([_rgb(COLOURS[c]) for c in GRID_CLASSES] + [(255, 255, 255)], np.uint8)
    img = palette[codes.reshape(rows, cols)]
    if selected is not None and 0 <= selected < classes.size:
        img[selected // cols, selected % cols] = (0, 0, 0)
    img = np.repeat(np.repeat(img, cell, axis=0), cell, axis=1)
    if cell >= 4:  # thin white gaps so single citizens stand out
        img[cell - 1 :: cell, :, :] = 255
        img[:, cell - 1 :: cell, :] = 255
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, format="PNG")
    return buf.getvalue()


def grid_cell_at(x: float, y: float, n: int, shown_width: float) -> int | None:
    """The citizen under a click at (x, y) pixels on the grid image shown `shown_width` wide."""
    rows, cols = grid_shape(n)
    cell = shown_width / cols  # the image is shown scaled, cells stay square
    r, c = int(y // cell), int(x // cell)
    i = r * cols + c
    return i if 0 <= r < rows and 0 <= c < cols and i < n else None


def grid_legend(lang: str) -> list[tuple[str, str]]:
    return [(term(c, lang), COLOURS[c]) for c in GRID_CLASSES]


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return tuple(int(h[k : k + 2], 16) for k in (0, 2, 4))


def compare_bands(
    weekly: pd.DataFrame, order: list[str], n: int, column: str, title: str, lang: str
) -> Figure:
    """Mean over replicates per 100 citizens, with the 95% interval of the mean as a band.

    The same band as the command line's figure (sim.experiments.plots): 1.96 standard errors
    of the mean over replicates, one line per strategy.
    """
    fig, ax = _small(6.0, 3.4)
    for name in order:
        w = weekly[weekly["scenario"] == name]
        per100 = 100 * w.pivot(index="week", columns="replicate", values=column) / n
        mean = per100.mean(axis=1)
        k = per100.shape[1]
        half = 1.96 * per100.std(axis=1, ddof=1) / np.sqrt(k) if k > 1 else 0 * mean
        colour = STRATEGY_COLOURS.get(name)
        ax.fill_between(per100.index, mean - half, mean + half, alpha=0.2, color=colour)
        ax.plot(per100.index, mean, color=colour, label=term(name, lang))
    _frame(ax, title, int(weekly["week"].max()), lang, share=False)
    ax.set_ylabel(t("unit_per100", lang), fontsize=8)
    ax.set_ylim(bottom=0)
    _legend_beside(ax)
    return fig


def timeline(events: pd.DataFrame, weeks: int, lang: str) -> Figure:
    """One citizen's course, in labelled rows: phase or status as a coloured band; changes of
    caseworker and placements as marks; one row per kind of intervention, bars while it runs."""
    fig = Figure(figsize=(7.5, 3.0), layout="constrained")
    ax = fig.subplots()
    state = _state_by_week(events, weeks)
    for w0, w1, name in _runs(state):
        ax.axvspan(w0, w1, ymin=0.80, ymax=0.98, color=COLOURS[name], lw=0)
    rows = list(INTERVENTIONS)
    y_events = 0.68
    y_rows = [0.52 - 0.13 * k for k in range(len(rows))]
    starts = events[events["event"] == "intervention_start"]
    ends = events[events["event"] == "intervention_end"]
    for k, kind in enumerate(rows):
        for w in starts.loc[starts["value"] == kind, "week"]:
            later = ends[(ends["value"] == kind) & (ends["week"] > w)]["week"]
            stop = int(later.min()) if len(later) else weeks
            ax.barh(y_rows[k], stop - w, left=w, height=0.08, color=COLOURS[kind])
    for w in events.loc[events["event"] == "caseworker_change", "week"]:
        ax.plot(w, y_events, marker="|", color="black", ms=12, mew=2)
    for w in events.loc[events["event"] == "placement", "week"]:
        ax.plot(w, y_events, marker="v", color=COLOURS["company"], ms=7)
    ax.set_xlim(0, weeks)
    ax.set_ylim(0, 1)
    ax.set_yticks(
        [0.89, y_events, *y_rows],
        [t("row_state", lang), t("row_events", lang), *[term(k, lang) for k in rows]],
    )
    ax.tick_params(axis="y", length=0, labelsize=7)
    ax.set_xlabel(t("weeks", lang), fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    ax.grid(axis="x", alpha=0.25)
    seen = sorted(set(state), key=list(COLOURS).index)
    handles = [Patch(color=COLOURS[s], label=term(s, lang)) for s in seen]
    handles += [
        Line2D(
            [], [], color="black", marker="|", ls="", ms=10, mew=2, label=t("event_change", lang)
        ),
        Line2D(
            [],
            [],
            color=COLOURS["company"],
            marker="v",
            ls="",
            ms=7,
            label=t("event_placement", lang),
        ),
    ]
    ax.legend(
        handles=handles,
        fontsize=6.5,
        ncol=5,
        frameon=False,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.18),
    )
    return fig


def _state_by_week(events: pd.DataFrame, weeks: int) -> list[str]:
    """Phase while on benefit, else the status, for each week 0..weeks."""
    phase, status = "standstill", "benefit"  # week 0's own events set the real start
    state = []
    by_week = dict(tuple(events.groupby("week")))
    for w in range(weeks + 1):
        for _, e in by_week.get(w, pd.DataFrame()).iterrows():
            if e["event"] == "phase":
                phase = e["value"]
            elif e["event"] == "status":
                status = e["value"]
        state.append(phase if status == "benefit" else status)
    return state


def _runs(state: list[str]):
    start = 0
    for w in range(1, len(state) + 1):
        if w == len(state) or state[w] != state[start]:
            yield start, w, state[start]
            start = w


def alluvial(classes_by_quarter: np.ndarray, lang: str) -> Figure:
    """Flows between phases (and off benefit) from one quarter to the next.

    `classes_by_quarter` is (quarters, citizens) of GRID_CLASSES indices. Each quarter is a
    stacked column; bands between neighbouring columns are as thick as the number of citizens
    who went from one class to the other.
    """
    q, n = classes_by_quarter.shape
    k = len(GRID_CLASSES)
    fig = Figure(figsize=(8.0, 3.6), layout="constrained")
    ax = fig.subplots()
    width = 0.18
    counts = 100 * np.stack([np.bincount(c, minlength=k) for c in classes_by_quarter]) / n
    tops = np.cumsum(counts, axis=1) - counts  # bottom edge of each class in each column
    for j in range(q - 1):
        flow = np.zeros((k, k))
        np.add.at(flow, (classes_by_quarter[j], classes_by_quarter[j + 1]), 100.0 / n)
        out_pos = tops[j].copy()
        in_pos = tops[j + 1].copy()
        for a in range(k):
            for b in range(k):
                f = flow[a, b]
                if f <= 0:
                    continue
                x0, x1 = j + width / 2, j + 1 - width / 2
                poly = Polygon(
                    [
                        (x0, out_pos[a]),
                        (x1, in_pos[b]),
                        (x1, in_pos[b] + f),
                        (x0, out_pos[a] + f),
                    ],
                    closed=True,
                    color=COLOURS[GRID_CLASSES[a]],
                    alpha=0.35,
                    lw=0,
                )
                ax.add_patch(poly)
                out_pos[a] += f
                in_pos[b] += f
    for j in range(q):
        for a in range(k):
            if counts[j, a] > 0:
                ax.bar(
                    j,
                    counts[j, a],
                    bottom=tops[j, a],
                    width=width,
                    color=COLOURS[GRID_CLASSES[a]],
                )
    ax.set_xlim(-0.5, q - 0.5)
    ax.set_ylim(0, 100)
    ax.set_xticks(range(q))
    ax.set_xticklabels([str(j) for j in range(q)], fontsize=7)
    ax.set_xlabel(t("quarter", lang), fontsize=8)
    ax.set_ylabel(t("share_of_cohort", lang), fontsize=8)
    ax.tick_params(labelsize=7)
    local_numbers(ax, lang)
    ax.legend(
        handles=[Patch(color=COLOURS[c], label=term(c, lang)) for c in GRID_CLASSES],
        fontsize=7,
        frameon=False,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
    )
    ax.set_title(t("flows", lang), fontsize=10, loc="left")
    return fig
