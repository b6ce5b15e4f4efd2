"""The report: every target appears, misses are shown as misses, figures are written."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd

from calibration.fit import load_settings
from calibration.report import _minimum_sentences, build_report, loss_change_noise
from calibration.targets import Target, load_targets
from sim.core import Params
from sim.experiments.executors import InProcess

TINY = {"population.n_citizens": 300, "run.weeks": 78}


def write_default_fit(path) -> None:
    """A stand-in fitted.toml holding the defaults of the free parameters."""
    p = Params()
    lines = ['[meta]\nname = "defaults"\n', "[fit]\nloss = 0.0\nevaluations = 0\n"]
    groups: dict[str, list[str]] = {}
    for f in load_settings().free:
        for key in f.keys:
            group, name = key.split(".")
            groups.setdefault(group, []).append(f"{name} = {p.get(f'{group}.{name}')!r}")
    for group, rows in groups.items():
        lines.append(f"[{group}]\n" + "\n".join(rows) + "\n")
    path.write_text("\n".join(lines))


ENSEMBLE = """
[[set]]
"caseworkers.p_leave" = 0.002
[[set]]
"caseworkers.p_leave" = 0.004
"""


def test_report_lists_every_target_and_marks_each_miss(tmp_path):
    fitted = tmp_path / "fitted.toml"
    write_default_fit(fitted)
    (tmp_path / "ensemble.toml").write_text(ENSEMBLE, encoding="utf-8")
    # Two free values keep the sensitivity table (two studies per value and seed) quick.
    full = load_settings()
    settings = dataclasses.replace(full, replicates=1, check_replicates=2, free=full.free[:2])
    report = build_report(
        InProcess(), fitted=fitted, out_dir=tmp_path, settings=settings, size=TINY
    )
    text = report.read_text()
    targets, not_used = load_targets()
    held_out = {h.moment for h in settings.hold_out}
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("|")[1:-1]]
        if len(cells) == 11 and cells[0] in {t.moment for t in targets}:
            rows[cells[0]] = cells
    assert set(rows) == {t.moment for t in targets}, "one table row per target"
    for t in targets:
        want = (
            "fitted moment"
            if not t.emergent
            else "validation (held out)"
            if t.moment in held_out
            else "emergent"
        )
        assert rows[t.moment][1] == want, f"{t.moment} is shown as {want}"
    for m in ("P3", "P5_yes", "P16"):  # defined on any cohort (P7 needs more caseworkers)
        assert rows[m][8] != "-", f"{m}: the spread over the ensemble's sets is shown"
    assert held_out and all(rows[m][1] == "validation (held out)" for m in held_out)
    assert "P4_causal" in text and "causal effect" in text, "the forced experiment is shown apart"
    assert "no convergence record" in text, "a fit without convergence diagnostics says so"
    for t in targets:
        cell = rows[t.moment][6]
        simulated = float("nan") if cell == "n/a" else float(cell)  # no estimate is a miss
        shown = rows[t.moment][9]
        expected = ("yes", "yes, on the edge") if t.within(simulated) else ("**MISS**",)
        assert shown in expected, f"{t.moment}: simulated {simulated}, band [{t.lo}, {t.hi}]"
    n_hard = sum(t.hard for t in targets)
    n_in = sum(rows[t.moment][9].startswith("yes") for t in targets if t.hard)
    assert re.search(rf"\*\*{n_in} of {n_hard} hard targets are within their band\*\*", text)
    for item in not_used:
        assert item["figure"] in text, "figures not used are listed with their reason"
    assert "## Hvad modellen kan og ikke kan sige (dansk)" in text
    for name in ("trajectories", "caseworker_ranking", "belief_gradient", "progression_by_bundle"):
        png = tmp_path / "figures" / f"{name}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{name}.png is a PNG"
    data = pd.read_csv(tmp_path / "report_targets.csv")
    assert list(data["target"]) == [t.moment for t in targets], "the table is also written as data"
    for t, within, edge in zip(targets, data["within"], data["on_edge"], strict=True):
        said = rows[t.moment][9]
        assert bool(within) == said.startswith("yes"), f"{t.moment}: data and text agree"
        assert bool(edge) == (said == "yes, on the edge"), f"{t.moment}: the edge agrees too"
    assert set(data["role"]) <= {"fitted", "emergent", "validation"}
    missed = [t.moment for t in targets if t.hard and not rows[t.moment][9].startswith("yes")]
    if missed:
        assert f"Every hard target is met except {', '.join(missed)}:" in text, (
            "the summary names the hard misses"
        )
        assert f"Alle hårde mål rammes undtagen {', '.join(missed)}:" in text
    else:
        assert "All hard targets are met." in text and "met except" not in text


def _target(value: float) -> Target:
    return Target("P3", "P3", "", value, value - 0.1, value + 0.1, True, "", "", "", "", None)


def test_a_change_every_cohort_shares_is_less_noisy_than_a_mixed_one():
    at = [{"P3": v} for v in (0.40, 0.42, 0.38, 0.41, 0.39)]
    same_shift = [{"P3": r["P3"] + 0.02} for r in at]
    mixed = [{"P3": r["P3"] + d} for r, d in zip(at, (0.0, 0.05, -0.03, 0.04, 0.0), strict=True)]
    targets = [_target(0.45)]
    assert loss_change_noise(targets, at, at) == 0.0
    # common random numbers: a shift every cohort shares leaves only the loss's curvature
    assert loss_change_noise(targets, at, same_shift) < loss_change_noise(targets, at, mixed) / 3


def _profile(drop: float, noise: float) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "parameter": "p_leave",
                "loss_down": 3.0 - drop,
                "loss_at_fit": 3.0,
                "loss_up": 3.5,
                "noise_down": noise,
                "noise_up": 0.2,
            },
            {
                "parameter": "p_refer",
                "loss_down": 3.2,
                "loss_at_fit": 3.0,
                "loss_up": 3.1,
                "noise_down": 0.2,
                "noise_up": 0.2,
            },
        ]
    )


def test_the_profile_says_whether_a_lower_side_is_beyond_the_noise():
    within = " ".join(_minimum_sentences(_profile(drop=0.3, noise=0.5)))
    assert "**Not a minimum** along: p_leave -10%." in within
    assert "as far as these cohorts can tell the fit is at a minimum" in within
    beyond = " ".join(_minimum_sentences(_profile(drop=1.5, noise=0.5)))
    assert "not at a minimum there: p_leave -10% (by 1.50, noise 0.50)" in beyond
    strict = " ".join(_minimum_sentences(_profile(drop=-0.1, noise=0.5)))
    assert "Every step away raises it" in strict


def test_a_target_met_on_its_bands_edge_is_flagged_and_an_open_side_is_no_edge():
    from calibration.report import on_edge

    def row(x, lo=0.04, hi=0.10, published=0.07, one_sided=False, se=float("nan")):
        return {"simulated": x, "band_lo": lo, "band_hi": hi, "published": published,
                "one_sided": one_sided, "se": se}  # fmt: skip

    assert on_edge(row(0.0401)) and on_edge(row(0.0985)), "within 5% of a width of 0.06"
    assert not on_edge(row(0.045)) and not on_edge(row(0.039)), "inside, or a miss"
    # "at most 0" from -1: only 0 bounds it, and the width is the published value's gap to it
    assert not on_edge(row(-0.047, -1.0, 0.0, -0.05, True))
    assert on_edge(row(-0.001, -1.0, 0.0, -0.05, True))
    assert not on_edge(row(0.999, 0.95, 1.0, 0.99, True)), "1 is a direction's open side"
    # a noisy mean is on the edge further in: within two standard errors of it
    assert on_edge(row(0.046, se=0.004)) and not on_edge(row(0.046, se=0.001))
