"""What every page offers to take home: a chart with its PNG, a table as CSV and Parquet.

Files are made only when the button is pressed (FileDownload takes a function), so a redraw
does not pay for a second rendering of each chart.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable

import pandas as pd
import solara
from matplotlib.figure import Figure
from solara.components.file_download import FileDownloadWidget

from sim.ui import charts
from sim.ui.i18n import t

log = logging.getLogger(__name__)


def parquet_bytes(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


@solara.component
def Download(
    make: Callable[[], bytes],
    filename: str,
    label: str,
    mime_type: str = "application/octet-stream",
    classes: list[str] | None = None,
    lang: str = "da",
):
    """A button that makes the file when pressed and hands it to the browser.

    The file is made in the click's own handler, then cleared, so every press downloads anew.
    solara.FileDownload makes it in a background thread, where an error vanishes without a
    word and a redraw of the page meanwhile (a new `make`) cancels the request; here an error
    is logged on the server and said in the page.
    """
    asked, set_asked = solara.use_state(False)
    data, set_data = solara.use_state(None)
    failures, set_failures = solara.use_state(0)

    def on_request(value: bool) -> None:
        if value:
            try:
                set_data(make())
            except Exception:
                # an error in a click handler would otherwise vanish without a word
                log.exception("making %s failed", filename)
                set_failures(failures + 1)  # a fresh widget: the browser's request is cleared
                return
        else:
            set_data(None)
        set_asked(value)

    FileDownloadWidget.element(
        filename=filename,
        bytes=data,
        request_download=asked,
        on_request_download=on_request,
        mime_type=mime_type,
        children=[
            solara.Button(label, icon_name="mdi-cloud-download-outline", classes=classes or [])
        ],
    ).key(f"download-{failures}")
    if failures:
        solara.Error(t("download_failed", lang), dense=True)


@solara.component
def Chart(fig: Figure, filename: str, lang: str, width: str | None = None):
    """The figure on the page, with a button that downloads it as `filename` (PNG)."""
    with solara.Column(style={"width": width} if width else {}):
        solara.FigureMatplotlib(fig, format="png", dpi=90)
        solara.FileDownload(
            lambda: charts.png(fig), filename=filename, label=t("download_chart", lang)
        )


@solara.component
def TableDownloads(df: pd.DataFrame, stem: str, csv_label: str, parquet_label: str):
    """Two buttons: `df` as STEM.csv and as STEM.parquet."""
    with solara.Row():
        solara.FileDownload(
            lambda: df.to_csv(index=False).encode("utf-8"),
            filename=f"{stem}.csv",
            label=csv_label,
            mime_type="text/csv",
        )
        solara.FileDownload(
            lambda: parquet_bytes(df), filename=f"{stem}.parquet", label=parquet_label
        )
