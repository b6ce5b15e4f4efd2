"""Compare: two to four strategies on the same citizens with the same luck, in plain words.

The runs go to a process pool that lives as long as the server (started on first use), so a
second comparison does not pay for starting Python workers again. The comparison itself is the
command line's (sim.experiments.compare): the same paired differences and intervals that
`fremdrift compare` prints.
"""

from __future__ import annotations

import math
import threading
import time

import numpy as np
import solara

from sim.experiments.compare import Comparison, run_comparison
from sim.experiments.executors import LocalPool
from sim.experiments.scenario import Scenario
from sim.ui import charts, state
from sim.ui import pool as shared_pool
from sim.ui.downloads import Chart, TableDownloads
from sim.ui.i18n import STRATEGIES, t, term

DEFAULT_PICK = ("staircase", "parallel", "status_quo")
ROOT_SEED = 20261122


class Cancelled(Exception):
    """Raised from the progress callback when the planner presses Cancel."""


def pool() -> LocalPool:
    return shared_pool.shared()  # survives its workers: see sim.ui.pool


def scenarios_for(base: Scenario, names: list[str]) -> list[Scenario]:
    """The Explore scenario once per strategy: only the strategy differs between them."""
    return [
        Scenario(name, base.description, base.params.with_values(**{"strategy.name": name}))
        for name in names
    ]


def compare(base: Scenario, names: list[str], replicates: int, on_progress=None) -> Comparison:
    return run_comparison(
        scenarios_for(base, names),
        replicates,
        pool(),
        root_seed=ROOT_SEED,
        chunk_size=2,
        on_progress=on_progress,
    )


def sentences(result: Comparison, lang: str) -> list[str]:
    """The paired differences against the first strategy, as sentences a planner can quote."""
    d = result.differences
    first = result.scenarios[0]
    weeks = int(result.weekly["week"].max())
    horizon = next((h for h, w in (("4y", 208), ("2y", 104), ("1y", 52)) if w <= weeks), None)
    out = []
    for other in result.scenarios[1:]:
        rows = d[d["scenario"] == other].set_index("outcome")
        items = []
        if horizon:
            items.append((f"share_job_{horizon}", "what_jobs"))
        items.append(("share_derailment", "what_derailed"))
        for outcome, what in items:
            r = rows.loc[outcome]
            if not math.isfinite(r["diff"]):
                continue
            years = int(horizon[0]) if outcome.startswith("share_job") else weeks / 52
            when = t("one_year", lang) if years == 1 else t("after_years", lang, n=f"{years:g}")
            out.append(
                t(
                    "diff_sentence",
                    lang,
                    other=term(other, lang),
                    first=term(first, lang),
                    diff=100 * r["diff"],
                    what=t(what, lang),
                    years=when,
                    low=100 * r["low"],
                    high=100 * r["high"],
                )
            )
        c = rows.loc["cost_per_extra_job"]
        if math.isfinite(c["diff"]):
            # Fewer jobs at a lower cost also gives a positive ratio: then it is a saving.
            key = "cost_sentence" if rows.loc["share_job", "diff"] > 0 else "saving_sentence"
            out.append(
                t(key, lang, other=term(other, lang), cost=c["diff"], low=c["low"], high=c["high"])
            )
        else:
            note = {
                "no clear difference in jobs": t("note_no_clear", lang),
                "more jobs at lower cost": t("note_cheaper_better", lang),
                "fewer jobs at higher cost": t("note_dearer_worse", lang),
            }.get(c["note"], c["note"])
            out.append(t("cost_none", lang, other=term(other, lang), note=note))
    return out


@solara.component
def Compare():
    lang = state.lang.value
    picked = solara.use_reactive(list(DEFAULT_PICK))
    replicates = solara.use_reactive(20)
    result = solara.use_reactive(None)
    progress = solara.use_reactive((0, 0))
    message = solara.use_reactive("")
    cancel = solara.use_memo(threading.Event, [])
    base = state.scenario()

    def work():
        cancel.clear()
        message.set("")
        start = time.perf_counter()

        def report(done, total):
            progress.set((done, total))
            if cancel.is_set():
                raise Cancelled

        try:
            out = compare(base, list(picked.value), replicates.value, report)
        except Cancelled:
            message.set(t("cancelled", lang))
            return
        except Exception as exc:  # never a traceback or a server path in the page
            message.set(shared_pool.failure_message(lang, exc))
            return
        result.set(out)
        message.set(t("compare_seconds", lang, s=time.perf_counter() - start))

    task = solara.lab.use_task(work, dependencies=None)
    ok = 2 <= len(picked.value) <= 4

    solara.Markdown(t("compare_intro", lang))
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.ToggleButtonsMultiple(
            picked,
            classes=["fremdrift-strategies"],
            children=[solara.Button(term(s, lang), value=s) for s in STRATEGIES],
        )
        solara.SliderInt(
            t("replicates", lang), value=replicates, min=2, max=50, thumb_label="always"
        )
    p = base.params
    solara.Text(
        t(
            "compare_size",
            lang,
            citizens=p.population.n_citizens,
            weeks=p.run.weeks,
            replicates=replicates.value,
        )
    )
    if not ok:
        solara.Warning(t("pick_two", lang))
    with solara.Row():
        solara.Button(
            t("run_compare", lang),
            icon_name="mdi-play",
            on_click=task,
            disabled=not ok or task.pending,
            color="primary",
        )
        solara.Button(
            t("cancel", lang), icon_name="mdi-stop", on_click=cancel.set, disabled=not task.pending
        )
    if task.pending:
        done, total = progress.value
        solara.ProgressLinear(100 * done / total if total else True)
        solara.Text(t("runs_done", lang, done=done, total=total or "?"))
    if task.error:
        solara.Error(shared_pool.failure_message(lang, task.exception))
    if message.value:
        solara.Text(message.value, classes=["fremdrift-compare-message"])
    if result.value is not None:
        CompareResult(result.value, lang)


@solara.component
def CompareResult(result: Comparison, lang: str):
    # Everyone starts on benefit, so week 0's count is the cohort's size.
    n = int(result.weekly.loc[result.weekly["week"] == 0, "n_benefit"].iloc[0])
    figs = {
        "in_job": charts.compare_bands(
            result.weekly, result.scenarios, n, "n_job", t("chart_in_job", lang), lang
        ),
        "on_benefit": charts.compare_bands(
            result.weekly, result.scenarios, n, "n_benefit", t("chart_on_benefit", lang), lang
        ),
    }
    with solara.Row(style={"flex-wrap": "wrap"}):
        for name, fig in figs.items():
            Chart(fig, f"compare_{name}.png", lang, width="520px")
    solara.Text(t("band_note", lang))
    solara.Markdown(f"#### {t('differences', lang)}")
    solara.Markdown(
        "\n".join(f"- {s}" for s in sentences(result, lang)), style={"font-size": "15px"}
    )
    if result.n_failed:
        solara.Warning(t("compare_failed", lang, n=result.n_failed))
    table = _table(result, lang)
    solara.DataFrame(table, items_per_page=20)
    TableDownloads(
        result.runs, "compare_runs", t("download_runs_csv", lang), t("download_runs_parquet", lang)
    )


def _table(result: Comparison, lang: str):
    d = result.differences
    keep = [
        "share_job",
        "share_job_4y",
        "share_education_4y",
        "share_flexjob_4y",
        "share_pension_4y",
        "weeks_self_support_per_citizen",
        "share_derailment",
        "cost_per_citizen",
    ]
    d = d[d["outcome"].isin(keep)]
    table = d.pivot(index="outcome", columns="scenario", values="mean").reindex(keep)
    table = table[result.scenarios].dropna(how="all")
    table.columns = [term(c, lang) for c in table.columns]
    table.insert(0, t("compare_table_outcome", lang), [t(f"out_{k}", lang) for k in table.index])
    return table.round(3).reset_index(drop=True).replace({np.nan: None})
