"""The figures: a click on the citizen grid finds the citizen drawn there; numbers and legends
read as the language and the lines need."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from sim.ui import charts
from sim.ui.live import LiveRun
from tests.conftest import small


@pytest.mark.parametrize("n", [10, 300, 2000, 4000])
def test_a_click_in_the_middle_of_a_cell_finds_that_citizen(n):
    rows, cols = charts.grid_shape(n)
    assert rows * cols >= n > (rows - 1) * cols
    width = charts.GRID_WIDTH_PX
    cell = width / cols
    for i in np.random.default_rng(n).choice(n, size=min(n, 50), replace=False):
        r, c = divmod(int(i), cols)
        assert charts.grid_cell_at((c + 0.5) * cell, (r + 0.5) * cell, n, width) == i


def test_a_click_past_the_last_citizen_finds_nobody():
    n = 11  # 5 columns x 3 rows: the last four cells are empty
    rows, cols = charts.grid_shape(n)
    cell = charts.GRID_WIDTH_PX / cols
    assert (
        charts.grid_cell_at((cols - 0.5) * cell, (rows - 0.5) * cell, n, charts.GRID_WIDTH_PX)
        is None
    )
    assert charts.grid_cell_at(-1, 5, n, charts.GRID_WIDTH_PX) is None


def test_the_grid_image_colours_each_citizen_by_class():
    classes = np.array([0, 1, 2, 3, 4, 5, 6, 7], dtype=np.int8)
    img = np.asarray(Image.open(io.BytesIO(charts.citizen_grid(classes))).convert("RGB"))
    _, cols = charts.grid_shape(classes.size)
    cell = img.shape[1] // cols
    for i, k in enumerate(classes):
        r, c = divmod(i, cols)
        pixel = tuple(img[r * cell + cell // 3, c * cell + cell // 3])
        assert pixel == charts._rgb(charts.COLOURS[charts.GRID_CLASSES[k]]), i


def test_every_chart_renders_in_both_languages():
    live = LiveRun.start(small(200, 26), week=26)
    weekly = live.weekly()
    for lang in ("da", "en"):
        for fig in (
            charts.phase_shares(weekly, 200, 26, lang),
            charts.exits(weekly, 200, 26, lang),
            charts.indicators(weekly, 26, lang),
            charts.timeline(live.events().query("citizen_id == 3"), 26, lang),
        ):
            assert charts.png(fig)[:4] == b"\x89PNG"


def test_axis_numbers_use_the_languages_decimal_mark_and_legends_sit_beside_the_plot():
    live = LiveRun.start(small(200, 26), week=26)
    weekly = live.weekly()
    shown = {}
    for lang in ("da", "en"):
        fig = charts.indicators(weekly, 26, lang)  # readiness, 1 to 5 in steps of 0.5
        charts.png(fig)  # draws the ticks
        shown[lang] = [label.get_text() for label in fig.axes[0].get_yticklabels()]
    assert "1,5" in shown["da"] and "1.5" in shown["en"]
    assert not any("." in text for text in shown["da"])
    fig = charts.exits(weekly, 200, 26, "da")
    charts.png(fig)
    ax = fig.axes[0]
    legend = ax.get_legend().get_window_extent()
    assert legend.x0 >= ax.get_window_extent().x1, "the legend is right of the plot, not on it"
