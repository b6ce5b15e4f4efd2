"""Explore's inputs, generated from the parameters' own metadata.

Labels, units and choices come from sim/core/params.py. The metadata's bounds are what the
model accepts, often far wider than what a planner would try (a caseload cap of 400, a
million citizens), so the sliders use narrower ranges given here; a value outside them can
still be set in a scenario file.
"""

from __future__ import annotations

from dataclasses import dataclass

import solara

from sim.ui import state
from sim.ui.i18n import param_label, param_meta, term, unit


@dataclass(frozen=True)
class Input:
    key: str
    lo: float | None = None
    hi: float | None = None
    step: float | None = None


EXPLORE_INPUTS: tuple[Input, ...] = (
    Input("strategy.name"),
    Input("caseworkers.caseload_cap", 20, 200, 5),
    Input("caseworkers.p_leave", 0.0, 0.02, 0.0005),
    Input("caseworkers.optimism_mean", -2.0, 3.0, 0.1),
    Input("employers.openness_mean", 0.05, 0.95, 0.05),
    Input("interventions.capacity_company", 0.0, 40.0, 1.0),
    Input("interventions.capacity_upskilling", 0.0, 40.0, 1.0),
    Input("interventions.capacity_health", 0.0, 40.0, 1.0),
    Input("interventions.capacity_social", 0.0, 40.0, 1.0),
    Input("population.n_citizens", 200, 10_000, 100),
    Input("run.weeks", 13, 416, 13),
    Input("run.seed"),
)


def current(key: str):
    group, _, name = key.partition(".")
    return state.scenario().params.get(f"{group}.{name}")


@solara.component
def ParamInput(spec: Input, lang: str):
    """One input: a select for a choice, an integer field for the seed, else a slider."""
    meta = param_meta(spec.key)
    label = param_label(spec.key, lang)
    value = current(spec.key)
    shown = f"{label}: {value:g} ({unit(meta['unit'], lang)})" if spec.lo is not None else label
    if meta["choices"]:
        solara.Select(
            label=label,
            value=term(value, lang),
            values=[term(c, lang) for c in meta["choices"]],
            on_value=lambda picked: state.set_value(
                spec.key, next(c for c in meta["choices"] if term(c, lang) == picked)
            ),
        )
    elif spec.lo is None:
        solara.InputInt(label=label, value=value, on_value=lambda v: state.set_value(spec.key, v))
    elif isinstance(value, int):
        solara.SliderInt(
            label=shown,
            value=value,
            min=int(spec.lo),
            max=int(spec.hi),
            step=int(spec.step),
            on_value=lambda v: state.set_value(spec.key, int(v)),
        )
    else:
        solara.SliderFloat(
            label=shown,
            value=value,
            min=spec.lo,
            max=spec.hi,
            step=spec.step,
            on_value=lambda v: state.set_value(spec.key, float(v)),
        )
