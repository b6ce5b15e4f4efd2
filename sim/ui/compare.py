"""Compare: two to four strategies on the same citizens with the same luck, in plain words.

The runs go to a process pool that lives as long as the server (started on first use), so a
second comparison does not pay for starting Python workers again. The comparison itself is the
command line's (sim.experiments.compare): the same paired differences and intervals that
`fremdrift compare` prints.
"""

from __future__ import annotations

import html
import threading
import time

import solara

from sim.experiments.compare import Comparison, run_comparison
from sim.experiments.ensemble import (
    EnsembleError,
    ensemble_kind,
    fitted_params,
    load_ensemble,
    without_own,
)
from sim.experiments.executors import LocalPool
from sim.experiments.scenario import Scenario
from sim.shipped import ensemble_file
from sim.ui import charts, fmt, state
from sim.ui import pool as shared_pool
from sim.ui.brief import Setup, Table, cost_sentences, ensemble_sentences, sentences, table
from sim.ui.downloads import Chart, Download, TableDownloads
from sim.ui.i18n import STRATEGIES, param_label, scenario_name, t, term
from sim.ui.inputs import LEVERS, current, lever_label, lever_unit, shown_text, value_of
from sim.ui.notes import ModelNote
from sim.ui.report import report_html, report_pdf

# Current practice is what any other strategy has to beat, so it is the named reference.
DEFAULT_REFERENCE = "status_quo"
DEFAULT_PICK = ("status_quo", "staircase", "parallel")
# Across the ensemble each set runs at least twice, and at least two sets are drawn.
MIN_ENSEMBLE_REPLICATES = 4


# What the Compare page says about the ensemble's sets, by their kind (ensemble.toml); any
# other kind (history matching's non-implausible sets, ABC-SMC's) met every band as drawn.
ENSEMBLE_NOTES = {"near-best": "ensemble_note_near_best", "screened": "ensemble_note_screened"}


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


def compare(
    base: Scenario,
    names: list[str],
    replicates: int,
    on_progress=None,
    executor=None,
    ensemble: list[dict[str, float]] | None = None,
) -> Comparison:
    """The command line's comparison of `names` on the Explore scenario, with its seed.

    The root seed is the scenario's own `[run] seed`, as `fremdrift compare` uses it, so the
    same scenario and replicates give the same numbers here and there. The first name is
    the reference. With `ensemble` (from `ensemble_for`) each replicate also draws a
    plausible parameter set, as `fremdrift compare --ensemble` does.
    """
    return run_comparison(
        scenarios_for(base, names),
        replicates,
        executor if executor is not None else pool(),
        root_seed=base.params.run.seed,
        chunk_size=2,
        on_progress=on_progress,
        ensemble=ensemble,
    )


def shipped_ensemble() -> tuple[list[dict[str, float]], str]:
    """The calibration's plausible parameter sets and their kind ("non-implausible",
    "screened" or "near-best"), or no sets when none shipped or the file cannot be read: the
    option is then not offered."""
    path = ensemble_file()
    if path is None:
        return [], ""
    try:
        return load_ensemble(path), ensemble_kind(path)
    except (EnsembleError, OSError, ValueError):
        return [], ""


def ensemble_for(base: Scenario, sets: list[dict[str, float]]) -> tuple[list[dict], list[str]]:
    """The sets without the parameters the scenario on screen sets differently from the fit
    (sim.experiments.ensemble.without_own), and those parameters."""
    return without_own(sets, base.params, fitted_params())


def param_text(key: str, lang: str) -> str:
    """A parameter's name as the planner knows it: the lever's label if Explore shows one."""
    return lever_label(key, lang) if key in LEVERS else param_label(key, lang)


def ordered(picked: list[str], reference: str) -> list[str]:
    """The picked strategies with the reference first (differences are against the first)."""
    rest = [s for s in STRATEGIES if s in picked and s != reference]
    return [reference, *rest] if reference in picked else rest


def changed_levers(lang: str) -> list[tuple[str, str, str]]:
    """(label, loaded value, value now) of every parameter changed on Explore, as shown there."""
    out = []
    loaded = state.loaded().params
    for key in state.changed_keys():
        if key in LEVERS:
            lever = LEVERS[key]
            label = lever_label(key, lang)
            was = shown_text(lever, value_of(loaded, key), lang)
            now = shown_text(lever, current(key), lang)
            unit_text = lever_unit(lever, lang)
            label = f"{label} ({unit_text})" if unit_text else label
        else:  # a parameter no lever shows (changed in an uploaded file's values)
            label, was, now = key, str(value_of(loaded, key)), str(current(key))
        out.append((label, was, now))
    return out


def setup_of(base: Scenario, replicates: int, lang: str) -> Setup:
    p = base.params
    return Setup(
        scenario=state.loaded().name,
        description=state.loaded().description,
        seed=p.run.seed,
        replicates=replicates,
        citizens=p.population.n_citizens,
        weeks=p.run.weeks,
        changed=changed_levers(lang),
    )


@solara.component
def Compare():
    lang = state.lang.value
    picked = solara.use_reactive(list(DEFAULT_PICK))
    reference = solara.use_reactive(DEFAULT_REFERENCE)
    base = state.scenario()
    replicates = solara.use_reactive(base.params.run.replicates)
    result = solara.use_reactive(None)
    progress = solara.use_reactive((0, 0))
    # what the last run said, kept as a key and its numbers so it follows the language
    message = solara.use_reactive(None)
    cancel = solara.use_memo(threading.Event, [])
    sets, kind = solara.use_memo(shipped_ensemble, [])
    uncertain = solara.use_reactive(False)
    # the fit is read once per scenario on screen, not on every redraw
    varied, own = solara.use_memo(
        lambda: ensemble_for(base, sets) if sets else ([], []), [base.params, len(sets)]
    )
    # every parameter the ensemble varies is one the planner set: nothing left to vary
    offered = any(varied)
    # fewer than two replicates per set cannot tell the sets apart from chance
    too_few = uncertain.value and offered and replicates.value < MIN_ENSEMBLE_REPLICATES

    def work():
        cancel.clear()
        message.set(None)
        result.set(None)
        start = time.perf_counter()

        def report(done, total):
            progress.set((done, total))
            if cancel.is_set():
                raise Cancelled

        names = ordered(list(picked.value), reference.value)
        try:
            out = compare(
                base,
                names,
                replicates.value,
                report,
                ensemble=varied if uncertain.value and offered else None,
            )
        except Cancelled:
            message.set(("cancelled", {}))
            return
        except Exception as exc:  # never a traceback or a server path in the page
            message.set(("failed", {"exc": exc}))
            return
        setups = {lang: setup_of(base, replicates.value, lang) for lang in ("da", "en")}
        # one change, one redraw: the result and how long it took arrive together
        result.set((out, setups, time.perf_counter() - start))

    task = solara.lab.use_task(work, dependencies=None)
    ok = 2 <= len(picked.value) <= 4

    solara.Markdown(t("compare_intro", lang))
    ModelNote(lang)
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}, gap="16px"):
        solara.ToggleButtonsMultiple(
            picked,
            classes=["fremdrift-strategies"],
            children=[solara.Button(term(s, lang), value=s) for s in STRATEGIES],
        )
        solara.Select(
            t("reference", lang),
            value=term(reference.value, lang),
            values=[term(s, lang) for s in STRATEGIES],
            on_value=lambda v: reference.set(next(s for s in STRATEGIES if term(s, lang) == v)),
            classes=["fremdrift-reference"],
            style={"max-width": "260px"},
        )
        # The value beside the slider, not in a bubble above it: the bubble covered the
        # strategy buttons on a laptop's screen.
        with solara.Row(style={"min-width": "300px", "align-items": "center"}, gap="8px"):
            solara.SliderInt(
                t("replicates", lang), value=replicates, min=2, max=50, thumb_label=False
            )
            solara.Text(fmt.number(replicates.value, lang), classes=["fremdrift-replicates"])
    # The option's note and warning come and go inside one column that is always there, and
    # the rows below carry keys: the page's later parts keep their widgets when the option is
    # ticked, so a click on Run that is on its way is not lost on a replaced button.
    with solara.Column(gap="4px").key("compare-ensemble"):
        if offered:
            with solara.Div(classes=["fremdrift-ensemble-option"]):
                solara.Checkbox(label=t("ensemble_option", lang, n=len(sets)), value=uncertain)
        if offered and uncertain.value:
            note = t(
                ENSEMBLE_NOTES.get(kind, "ensemble_note"),
                lang,
                sets=fmt.number(min(len(sets), replicates.value // 2), lang),
            )
            if own:
                keys = ", ".join(param_text(k, lang) for k in own)
                note += " " + t("ensemble_kept", lang, keys=keys)
            solara.Text(note, classes=["fremdrift-ensemble-note"])
            if too_few:
                solara.Warning(
                    t("ensemble_too_few", lang, n=MIN_ENSEMBLE_REPLICATES),
                    classes=["fremdrift-ensemble-too-few"],
                )
    names = ordered(list(picked.value), reference.value)
    if ok:
        solara.Text(
            t("reference_note", lang, ref=term(names[0], lang)),
            classes=["fremdrift-reference-note"],
        )
    p = base.params
    loaded = state.loaded()
    solara.Text(
        t(
            "compare_settings",
            lang,
            scenario=scenario_name(loaded.name, lang),
            seed=p.run.seed,
            citizens=fmt.number(p.population.n_citizens, lang),
            weeks=fmt.number(p.run.weeks, lang),
        )
    )
    changed = changed_levers(lang)
    solara.Text(
        t("compare_changed", lang, levers="; ".join(f"{a}: {b} → {c}" for a, b, c in changed))
        if changed
        else t("compare_unchanged", lang),
        classes=["fremdrift-compare-changed"],
    )
    solara.Text(
        t(
            "compare_size",
            lang,
            citizens=fmt.number(p.population.n_citizens, lang),
            weeks=fmt.number(p.run.weeks, lang),
            replicates=replicates.value,
        )
    )
    if not ok:
        solara.Warning(t("pick_two", lang))
    elif reference.value not in picked.value:
        solara.Warning(t("reference_not_picked", lang, ref=term(reference.value, lang)))
    with solara.Row().key("compare-run"):
        solara.Button(
            t("run_compare", lang),
            icon_name="mdi-play",
            on_click=task,
            disabled=not ok or task.pending or too_few,
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
        solara.Error(
            shared_pool.failure_message(lang, task.exception),
            classes=["fremdrift-compare-error"],
        )
    if message.value:
        key, values = message.value
        if key == "failed":  # a short sentence in the page's language; details in the log
            solara.Error(
                shared_pool.failure_message(lang, values["exc"]),
                classes=["fremdrift-compare-error"],
            )
        else:
            solara.Text(t(key, lang, **values), classes=["fremdrift-compare-message"])
    if result.value is not None and not task.pending:
        out, setups, seconds = result.value
        solara.Text(
            t("compare_seconds", lang, s=fmt.number(seconds, lang, 1)),
            classes=["fremdrift-compare-message"],
        )
        CompareResult(out, setups[lang], lang)


def result_figures(result: Comparison, lang: str) -> dict:
    """The two charts of a comparison (drawn once per result and language, not per redraw)."""
    # Everyone starts on benefit, so week 0's count is the cohort's size.
    n = int(result.weekly.loc[result.weekly["week"] == 0, "n_benefit"].iloc[0])
    return {
        "in_job": charts.compare_bands(
            result.weekly, result.scenarios, n, "n_job", t("chart_in_job", lang), lang
        ),
        "on_benefit": charts.compare_bands(
            result.weekly, result.scenarios, n, "n_benefit", t("chart_on_benefit", lang), lang
        ),
    }


@solara.component
def CompareResult(result: Comparison, setup: Setup, lang: str):
    figs = solara.use_memo(lambda: result_figures(result, lang), [result, lang])
    with solara.Row(style={"flex-wrap": "wrap"}):
        for name, fig in figs.items():
            Chart(fig, f"compare_{name}.png", lang, width="520px")
    solara.Text(t("band_note", lang))
    solara.Markdown(f"#### {t('differences', lang)}")
    solara.Markdown(
        "\n".join(f"- {s}" for s in sentences(result, lang)), style={"font-size": "15px"}
    )
    if result.ensemble is not None:
        solara.Markdown(f"#### {t('ensemble_heading', lang)}")
        solara.Markdown(
            "\n".join(f"- {s}" for s in ensemble_sentences(result, lang)),
            style={"font-size": "15px"},
        )
    if result.n_failed:
        solara.Warning(t("compare_failed", lang, n=result.n_failed))
    BriefTable(table(result, lang))
    solara.Text(t("report_table_note", lang), classes=["fremdrift-table-note"])
    solara.Markdown(f"#### {t('report_costs', lang)}")
    solara.Markdown("\n".join(f"- {s}" for s in cost_sentences(result, lang)))
    with solara.Row(style={"flex-wrap": "wrap"}):
        Download(
            lambda: report_pdf(result, setup, lang),
            filename=f"{t('report_file', lang)}.pdf",
            label=t("make_report", lang),
            mime_type="application/pdf",
            lang=lang,
        )
        Download(
            lambda: report_html(result, setup, lang).encode("utf-8"),
            filename=f"{t('report_file', lang)}.html",
            label=t("make_report_html", lang),
            mime_type="text/html",
            lang=lang,
        )
    TableDownloads(
        result.runs, "compare_runs", t("download_runs_csv", lang), t("download_runs_parquet", lang)
    )


@solara.component
def BriefTable(tab: Table):
    """The differences table as HTML that wraps (solara.DataFrame would scroll sideways)."""
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in tab.header)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="{"n" if k >= 2 else ""}">{e(c)}</td>' for k, c in enumerate(row))
        + "</tr>"
        for row in tab.rows
    )
    solara.HTML(
        tag="div",
        unsafe_innerHTML=f'<table class="fremdrift-brief"><tr>{head}</tr>{body}</table>',
        classes=["fremdrift-brief-wrap"],
    )
