"""What the pages share within one browser session: language, the scenario, its live run.

Solara scopes module-level reactive variables to the browser session (the virtual kernel),
so two planners on one server do not see each other's settings.
"""

from __future__ import annotations

import os
from pathlib import Path

import solara

from sim.core.params import ParamError
from sim.experiments.scenario import Scenario, ScenarioError, load_scenario, parse_scenario
from sim.ui.i18n import DEFAULT_LANG
from sim.ui.live import LiveRun

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
SHIPPED = ("status_quo", "staircase", "parallel", "none")
# `fremdrift ui --scenario FILE` hands its file to the server process through this variable.
START_ENV = "FREMDRIFT_UI_SCENARIO"


def shipped(name: str) -> Scenario:
    return load_scenario(SCENARIOS / f"{name}.toml")


def first_scenario() -> Scenario:
    path = os.environ.get(START_ENV)
    return load_scenario(path) if path else shipped("status_quo")


lang = solara.reactive(DEFAULT_LANG)
scenario: solara.Reactive[Scenario] = solara.reactive(first_scenario())
# The live run is mutated in place as it steps; `tick` tells the pages to redraw.
live: solara.Reactive[LiveRun | None] = solara.reactive(None)
tick = solara.reactive(0)
error = solara.reactive("")  # the last bad input, shown in the page (never a traceback)


def current_run() -> LiveRun:
    if live.value is None or live.value.params != scenario.value.params:
        live.set(LiveRun.start(scenario.value.params))
    return live.value


def switch_scenario(new: Scenario, keep_week: bool = True) -> None:
    """Switch to `new` and replay its run to the week on screen."""
    week = live.value.week if keep_week and live.value is not None else 0
    scenario.set(new)
    live.set(LiveRun.start(new.params, week=week))
    error.set("")
    tick.set(tick.value + 1)


def set_value(key: str, value) -> None:
    """Change one parameter ("group.name"); a value the model refuses is shown, not applied."""
    s = scenario.value
    try:
        params = s.params.with_values(**{key: value})
    except ParamError as exc:
        error.set(str(ScenarioError("settings", exc.key, exc.value, exc.allowed)))
        return
    switch_scenario(Scenario(s.name, s.description, params, s.source))


def load_upload(name: str, data: bytes) -> None:
    """An uploaded scenario file: used if valid, else its error is shown and nothing changes."""
    try:
        new = parse_scenario(data, name)
    except ScenarioError as exc:
        error.set(str(exc))
        return
    switch_scenario(new, keep_week=False)
