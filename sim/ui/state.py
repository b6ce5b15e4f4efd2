"""What the pages share within one browser session: the language, the scenario and its run.

Solara scopes module-level reactive variables to the browser session (the virtual kernel),
so two planners on one server do not see each other's settings.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Session:
    """The scenario on screen, its live run, and a counter bumped whenever the run steps.

    One reactive value, not three: a change of input replaces all of it at once, so the page
    redraws once, whether the change came from a click (which Solara batches) or from a thread
    (the upload, the play loop, which it does not).
    """

    scenario: Scenario
    run: LiveRun | None = None
    tick: int = 0
    error: str = ""  # the last bad input, shown in the page (never a traceback)


lang = solara.reactive(DEFAULT_LANG)
session: solara.Reactive[Session] = solara.reactive(Session(first_scenario()))


def scenario() -> Scenario:
    return session.value.scenario


def error() -> str:
    return session.value.error


def current_run() -> LiveRun:
    """The live run of the scenario on screen, built on first use."""
    s = session.value
    if s.run is None or s.run.params != s.scenario.params:
        run = LiveRun.start(s.scenario.params)
        session.set(dataclasses.replace(s, run=run))
        return run
    return s.run


def stepped() -> None:
    """The live run moved on (stepped in place): redraw what shows it."""
    session.set(dataclasses.replace(session.value, tick=session.value.tick + 1))


def switch_scenario(new: Scenario, keep_week: bool = True) -> None:
    """Switch to `new` and replay its run to the week on screen."""
    old = session.value
    week = old.run.week if keep_week and old.run is not None else 0
    session.set(Session(new, LiveRun.start(new.params, week=week), old.tick + 1))


def reset() -> None:
    """Back to week 0 of the same scenario (a fresh run, same seed)."""
    switch_scenario(scenario(), keep_week=False)


def set_value(key: str, value) -> None:
    """Change one parameter ("group.name"); a value the model refuses is shown, not applied."""
    s = scenario()
    try:
        params = s.params.with_values(**{key: value})
    except ParamError as exc:
        error_text = str(ScenarioError("settings", exc.key, exc.value, exc.allowed))
        session.set(dataclasses.replace(session.value, error=error_text))
        return
    switch_scenario(Scenario(s.name, s.description, params, s.source))


def load_upload(name: str, data: bytes) -> None:
    """An uploaded scenario file: used if valid, else its error is shown and nothing changes."""
    try:
        new = parse_scenario(data, name)
    except ScenarioError as exc:
        session.set(dataclasses.replace(session.value, error=str(exc)))
        return
    switch_scenario(new, keep_week=False)
