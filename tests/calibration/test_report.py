"""The report: every target appears, misses are shown as misses, figures are written."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd

from calibration.fit import load_settings
from calibration.report import build_report
from calibration.targets import load_targets
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
        expected = "yes" if t.within(simulated) else "**MISS**"
        assert shown == expected, f"{t.moment}: simulated {simulated}, band [{t.lo}, {t.hi}]"
    n_hard = sum(t.hard for t in targets)
    n_in = sum(rows[t.moment][9] == "yes" for t in targets if t.hard)
    assert re.search(rf"\*\*{n_in} of {n_hard} hard targets are within their band\*\*", text)
    for item in not_used:
        assert item["figure"] in text, "figures not used are listed with their reason"
    assert "## Hvad modellen kan og ikke kan sige (dansk)" in text
    for name in ("trajectories", "caseworker_ranking", "belief_gradient", "progression_by_bundle"):
        png = tmp_path / "figures" / f"{name}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{name}.png is a PNG"
    data = pd.read_csv(tmp_path / "report_targets.csv")
    assert list(data["target"]) == [t.moment for t in targets], "the table is also written as data"
    for t, within in zip(targets, data["within"], strict=True):
        assert bool(within) == (rows[t.moment][9] == "yes"), f"{t.moment}: data and text agree"
    assert set(data["role"]) <= {"fitted", "emergent", "validation"}
    missed = [t.moment for t in targets if t.hard and rows[t.moment][9] != "yes"]
    if missed:
        assert f"(except {', '.join(missed)};" in text, "the summary names the hard misses"
    else:
        assert "(except" not in text
