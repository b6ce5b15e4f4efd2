"""Fremdrift in Mesa's own SolaraViz: sliders for the main levers and plots of weekly counts.

The planners' UI (`fremdrift ui`) is the product; this is the short example a Mesa user
expects, built only from the model class and Mesa's components:

    solara run sim/ui/mesa_app.py

Reset rebuilds the model from the calibrated parameters plus the sliders' values, because
the fixed `params` entry below is passed back to the model each time.
"""

from __future__ import annotations

from mesa.visualization import SolaraViz, make_plot_component

from sim.core import FremdriftModel
from sim.experiments.scenario import load_base
from sim.shipped import calibration_dir

FITTED = calibration_dir() / "fitted.toml"

MODEL_PARAMS = {
    "params": load_base(FITTED) if FITTED.exists() else None,
    "citizens": {"type": "SliderInt", "value": 1000, "label": "Citizens", "min": 200,
                 "max": 4000, "step": 100},
    "weeks": {"type": "SliderInt", "value": 104, "label": "Weeks", "min": 13, "max": 208,
              "step": 13},
    "strategy": {"type": "Select", "value": "status_quo", "label": "Strategy",
                 "values": ["status_quo", "staircase", "parallel",
                            "parallel_phase_sensitive", "none"]},
    "caseload": {"type": "SliderInt", "value": 82, "label": "Caseload", "min": 40,
                 "max": 120, "step": 1},
    "seed": {"type": "InputText", "value": 1, "label": "Seed"},
}  # fmt: skip


PHASES = make_plot_component(
    {"n_progress": "#2e7d32", "n_standstill": "#f9a825", "n_regress": "#ef6c00",
     "n_derailment": "#c62828"}
)  # fmt: skip
EXITS = make_plot_component(["n_job", "n_education", "n_flexjob", "n_pension"])

# The seed typed into the text field arrives as text; the model converts it.
model = FremdriftModel(
    **{k: v["value"] if isinstance(v, dict) else v for k, v in MODEL_PARAMS.items()}
)
page = SolaraViz(model, components=[PHASES, EXITS], model_params=MODEL_PARAMS, name="Fremdrift")
