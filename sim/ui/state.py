"""What the pages share within one browser session: the language, the scenario and its run.

Solara scopes module-level reactive variables to the browser session (the virtual kernel),
so two planners on one server do not see each other's settings.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass

import solara

from sim.core.params import ParamError
from sim.experiments.scenario import Scenario, ScenarioError, load_scenario, parse_scenario
from sim.shipped import scenarios_dir
from sim.ui.errors import SETTINGS, TOO_BIG, explain
from sim.ui.i18n import DEFAULT_LANG
from sim.ui.live import LiveRun

SCENARIOS = scenarios_dir()
SHIPPED = ("status_quo", "staircase", "parallel", "parallel_phase_sensitive", "none")
# `fremdrift ui --scenario FILE` hands its file to the server process through this variable.
START_ENV = "FREMDRIFT_UI_SCENARIO"
# An uploaded scenario's relative `[meta] base` is read from here, as if the file lay beside the
# shipped scenarios (they name "../calibration/fitted.toml"), never from the server's folder.
UPLOAD_BASE_DIR = SCENARIOS
MAX_UPLOAD_BYTES = 1_000_000


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
    # the last bad input, shown in the page in its language (never a traceback)
    error: ScenarioError | str | None = None
    loaded: Scenario | None = None  # as loaded (file or upload); levers are marked against it


# A new session starts with None here and makes its own dict (a default dict would be one
# object shared by every session).
_stores: solara.Reactive[dict | None] = solara.reactive(None)


def session_store(name: str) -> dict:
    """A dict of this browser session's own (a page's cache of runs), never another planner's.

    Read without subscribing, so filling it never redraws a page.
    """
    stores = _stores.peek()
    if stores is None:
        stores = {}
        _stores.set(stores)
    return stores.setdefault(name, {})


lang = solara.reactive(DEFAULT_LANG)
session: solara.Reactive[Session] = solara.reactive(Session(first_scenario()))


def scenario() -> Scenario:
    return session.value.scenario


def loaded() -> Scenario:
    """The scenario as it was loaded, before any lever moved."""
    return session.value.loaded or session.value.scenario


def error(lang: str = "en") -> str:
    """The last bad input as a message in `lang` ("" when there is none)."""
    e = session.value.error
    if e is None or e == "":
        return ""
    return explain(e, lang) if isinstance(e, ScenarioError) else str(e)


def changed_keys() -> list[str]:
    """The parameters ("group.name") whose value differs from the loaded scenario's."""
    now, then = scenario().params.to_dict(), loaded().params.to_dict()
    return [f"{g}.{k}" for g, values in now.items() for k, v in values.items() if then[g][k] != v]


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


def switch_scenario(new: Scenario, keep_week: bool = True, loaded: bool = False) -> None:
    """Switch to `new` and replay its run to the week on screen.

    `loaded`: `new` was loaded (a file or an upload), so the levers are marked against it; else
    it is the loaded scenario with changed values and the loaded one stays the reference.
    """
    old = session.value
    week = old.run.week if keep_week and old.run is not None else 0
    reference = new if loaded else (old.loaded or old.scenario)
    session.set(Session(new, LiveRun.start(new.params, week=week), old.tick + 1, None, reference))


def load(new: Scenario) -> None:
    """A scenario chosen or uploaded: shown from week 0, exactly as loaded."""
    switch_scenario(new, keep_week=False, loaded=True)


def reset() -> None:
    """Back to week 0 of the same scenario (a fresh run, same seed)."""
    switch_scenario(scenario(), keep_week=False)


def reset_levers() -> None:
    """Every value back to the loaded scenario's, at the week on screen."""
    switch_scenario(loaded())


def set_value(key: str, value) -> None:
    """Change one parameter ("group.name"); a value the model refuses is shown, not applied."""
    s = scenario()
    try:
        params = s.params.with_values(**{key: value})
    except ParamError as exc:
        error = ScenarioError(SETTINGS, exc.key, exc.value, exc.allowed)
        session.set(dataclasses.replace(session.value, error=error))
        return
    if params == s.params:
        return
    switch_scenario(Scenario(s.name, s.description, params, s.source))


def load_upload(name: str, data: bytes) -> None:
    """An uploaded scenario file: used if valid, else its error is shown and nothing changes.

    A relative `[meta] base` resolves against the shipped scenarios' folder, so every shipped
    scenario uploads as it is; a file over MAX_UPLOAD_BYTES is refused before it is parsed.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        error = ScenarioError(name, "(file)", None, TOO_BIG)
        session.set(dataclasses.replace(session.value, error=error))
        return
    try:
        new = parse_scenario(data, name, base_dir=UPLOAD_BASE_DIR)
    except ScenarioError as exc:
        session.set(dataclasses.replace(session.value, error=exc))
        return
    load(new)
