"""What every result page says about itself: a model, not a forecast."""

from __future__ import annotations

import solara

from sim.ui.i18n import t


@solara.component
def ModelNote(lang: str):
    """One line, linked to the Evidence page where the assumptions and their sources are."""
    with solara.Row(gap="6px", classes=["fremdrift-model-note"], style={"align-items": "center"}):
        solara.Text(t("not_forecast", lang))
        with solara.Link("/evidence"):
            solara.Button(t("not_forecast_link", lang), text=True, small=True)
