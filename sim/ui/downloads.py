"""What every page offers to take home: a chart with its PNG, a table as CSV and Parquet.

Files are made only when the button is pressed (FileDownload takes a function), so a redraw
does not pay for a second rendering of each chart.
"""

from __future__ import annotations

import io

import pandas as pd
import solara
from matplotlib.figure import Figure

from sim.ui import charts
from sim.ui.i18n import t


def parquet_bytes(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


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
