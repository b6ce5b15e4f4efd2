"""The comparison report a planner can hand on: one PDF, and the same as a self-contained HTML.

Title, date, Fremdrift's version, the scenario and every changed lever, seed and replicates,
the charts, the differences table in plain Danish or English, the cost sentences, the model's
main assumptions and limits, and the calibration status from the Evidence data. The Compare
page's report button and `fremdrift compare --report` both write it. Kept free of Solara.

The PDF is drawn with fpdf2 in DejaVu Sans (shipped with matplotlib), which has the Danish
letters and the minus and dash signs the numbers use.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace

from sim.experiments.compare import Comparison
from sim.ui import charts
from sim.ui.brief import (
    Setup,
    calibration_status,
    cost_sentences,
    ensemble_sentences,
    fremdrift_version,
    sentences,
    setup_lines,
    table,
)
from sim.ui.i18n import t

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def chart_pngs(result: Comparison, lang: str) -> list[tuple[str, bytes]]:
    """(title, PNG) of the report's charts: in a job and on benefit, per 100 citizens."""
    n = int(result.weekly.loc[result.weekly["week"] == 0, "n_benefit"].iloc[0])
    out = []
    for column, key in (("n_job", "chart_in_job"), ("n_benefit", "chart_on_benefit")):
        fig = charts.compare_bands(result.weekly, result.scenarios, n, column, t(key, lang), lang)
        out.append((t(key, lang), charts.png(fig)))
    return out


def _made(setup: Setup, lang: str) -> str:
    day = setup.made.isoformat()
    return t("report_made", lang, date=day, version=fremdrift_version())


def report_html(result: Comparison, setup: Setup, lang: str) -> str:
    """The report as one HTML file: images inline, no external files, printable."""
    e = html.escape
    tab = table(result, lang)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{e(t('report_title', lang))}</title>",
        "<style>body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1000px;margin:2em auto;"
        "color:#212121;line-height:1.4}table{border-collapse:collapse;width:100%;font-size:13px}"
        "th,td{border:1px solid #bdbdbd;padding:4px 6px;vertical-align:top}"
        "th{background:#eeeeee;text-align:left}td.n{text-align:right;white-space:nowrap}"
        "img{max-width:48%;margin-right:1%}.note{color:#616161;font-size:13px}"
        "@media print{img{max-width:48%}}</style></head><body>",
        f"<h1>{e(t('report_title', lang))}</h1>",
        f'<p class="note">{e(_made(setup, lang))} {e(t("not_forecast", lang))}</p>',
        f"<h2>{e(t('report_setup', lang))}</h2><table>",
    ]
    parts += [
        f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in setup_lines(setup, result, lang)
    ]
    parts.append("</table>")
    parts.append(f"<h2>{e(t('report_charts', lang))}</h2><p>")
    for title, png in chart_pngs(result, lang):
        data = base64.b64encode(png).decode("ascii")
        parts.append(f'<img alt="{e(title)}" src="data:image/png;base64,{data}">')
    parts.append(f'</p><p class="note">{e(t("band_note", lang))}</p>')
    parts.append(f"<h2>{e(t('report_table', lang))}</h2>")
    parts.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in tab.header) + "</tr>")
    for row in tab.rows:
        cells = [f"<td>{e(row[0])}</td>", f"<td>{e(row[1])}</td>"]
        cells += [f'<td class="n">{e(c)}</td>' for c in row[2:]]
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append(f'</table><p class="note">{e(t("report_table_note", lang))}</p>')
    parts.append("<ul>" + "".join(f"<li>{e(s)}</li>" for s in sentences(result, lang)) + "</ul>")
    uncertain = ensemble_sentences(result, lang)
    if uncertain:
        parts.append(f"<h2>{e(t('ensemble_heading', lang))}</h2><ul>")
        parts += [f"<li>{e(s)}</li>" for s in uncertain]
        parts.append("</ul>")
    parts.append(f"<h2>{e(t('report_costs', lang))}</h2><ul>")
    parts += [f"<li>{e(s)}</li>" for s in cost_sentences(result, lang)]
    parts.append("</ul>")
    if result.n_failed:
        parts.append(f"<p><b>{e(t('report_failed_runs', lang, n=result.n_failed))}</b></p>")
    parts.append(f"<h2>{e(t('report_assumptions', lang))}</h2>")
    parts.append(f"<p>{e(t('report_assumptions_text', lang))}</p>")
    parts.append(f"<h2>{e(t('report_calibration', lang))}</h2>")
    parts.append(f"<p>{e(calibration_status(lang))}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


class _Pdf(FPDF):
    lang = "da"

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.set_text_color(97, 97, 97)
        self.cell(0, 6, f"Fremdrift · {t('report_page', self.lang, n=self.page_no())}", align="C")


def report_pdf(result: Comparison, setup: Setup, lang: str) -> bytes:
    """The report as a PDF (A4 landscape, so the differences table fits one page wide)."""
    pdf = _Pdf(orientation="L", format="A4")
    pdf.lang = lang
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_title(t("report_title", lang))
    pdf.set_creator(f"Fremdrift {fremdrift_version()}")
    pdf.add_page()
    width = pdf.epw

    def heading(text: str, size: int = 13) -> None:
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", size)
        pdf.multi_cell(width, 7, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9.5)

    def para(text: str, grey: bool = False) -> None:
        if grey:
            pdf.set_text_color(97, 97, 97)
        pdf.multi_cell(width, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)

    heading(t("report_title", lang), 16)
    para(f"{_made(setup, lang)} {t('not_forecast', lang)}", grey=True)

    heading(t("report_setup", lang))
    with pdf.table(col_widths=(1, 4), text_align="LEFT", first_row_as_headings=False) as tbl:
        for k, v in setup_lines(setup, result, lang):
            row = tbl.row()
            row.cell(k, style=FontFace(emphasis="BOLD"))
            row.cell(v)

    heading(t("report_charts", lang))
    y = pdf.get_y()
    pngs = chart_pngs(result, lang)
    img_w = (width - 6) / 2
    if y + img_w * 3.4 / 6.0 > pdf.h - 20:
        pdf.add_page()
        y = pdf.get_y()
    for k, (_, png) in enumerate(pngs):
        pdf.image(png, x=pdf.l_margin + k * (img_w + 6), y=y, w=img_w)
    pdf.set_y(y + img_w * 3.4 / 6.0 + 2)
    para(t("band_note", lang), grey=True)

    tab = table(result, lang)
    pdf.add_page()
    heading(t("report_table", lang))
    n_other = len(result.scenarios) - 1
    widths = (3.2, 1.6, 1.2, *([1.2, 2.4] * n_other))
    align = ("LEFT", "LEFT", *(["RIGHT"] * (1 + 2 * n_other)))
    with pdf.table(
        col_widths=widths,
        text_align=align,
        headings_style=FontFace(emphasis="BOLD", fill_color=(238, 238, 238)),
        line_height=5,
    ) as tbl:
        tbl.row(tab.header)
        for r in tab.rows:
            tbl.row(r)
    para(t("report_table_note", lang), grey=True)
    pdf.ln(1)
    for s in sentences(result, lang):
        para(f"• {s}")

    uncertain = ensemble_sentences(result, lang)
    if uncertain:
        heading(t("ensemble_heading", lang))
        for s in uncertain:
            para(f"• {s}")

    heading(t("report_costs", lang))
    for s in cost_sentences(result, lang):
        para(f"• {s}")
    if result.n_failed:
        para(t("report_failed_runs", lang, n=result.n_failed))

    heading(t("report_assumptions", lang))
    para(t("report_assumptions_text", lang))
    heading(t("report_calibration", lang))
    para(calibration_status(lang))
    return bytes(pdf.output())


def write_report(result: Comparison, setup: Setup, lang: str, folder: Path) -> list[Path]:
    """report.pdf and report.html in `folder`; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / "report.pdf"
    pdf.write_bytes(report_pdf(result, setup, lang))
    page = folder / "report.html"
    page.write_text(report_html(result, setup, lang), encoding="utf-8")
    return [pdf, page]
