"""Citizens: single life courses, shortcuts to typical ones, and the flows between phases.

Uses a complete run (every week of the horizon) of the scenario chosen under Explore, so a
course can be followed to its end whatever week Explore is showing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import solara

from sim.core.params import Params
from sim.ui import charts, state
from sim.ui.downloads import Chart
from sim.ui.i18n import t
from sim.ui.live import LiveRun, grid_class
from sim.ui.notes import ModelNote


def full_run(params: Params) -> tuple[LiveRun, pd.DataFrame, dict[str, int | None]]:
    """The scenario run to its horizon, its event log, and one citizen per typical course.

    Cached per browser session and scenario: a full run at 4,000 citizens takes about a second,
    and the search for typical courses scans the whole event log; neither should repeat when a
    slider moves, and one planner's run is never another's.
    """
    cache = state.session_store("citizens")
    if params not in cache:
        cache.clear()  # one scenario at a time is enough for this page
        run = LiveRun.start(params, week=params.run.weeks)
        events = run.events()
        cache[params] = (run, events, typical(run, events))
    return cache[params]


def typical(run: LiveRun, events: pd.DataFrame) -> dict[str, int | None]:
    """One example citizen for each kind of course the page offers, or None."""
    result = run.result()
    ev = events
    status = ev[ev["event"] == "status"]
    phase = ev[ev["event"] == "phase"]
    change = ev[ev["event"] == "caseworker_change"]

    used: set[int] = set()

    def first(ids) -> int | None:
        """The lowest id not already the example of another course (one citizen, one course)."""
        free = sorted(set(int(i) for i in ids) - used)
        if not free:
            return None
        used.add(free[0])
        return free[0]

    # progress, then a job
    progressed = set(phase.loc[phase["value"] == "progress", "citizen_id"])
    got_job = set(status.loc[status["value"] == "job", "citizen_id"])
    # derailed within half a year after a change of caseworker
    derail = phase[phase["value"] == "derailment"]
    joined = derail.merge(change, on="citizen_id", suffixes=("_d", "_c"))
    gap = joined["week_d"] - joined["week_c"]
    after_change = joined[(gap > 0) & (gap <= 26)]
    # several interventions at once, seen at a quarterly panel wave
    panel = result.panel
    in_several = panel[list(result.kind_names)].sum(axis=1) >= 2
    several = panel.loc[in_several, "citizen_id"].unique()
    never = np.flatnonzero(result.final["n_starts"] == 0)
    pension = status.loc[status["value"] == "pension", "citizen_id"]
    return {
        "typ_progress_job": first(progressed & got_job),
        "typ_change_derail": first(after_change["citizen_id"]),
        "typ_parallel": first(several),
        "typ_never": first(never),
        "typ_pension": first(pension),
    }


def classes_by_quarter(run: LiveRun) -> np.ndarray:
    """(quarters, citizens): phase on benefit, else where they went, at each panel wave."""
    p = run.result().panel_arrays
    return grid_class(p["status"], p["phase"])


@solara.component
def Citizens():
    lang = state.lang.value
    params = state.scenario().params
    run, events, examples = full_run(params)
    n = params.population.n_citizens
    chosen = solara.use_reactive(0)
    if chosen.value >= n:
        chosen.set(0)

    solara.Markdown(t("citizens_intro", lang))
    ModelNote(lang)
    solara.Markdown(f"#### {t('typical', lang)}")
    with solara.Row(style={"flex-wrap": "wrap"}):
        for key, who in examples.items():
            solara.Button(
                t(key, lang),
                on_click=lambda who=who: chosen.set(who),
                disabled=who is None,
                outlined=True,
                classes=[f"fremdrift-{key}"],
            )
    with solara.Row(style={"align-items": "center"}, gap="16px"):
        solara.InputInt(
            t("pick_citizen", lang, last=n - 1),
            value=chosen.value,
            on_value=lambda v: chosen.set(min(max(int(v), 0), n - 1)),
            continuous_update=False,
            classes=["fremdrift-citizen-field"],
            style={"max-width": "200px"},
        )
        with solara.Div(style={"flex": "1 1 auto", "min-width": "200px"}):
            solara.SliderInt("", value=chosen, min=0, max=n - 1)
    mine = events[events["citizen_id"] == chosen.value]
    fig = charts.timeline(mine, run.weeks, lang)
    solara.Markdown(f"#### {t('timeline', lang)}: {t('citizen_no', lang, i=chosen.value)}")
    Chart(fig, f"citizen_{chosen.value}.png", lang)
    Chart(charts.alluvial(classes_by_quarter(run), lang), "phase_flows.png", lang)
