"""Evidence: the published figures beside the model's values, from the calibration report.

Reads the report's data (calibration/report_targets.csv) and its plain-language sections
(calibration/report.md) as files, so the UI shows exactly what the report says and never
imports the calibration code (which depends on the experiments layer, not the other way).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import solara

from sim.shipped import calibration_dir
from sim.ui import fmt, state
from sim.ui.i18n import MEASURES_DA, source, t

CALIBRATION = calibration_dir()
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


def for_planners(words: str, lang: str) -> str:
    """The report's plain words without the sentence that sends the reader to the command line
    (a planner has none), with a sentence saying the same thing in the page's terms instead."""
    paragraphs = []
    for para in words.split("\n\n"):
        kept = [
            s for s in re.split(r"(?<=[.!?])\s+", para.replace("\n", " ")) if "`fremdrift" not in s
        ]
        if kept:
            paragraphs.append(" ".join(kept))
    return "\n\n".join([*paragraphs, t("ev_weak_note", lang)])


def _num(x: float, lang: str) -> str:
    return fmt.number(x, lang, 3) if abs(x) < 10 else fmt.number(x, lang, 0)


def _band(r, lang: str) -> str:
    if r["one_sided"]:
        if r["band_hi"] >= 1:
            return f"≥ {_num(r['band_lo'], lang)}"
        return f"≤ {_num(r['band_hi'], lang)}"
    return f"{_num(r['band_lo'], lang)} – {_num(r['band_hi'], lang)}"


def rows_for(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The report's targets as the page shows them: every column headed, in `lang`."""
    measures = [
        MEASURES_DA.get(target, text) if lang == "da" else text
        for target, text in zip(table["target"], table["measures"], strict=True)
    ]
    out = pd.DataFrame(
        {
            t("ev_target", lang): table["target"],
            t("ev_measures", lang): measures,
            t("ev_kind", lang): [
                t("ev_hard", lang) if h else t("ev_soft", lang) for h in table["hard"]
            ],
            t("ev_published", lang): [_num(v, lang) for v in table["published"]],
            t("ev_band", lang): [_band(r, lang) for _, r in table.iterrows()],
            t("ev_model", lang): [
                f"{_num(m, lang)} ({_num(a, lang)} – {_num(b, lang)})"
                for m, a, b in zip(table["simulated"], table["p5"], table["p95"], strict=True)
            ],
            t("ev_within", lang): [
                t("yes", lang) if w else t("miss", lang) for w in table["within"]
            ],
            t("ev_source", lang): [source(x, lang) for x in table["source"]],
        }
    )
    return out


def table_html(rows: pd.DataFrame, lang: str) -> str:
    """The targets as an HTML table that wraps its long columns to the page's width."""
    e = html.escape
    numeric = {t(k, lang) for k in ("ev_published", "ev_band", "ev_model")}
    short = {t(k, lang) for k in ("ev_target", "ev_kind", "ev_within")}
    miss = t("miss", lang)
    head = "".join(f"<th>{e(c)}</th>" for c in rows.columns)
    body = []
    for _, r in rows.iterrows():
        cells = []
        for c in rows.columns:
            cls = "n" if c in numeric else ("miss" if r[c] == miss else "")
            cls += " id" if c in short else ""
            cells.append(f'<td class="{cls}">{e(str(r[c]))}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="fremdrift-evidence"><tr>{head}</tr>{"".join(body)}</table>'


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
    solara.HTML(
        tag="div",
        unsafe_innerHTML=table_html(rows_for(table, lang), lang),
        classes=["fremdrift-evidence-table"],
        style={"max-width": "100%"},
    )
    words = plain_words(lang)
    if words:
        solara.Markdown(for_planners(words, lang))
