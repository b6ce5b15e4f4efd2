"""A session taken home: a CSV of every guess, choice and result, and the Compare page's report.

The CSV is for an analyst (plain numbers, a dot for decimals, one row per guess or choice, the
model's answers as rows of their own). The report is the Compare page's own (sim.ui.report):
current practice against the best choices of the room, on the same citizens with the same luck,
with the table, the charts, the paired differences and the model's limits, so a workshop's
result reads like any other comparison. A PDF table has room for four columns of strategies,
so the report takes the reference and the three best choices; the CSV has everyone.
Kept free of Solara.
"""

from __future__ import annotations

import io
import math

import pandas as pd

from sim.experiments.compare import Comparison, paired_differences
from sim.ui import fmt
from sim.ui.brief import Setup
from sim.ui.i18n import t, term
from sim.ui.report import report_html, report_pdf
from sim.ui.workshop.session import WorkshopSession

REPORT_CHOICES = 3  # the best choices the report sets beside the reference


def csv_bytes(s: WorkshopSession) -> bytes:
    """Every guess and choice of the session, with results and the model's answers."""
    rows = []
    levers = list(s.workshop.levers)
    for r in s.workshop.rounds:
        if r.kind == "predict":
            for nickname, value in s.guesses_by(r.id):
                rows.append(
                    {"round": r.id, "kind": "prediction", "participant": nickname,
                     "answer": value}
                )  # fmt: skip
            a = s.answer(r.id)
            if a is not None:
                rows.append(
                    {"round": r.id, "kind": "model_answer", "participant": "",
                     "answer": a.diff, "answer_low": a.low, "answer_high": a.high}
                )  # fmt: skip
        elif r.kind == "choose":
            for row in s.league(r.id):
                c = row["choice"]
                out = {
                    "round": r.id,
                    "kind": "choice",
                    "participant": row["nickname"],
                    "strategy": c.strategy,
                    **{f"lever_{k}": v for k, v in c.values},
                    "spend_kr_per_citizen_year": c.spend,
                    "run_status": row["status"],
                }
                for m, e in (row["estimates"] or {}).items():
                    out[f"{m}"] = e.mean
                    out[f"{m}_diff"] = e.diff
                    out[f"{m}_low"] = e.low
                    out[f"{m}_high"] = e.high
                rows.append(out)
    columns = ["round", "kind", "participant", "answer", "answer_low", "answer_high", "strategy"]
    columns += [f"lever_{k}" for k in levers] + ["spend_kr_per_citizen_year", "run_status"]
    for m in ("jobs", "self_support", "net_cost"):
        columns += [m, f"{m}_diff", f"{m}_low", f"{m}_high"]
    frame = pd.DataFrame(rows, columns=columns)
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8")


def choice_text(s: WorkshopSession, choice, lang: str) -> str:
    """'parallel interventions; caseload 55' in `lang`: the strategy and the levers moved."""
    parts = [term(choice.strategy, lang)]
    for name, value in choice.values:
        if value == s.workshop.base_value(name):
            continue
        lever = s.workshop.levers[name]
        parts.append(
            f"{t(lever.kind.label_key, lang)} {fmt.number(value, lang, lever.kind.digits)}"
        )
    return "; ".join(parts)


def comparison(s: WorkshopSession, round_id: str) -> Comparison:
    """Current practice and the best finished choices of a round, as the Compare page's result."""
    ref = s.reference()
    if ref is None:
        raise ValueError("the reference runs have not finished")
    best = [
        row for row in s.league(round_id)
        if row["estimates"] is not None and math.isfinite(row["estimates"]["jobs"].diff)
    ][:REPORT_CHOICES]  # fmt: skip
    ref_name = s.workshop.scenario.params.strategy.name
    names = [ref_name] + [row["nickname"] for row in best]
    runs, weekly = [_renamed(ref.runs, ref_name)], [_renamed(ref.weekly, ref_name)]
    for row in best:
        result = s.run_of(row["choice"]).result
        runs.append(_renamed(result.runs, row["nickname"]))
        weekly.append(_renamed(result.weekly, row["nickname"]))
    runs_df = pd.concat(runs, ignore_index=True)
    weekly_df = pd.concat(weekly, ignore_index=True)
    diffs = paired_differences(runs_df, names, s.workshop.seed)
    return Comparison(names, runs_df, weekly_df, diffs, s.workshop.seed)


def _renamed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    out = frame.copy()
    out["scenario"] = name
    return out


def report_setup(s: WorkshopSession, round_id: str, lang: str) -> Setup:
    w = s.workshop
    p = w.scenario.params
    ref_text = term(p.strategy.name, lang)
    changed = [
        (row["nickname"], ref_text, choice_text(s, row["choice"], lang))
        for row in s.league(round_id)
        if row["estimates"] is not None
    ][:REPORT_CHOICES]
    return Setup(
        scenario=w.scenario.name,
        description=w.scenario.description,
        seed=w.seed,
        replicates=w.replicates,
        citizens=p.population.n_citizens,
        weeks=p.run.weeks,
        changed=changed,
    )


def report(s: WorkshopSession, round_id: str, lang: str, kind: str = "pdf") -> bytes:
    """The Compare page's report (PDF or HTML) of a choose round."""
    result = comparison(s, round_id)
    setup = report_setup(s, round_id, lang)
    if kind == "html":
        return report_html(result, setup, lang).encode("utf-8")
    return report_pdf(result, setup, lang)
