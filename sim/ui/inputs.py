"""Explore's levers: a slider and a number field each, in the planner's units.

A planner thinks in caseworkers leaving per year, citizens per caseworker and places per 100
citizens; the model takes a weekly probability and the like. Each lever converts both ways
exactly (`to_ui`, `from_ui`), and shows the model's value as it is: a value is only written
back when the planner changes it, so loading a scenario never rounds a calibrated number. A
lever whose value differs from the loaded scenario's is marked, with a reset beside it.

The sliders' ranges are what a planner would try, often narrower than what the model accepts;
the number field takes any value the model accepts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import solara

from sim.core.params import Params
from sim.ui import fmt, state
from sim.ui.i18n import param_meta, t, term

WEEKS_PER_YEAR = 52


def _identity(x: float) -> float:
    return x


def weekly_to_yearly_pct(p: float) -> float:
    """Weekly leaving probability -> % of caseworkers leaving within a year."""
    return 100.0 * (1.0 - (1.0 - p) ** WEEKS_PER_YEAR)


def yearly_pct_to_weekly(pct: float) -> float:
    """% leaving within a year -> the weekly probability that gives exactly that."""
    return 1.0 - (1.0 - pct / 100.0) ** (1.0 / WEEKS_PER_YEAR)


def share_to_pct(p: float) -> float:
    return 100.0 * p


def pct_to_share(pct: float) -> float:
    return pct / 100.0


@dataclass(frozen=True)
class Lever:
    key: str  # the model's parameter, "group.name"
    name: str  # catalogue suffix: lever_NAME is the label
    unit: str = ""  # catalogue key of the planner's unit
    help: str = ""  # catalogue key of a one-line explanation
    lo: float | None = None  # slider range, in the planner's unit
    hi: float | None = None
    step: float = 1.0
    digits: int = 0  # decimals shown
    to_ui: Callable[[float], float] = _identity
    from_ui: Callable[[float], float] = _identity

    @property
    def integer(self) -> bool:
        return isinstance(value_of(Params(), self.key), int)

    def shown(self, model_value) -> float:
        """The model's value in the planner's unit, rounded as the field shows it."""
        return round(self.to_ui(model_value), self.digits)

    def model_value(self, ui_value: float):
        """The planner's value as the model's parameter (a whole number where it must be)."""
        value = self.from_ui(ui_value)
        return round(value) if self.integer else float(value)


EXPLORE_INPUTS: tuple[Lever, ...] = (
    Lever("strategy.name", "strategy"),
    Lever("caseworkers.caseload", "caseload", "unit_citizens_per_cw", "help_caseload", 20, 120),
    Lever(
        "caseworkers.p_leave",
        "turnover",
        "unit_pct_year",
        "help_turnover",
        0.0,
        60.0,
        0.5,
        1,
        weekly_to_yearly_pct,
        yearly_pct_to_weekly,
    ),
    Lever(
        "caseworkers.handover_quality",
        "handover",
        "unit_pct_kept",
        "help_handover",
        0.0,
        100.0,
        5.0,
        0,
        share_to_pct,
        pct_to_share,
    ),
    Lever(
        "caseworkers.vacancy_cover",
        "vacancy_cover",
        "unit_pct_covered",
        "help_vacancy_cover",
        0.0,
        100.0,
        5.0,
        0,
        share_to_pct,
        pct_to_share,
    ),
    Lever(
        "caseworkers.optimism_mean", "optimism", "unit_scale", "help_optimism", -3.0, 3.0, 0.1, 1
    ),
    Lever(
        "employers.openness_mean",
        "openness",
        "unit_pct_accept",
        "help_openness",
        5.0,
        95.0,
        1.0,
        0,
        share_to_pct,
        pct_to_share,
    ),
    Lever("interventions.capacity_company", "company", "unit_places", "help_places", 0, 40, 1, 1),
    Lever(
        "interventions.capacity_upskilling", "upskilling", "unit_places", "help_places", 0, 40, 1, 1
    ),
    Lever("interventions.capacity_health", "health", "unit_places", "help_places", 0, 40, 1, 1),
    Lever("interventions.capacity_social", "social", "unit_places", "help_places", 0, 40, 1, 1),
    Lever("population.n_citizens", "citizens", "unit_count", "", 200, 10_000, 100),
    Lever("run.weeks", "weeks", "unit_weeks", "", 13, 416, 13),
    Lever("run.seed", "seed", "", "help_seed"),
)
LEVERS = {lever.key: lever for lever in EXPLORE_INPUTS}


def lever_label(key: str, lang: str) -> str:
    return t(f"lever_{LEVERS[key].name}", lang)


def lever_unit(lever: Lever, lang: str) -> str:
    """The lever's unit as shown beside its label, or "" when it has none or would only say
    the label again ("Weeks (weeks)")."""
    unit_text = t(lever.unit, lang) if lever.unit else ""
    return "" if unit_text.casefold() == lever_label(lever.key, lang).casefold() else unit_text


def value_of(params, key: str):
    """A parameter's value by its "group.field" key (kinds' flat keys included)."""
    return params.get(key)


def current(key: str):
    return value_of(state.scenario().params, key)


def shown_text(lever: Lever, model_value, lang: str) -> str:
    """The model's value as the number field shows it (planner's unit, locale's digits)."""
    if lever.key == "strategy.name":
        return term(model_value, lang)
    if lever.lo is None:
        return str(model_value)
    return fmt.number(lever.to_ui(model_value), lang, lever.digits)


def apply(lever: Lever, ui_value: float) -> None:
    """The planner set `ui_value`: write it to the model, unless it is what is shown already.

    A value equal to what the field shows for the current parameter changes nothing (a slider
    that reports its position when drawn cannot round a calibrated value), and a value equal to
    what it shows for the loaded scenario restores the loaded value exactly.
    """
    now = current(lever.key)
    if round(ui_value, lever.digits) == lever.shown(now):
        return
    loaded = value_of(state.loaded().params, lever.key)
    if round(ui_value, lever.digits) == lever.shown(loaded):
        state.set_value(lever.key, loaded)
        return
    state.set_value(lever.key, lever.model_value(ui_value))


def slider_range(lever: Lever) -> tuple[float, float]:
    """The slider's range, widened to hold the current value (a slider never clamps it)."""
    lo, hi = float(lever.lo), float(lever.hi)
    if lever.key == "caseworkers.caseload":
        hi = float(state.scenario().params.caseworkers.caseload_cap)
    x = lever.to_ui(current(lever.key))
    return min(lo, x), max(hi, x)


@solara.component
def ParamInput(spec: Lever, lang: str):
    """One lever: label and unit, a slider with a number field, a mark when changed."""
    value = current(spec.key)
    loaded = value_of(state.loaded().params, spec.key)
    changed = value != loaded
    problem, set_problem = solara.use_state("")
    label = t(f"lever_{spec.name}", lang)
    unit_text = lever_unit(spec, lang)
    slug = spec.key.replace(".", "-").replace("_", "-")
    with solara.Column(gap="0px", classes=["fremdrift-lever", f"fremdrift-lever-{slug}"]):
        with solara.Row(gap="4px", style={"align-items": "center", "min-height": "28px"}):
            solara.Text(label, classes=["fremdrift-lever-label"])
            if unit_text:
                solara.Text(f"({unit_text})", classes=["fremdrift-lever-unit"])
            if changed:
                solara.Text(t("changed", lang), classes=["fremdrift-changed"])
                solara.Button(
                    icon_name="mdi-restore",
                    icon=True,
                    small=True,
                    on_click=lambda: state.set_value(spec.key, loaded),
                    classes=["fremdrift-lever-reset"],
                    attributes={
                        "title": t("reset_lever", lang, value=shown_text(spec, loaded, lang))
                    },
                )
        meta = param_meta(spec.key)
        if meta["choices"]:
            solara.Select(
                label="",
                value=term(value, lang),
                values=[term(c, lang) for c in meta["choices"]],
                on_value=lambda picked: state.set_value(
                    spec.key, next(c for c in meta["choices"] if term(c, lang) == picked)
                ),
                classes=["fremdrift-lever-select"],
            )
        elif spec.lo is None:
            solara.InputInt(
                label="",
                value=value,
                on_value=lambda v: state.set_value(spec.key, v),
                classes=["fremdrift-lever-field"],
            )
        else:
            LeverSlider(spec, value, lang, set_problem)
        if problem:
            solara.Text(problem, classes=["fremdrift-lever-problem"])
        if spec.help:
            cap = state.scenario().params.caseworkers.caseload_cap
            solara.Text(t(spec.help, lang, cap=cap), classes=["fremdrift-lever-help"])


@solara.component
def ChangeSlider(value: float, lo: float, hi: float, step: float, on_change):
    """A slider that reports a value only when a move is finished: on release, on a click on
    its track, on each arrow key. Dragging does not re-run the cohort at every pixel."""
    slider = solara.v.Slider(
        v_model=value,
        min=lo,
        max=hi,
        step=step,
        hide_details=True,
        dense=True,
        class_="fremdrift-lever-slider",
    )
    solara.v.use_event(slider, "change", on_change)
    return slider


@solara.component
def LeverSlider(spec: Lever, value, lang: str, set_problem):
    """A slider that reports only finished moves (release, click, key press), and a field."""
    lo, hi = slider_range(spec)
    position = spec.shown(value)

    def moved(widget, event, data):
        if data is None:
            return
        set_problem("")
        apply(spec, float(data))

    def typed(text: str) -> None:
        try:
            x = fmt.parse_number(text, lang)
        except ValueError:
            set_problem(t("not_a_number", lang, text=text))
            return
        set_problem("")
        apply(spec, x)

    with solara.Row(gap="8px", style={"align-items": "center", "flex-wrap": "nowrap"}):
        with solara.Div(style={"flex": "1 1 auto", "min-width": "120px"}):
            ChangeSlider(position, lo, hi, spec.step, moved)
        solara.InputText(
            label="",
            value=shown_text(spec, value, lang),
            on_value=typed,
            continuous_update=False,
            classes=["fremdrift-lever-field"],
            style={"max-width": "86px", "min-width": "86px"},
        )
