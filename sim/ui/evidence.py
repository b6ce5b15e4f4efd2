"""Evidence: the published figures beside the model's values, from the calibration report.

Reads the report's data (calibration/report_targets.csv) and its plain-language sections
(calibration/report.md) as files, so the UI shows exactly what the report says and never
imports the calibration code (which depends on the experiments layer, not the other way).

Each target's role is shown beside it (DESIGN.md section 9): a fitted moment, which a
parameter sets almost directly and which is therefore no evidence; an emergent figure; or an
emergent figure held out of the fit as validation. Only the emergent ones are counted as
reproduced. A soft target is shown, never fitted, so one that a parameter sets almost directly
says that instead of "fitted moment". A report written before roles existed has no `role`
column; the page then reads each target's kind from targets.toml (shipped beside the report)
and cannot know the held-out ones, so it shows emergent for them.
"""

from __future__ import annotations

import html
import re
import tomllib
from pathlib import Path

import pandas as pd
import solara

from sim.shipped import calibration_dir
from sim.ui import fmt, state
from sim.ui.i18n import MEASURES_DA, source, t

CALIBRATION = calibration_dir()
TABLE = CALIBRATION / "report_targets.csv"
REPORT = CALIBRATION / "report.md"
TARGETS = CALIBRATION / "targets.toml"
ROLES = ("fitted", "emergent", "validation")
PLAIN_HEADINGS = {
    "en": "## What the model can and cannot say (English)",
    "da": "## Hvad modellen kan og ikke kan sige (dansk)",
}


def load_table(path: Path = TABLE, targets: Path = TARGETS) -> pd.DataFrame | None:
    """The report's table, with a `role` for every target (see the module's docstring)."""
    if not path.exists():
        return None
    table = pd.read_csv(path)
    if "role" not in table:
        kinds = {}
        if targets.exists():
            doc = tomllib.loads(targets.read_text(encoding="utf-8"))
            kinds = {e["moment"]: e.get("kind", "emergent") for e in doc.get("target", [])}
        table["role"] = [kinds.get(m, "emergent") for m in table["target"]]
    return table


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
            t("ev_role", lang): [
                t(f"ev_role_{r}" if hard or r != "fitted" else "ev_role_direct_soft", lang)
                for r, hard in zip(_roles(table), table["hard"], strict=True)
            ],
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
                (t("yes_on_edge", lang) if edge else t("yes", lang)) if w else t("miss", lang)
                for w, edge in zip(table["within"], _edges(table), strict=True)
            ],
            t("ev_source", lang): [source(x, lang) for x in table["source"]],
        }
    )
    return out


def _edges(table: pd.DataFrame) -> list[bool]:
    """Whether each target is met only on its band's edge (the report's `on_edge` column;
    reports written before it had none)."""
    if "on_edge" not in table:
        return [False] * len(table)
    return [bool(e) for e in table["on_edge"]]


def _roles(table: pd.DataFrame) -> list[str]:
    roles = table["role"] if "role" in table else ["emergent"] * len(table)
    return [r if r in ROLES else "emergent" for r in roles]


def summary(table: pd.DataFrame, lang: str) -> str:
    """How many hard targets are met, and how many of those met are evidence."""
    hard = table[table["hard"]]
    roles = pd.Series(_roles(hard), index=hard.index)
    evidence = hard[roles != "fitted"]
    held = hard[roles == "validation"]
    fitted = hard[roles == "fitted"]
    head = t("ev_summary", lang, met=int(hard["within"].sum()), hard=len(hard))
    # A report with no figure held out of the fit (an older one) says nothing about them.
    parts = t(
        "ev_summary_roles" if len(held) else "ev_summary_roles_no_holdout",
        lang,
        emergent=int(evidence["within"].sum()),
        n_emergent=len(evidence),
        held=int(held["within"].sum()),
        n_held=len(held),
        fitted=int(fitted["within"].sum()),
        n_fitted=len(fitted),
    )
    return f"**{head}** {parts}"


def table_html(rows: pd.DataFrame, lang: str) -> str:
    """The targets as an HTML table that wraps its long columns to the page's width."""
    e = html.escape
    numeric = {t(k, lang) for k in ("ev_published", "ev_band", "ev_model")}
    short = {t(k, lang) for k in ("ev_target", "ev_kind", "ev_within", "ev_role")}
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
    with solara.Div(classes=["fremdrift-evidence-summary"]):
        solara.Markdown(summary(table, lang))
    solara.Markdown(t("ev_roles_note", lang))
    solara.HTML(
        tag="div",
        unsafe_innerHTML=table_html(rows_for(table, lang), lang),
        classes=["fremdrift-evidence-table"],
        style={"max-width": "100%"},
    )
    words = plain_words(lang)
    if words:
        solara.Markdown(for_planners(words, lang))
