"""Evidence: the published figures beside the model's values, from the calibration report.

Reads the report's data (calibration/report_targets.csv) and its plain-language sections
(calibration/report.md) as files, so the UI shows exactly what the report says and never
imports the calibration code (which depends on the experiments layer, not the other way).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import solara

from sim.ui import state
from sim.ui.i18n import t

CALIBRATION = state.ROOT / "calibration"
TABLE = CALIBRATION / "report_targets.csv"
REPORT = CALIBRATION / "report.md"
PLAIN_HEADINGS = {
    "en": "## What the model can and cannot say (English)",
    "da": "## Hvad modellen kan og ikke kan sige (dansk)",
}


def load_table(path: Path = TABLE) -> pd.DataFrame | None:
    return pd.read_csv(path) if path.exists() else None


def plain_words(lang: str, path: Path = REPORT) -> str:
    """The report's plain-language section in `lang`, without its heading."""
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    head = PLAIN_HEADINGS[lang]
    if head not in text:
        return ""
    body = text.split(head, 1)[1]
    return re.split(r"^## ", body, maxsplit=1, flags=re.M)[0].strip()


def _num(x: float) -> str:
    return f"{x:.3f}" if abs(x) < 10 else f"{x:.0f}"


def _band(r) -> str:
    if r["one_sided"]:
        return f"≥ {_num(r['band_lo'])}" if r["band_hi"] >= 1 else f"≤ {_num(r['band_hi'])}"
    return f"{_num(r['band_lo'])} – {_num(r['band_hi'])}"


def rows_for(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            t("ev_target", lang): table["target"],
            t("ev_measures", lang): table["measures"],
            "": [t("ev_hard", lang) if h else t("ev_soft", lang) for h in table["hard"]],
            t("ev_published", lang): [_num(v) for v in table["published"]],
            t("ev_band", lang): [_band(r) for _, r in table.iterrows()],
            t("ev_model", lang): [
                f"{_num(m)} ({_num(a)} – {_num(b)})"
                for m, a, b in zip(table["simulated"], table["p5"], table["p95"], strict=True)
            ],
            t("ev_within", lang): [
                t("yes", lang) if w else t("miss", lang) for w in table["within"]
            ],
            t("ev_source", lang): table["source"],
        }
    )
    return out


@solara.component
def Evidence():
    lang = state.lang.value
    table = load_table()
    solara.Markdown(t("evidence_intro", lang))
    if table is None:
        solara.Warning(t("ev_missing", lang))
        return
    hard = table[table["hard"]]
    with solara.Div(classes=["fremdrift-evidence-summary"]):
        solara.Markdown(
            "**" + t("ev_summary", lang, met=int(hard["within"].sum()), hard=len(hard)) + "**"
        )
    solara.DataFrame(rows_for(table, lang), items_per_page=30)
    words = plain_words(lang)
    if words:
        solara.Markdown(words)
