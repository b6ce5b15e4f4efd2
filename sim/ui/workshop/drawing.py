"""The workshop's pictures as inline SVG: the join QR code and the spread of the room's guesses.

SVG drawn here rather than a chart library's figure: it is sent as text, redrawn each time a
guess arrives without a round trip through matplotlib, and stays sharp on a projector.
Numbers on it are written for the page's language. Kept free of Solara.
"""

from __future__ import annotations

import html
import math

import segno

from sim.ui import fmt
from sim.ui.workshop.results import Estimate


def qr_svg(url: str, scale: int = 6) -> str:
    """The join address as a QR code a phone's camera reads off a projector."""
    return segno.make(url, error="m").svg_inline(scale=scale, border=2)


def _nice_bins(lo: float, hi: float, values: list[float]) -> tuple[float, float, float]:
    """(start, end, width) of about 12 bins covering the guesses and the allowed range's
    middle, with a round width (1, 2, 5 times a power of ten)."""
    a = min(values) if values else lo
    b = max(values) if values else hi
    if a == b:
        a, b = a - 1, b + 1
    raw = (b - a) / 12
    power = 10 ** math.floor(math.log10(raw))
    width = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    start = math.floor(a / width) * width
    end = math.ceil(b / width) * width
    if end <= b:
        end += width
    return start, end, width


def spread_svg(
    values: list[float],
    lo: float,
    hi: float,
    lang: str,
    answer: Estimate | None = None,
    answer_label: str = "",
    width: int = 640,
    height: int = 220,
) -> str:
    """A histogram of the guesses; the model's answer as a line with its interval as a band."""
    points = [*values] + ([answer.diff] if answer is not None else [])
    start, end, step = _nice_bins(lo, hi, points)
    n = max(1, round((end - start) / step))
    counts = [0] * n
    for v in values:
        k = min(n - 1, max(0, int((v - start) // step)))
        counts[k] += 1
    top = max([*counts, 1])
    left, right, bottom, head = 36, 12, 30, 40
    pw, ph = width - left - right, height - bottom - head

    def x(v: float) -> float:
        return left + (v - start) / (end - start) * pw

    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
        'style="max-width:100%;font-family:sans-serif" class="fremdrift-spread">'
    ]
    if answer is not None and math.isfinite(answer.low) and math.isfinite(answer.high):
        x0, x1 = x(max(start, answer.low)), x(min(end, answer.high))
        parts.append(
            f'<rect x="{x0:.1f}" y="{head}" width="{max(2.0, x1 - x0):.1f}" height="{ph}" '
            'fill="#ffcc80" opacity="0.6"/>'
        )
    for k, c in enumerate(counts):
        if c:
            h = c / top * ph
            parts.append(
                f'<rect x="{x(start + k * step) + 1:.1f}" y="{head + ph - h:.1f}" '
                f'width="{max(1.0, pw / n - 2):.1f}" height="{h:.1f}" fill="#1565c0"/>'
                f'<text x="{x(start + (k + 0.5) * step):.1f}" y="{head + ph - h - 3:.1f}" '
                f'font-size="12" text-anchor="middle">{c}</text>'
            )
    parts.append(
        f'<line x1="{left}" y1="{head + ph}" x2="{left + pw}" y2="{head + ph}" stroke="#616161"/>'
    )
    ticks = max(1, n // 6)
    for k in range(0, n + 1, ticks):
        v = start + k * step
        parts.append(
            f'<text x="{x(v):.1f}" y="{head + ph + 16}" font-size="12" text-anchor="middle">'
            f"{html.escape(fmt.number(v, lang, _digits(step)))}</text>"
        )
    if answer is not None and math.isfinite(answer.diff):
        xa = x(answer.diff)
        parts.append(
            f'<line x1="{xa:.1f}" y1="{head - 18}" x2="{xa:.1f}" y2="{head + ph}" '
            'stroke="#c62828" stroke-width="3"/>'
        )
        anchor = "end" if xa > left + 0.7 * pw else "start"
        dx = -6 if anchor == "end" else 6
        parts.append(
            f'<text x="{xa + dx:.1f}" y="{head - 22}" font-size="14" font-weight="600" '
            f'fill="#c62828" text-anchor="{anchor}">{html.escape(answer_label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _digits(step: float) -> int:
    return 0 if step >= 1 else min(3, -math.floor(math.log10(step)))
