"""Explore: one scenario, stepped week by week, with live charts and the citizens themselves."""

from __future__ import annotations

import base64
import time

import solara

from sim.ui import charts, fmt, state
from sim.ui.downloads import Chart, TableDownloads
from sim.ui.i18n import barrier, scenario_description, scenario_name, t, term
from sim.ui.inputs import EXPLORE_INPUTS, ParamInput
from sim.ui.notes import ModelNote
from sim.ui.upload import Upload

WEEKS_PER_FRAME = 2  # play speed: weeks stepped between two redraws
FRAME_SECONDS = 0.05


@solara.component
def ScenarioPanel(lang: str):
    """Choose a shipped scenario or upload one, change its values, download it."""
    s = state.scenario()
    names = list(state.SHIPPED)
    labels = {scenario_name(n, lang): n for n in names}
    shown = scenario_name(s.name, lang) if s.name in names else s.name
    if shown not in labels:  # a scenario of one's own (started with or uploaded) is listed too
        labels = {shown: None, **labels}

    def choose(label: str) -> None:
        if labels.get(label) is not None:
            state.load(state.shipped(labels[label]))

    solara.Select(
        label=t("scenario", lang),
        value=shown,
        values=list(labels),
        on_value=choose,
        classes=["fremdrift-scenario-select"],
    )
    Upload(
        t("upload_scenario", lang),
        on_file=state.load_upload,
        max_bytes=state.MAX_UPLOAD_BYTES,
        hint=t("upload_hint", lang),
    )
    message = state.error(lang)
    if message:
        solara.Error(
            f"{t('scenario_error', lang)}: {message}",
            classes=["fremdrift-error"],
            style={"white-space": "normal", "overflow-wrap": "anywhere"},
        )
    changed = state.changed_keys()
    with solara.Row(style={"align-items": "center"}, gap="8px"):
        solara.Text(t("levers", lang), classes=["fremdrift-levers-title"])
        if changed:
            how_many = "changed_one" if len(changed) == 1 else "changed_count"
            solara.Text(t(how_many, lang, n=len(changed)), classes=["fremdrift-changed"])
            solara.Button(
                t("reset_all", lang),
                icon_name="mdi-restore",
                text=True,
                small=True,
                on_click=state.reset_levers,
                classes=["fremdrift-reset-all"],
            )
    for spec in EXPLORE_INPUTS:
        ParamInput(spec, lang)
    solara.FileDownload(
        lambda: state.scenario().to_toml().encode("utf-8"),
        filename=f"{s.name}.toml",
        label=t("download_scenario", lang),
        mime_type="application/toml",
    )


@solara.component
def Controls(lang: str):
    run = state.current_run()
    _ = state.session.value  # the week label follows every step
    playing = solara.use_reactive(False)

    def play():
        # A thread: restarted whenever `playing` flips, and stops on the next frame when the
        # planner pauses (the flag) or another input replaced the run (not current any more).
        while playing.value and not state.current_run().finished and task.is_current():
            state.current_run().step(WEEKS_PER_FRAME)
            state.stepped()
            time.sleep(FRAME_SECONDS)
        if task.is_current():
            playing.set(False)

    task = solara.lab.use_task(play, dependencies=[playing.value])

    def step():
        state.current_run().step(1)
        state.stepped()

    def reset():
        playing.set(False)
        state.reset()

    with solara.Row(style={"align-items": "center"}):
        if playing.value:
            solara.Button(
                t("pause", lang), icon_name="mdi-pause", on_click=lambda: playing.set(False)
            )
        else:
            solara.Button(
                t("play", lang),
                icon_name="mdi-play",
                on_click=lambda: playing.set(True),
                disabled=run.finished,
            )
        solara.Button(
            t("step", lang), icon_name="mdi-step-forward", on_click=step, disabled=run.finished
        )
        solara.Button(t("reset", lang), icon_name="mdi-restore", on_click=reset)
        solara.Text(t("week_of", lang, week=run.week, weeks=run.weeks), classes=["fremdrift-week"])


@solara.component
def LiveCharts(lang: str):
    run = state.current_run()
    _ = state.session.value  # redraw on every step
    weekly = run.weekly()
    n = run.params.population.n_citizens
    figures = {
        "phases": charts.phase_shares(weekly, n, run.weeks, lang),
        "exits": charts.exits(weekly, n, run.weeks, lang),
        "indicators": charts.indicators(weekly, run.weeks, lang),
    }
    with solara.Row(style={"flex-wrap": "wrap"}):
        for name, fig in figures.items():
            Chart(fig, f"{name}.png", lang, width="440px")
    TableDownloads(
        weekly, "weekly", t("download_weekly_csv", lang), t("download_weekly_parquet", lang)
    )


@solara.component
def CitizenGrid(lang: str):
    run = state.current_run()
    _ = state.session.value
    selected = solara.use_reactive(None)
    n = run.params.population.n_citizens
    if selected.value is not None and selected.value >= n:
        selected.set(None)
    data = charts.citizen_grid(run.grid_classes(), selected.value)
    src = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    solara.Markdown(f"#### {t('citizens_now', lang)}")
    solara.Text(t("grid_hint", lang))
    img = solara.v.Html(
        tag="img",
        attributes={"src": src, "width": charts.GRID_WIDTH_PX, "class": "fremdrift-grid"},
        style_=f"width: {charts.GRID_WIDTH_PX}px; cursor: pointer; image-rendering: pixelated;",
    )

    def clicked(widget, event, data):
        i = charts.grid_cell_at(data["offsetX"], data["offsetY"], n, charts.GRID_WIDTH_PX)
        selected.set(i)

    solara.v.use_event(img, "click", clicked)
    with solara.Row(style={"flex-wrap": "wrap", "gap": "8px"}):
        for label, colour in charts.grid_legend(lang):
            solara.HTML(
                tag="span",
                unsafe_innerHTML=f'<span style="display:inline-block;width:10px;height:10px;'
                f'background:{colour}"></span> {label}',
                style={"font-size": "12px"},
            )
    if selected.value is not None:
        CitizenCard(run.citizen(selected.value), lang)


@solara.component
def CitizenCard(c: dict, lang: str):
    def words(items):
        return ", ".join(term(x, lang) for x in items) or t("none", lang)

    rows = [
        (t("status", lang), term(c["status"], lang)),
        (t("phase", lang), term(c["phase"], lang) if c["phase"] else "-"),
        (t("caseworker", lang), "-" if c["caseworker"] is None else f"#{c['caseworker']}"),
        (t("caseworker_changes", lang), str(c["caseworker_changes"])),
        (t("belief", lang), term(c["belief"], lang) if c["belief"] else "-"),
        (t("interventions", lang), words(c["interventions"])),
        (t("waiting_for", lang), words(c["waiting_for"])),
        (
            t("barriers", lang),
            ", ".join(barrier(x, lang) for x in c["barriers"]) or t("none", lang),
        ),
        (t("readiness", lang), fmt.number(c["readiness"], lang, 2)),
        (t("job_wish", lang), term(c["job_wish"], lang)),
    ]
    with solara.Card(t("citizen_no", lang, i=c["id"]), classes=["fremdrift-citizen"]):
        solara.Markdown("\n".join(f"- **{k}**: {v}" for k, v in rows))


@solara.component
def Guide(lang: str):
    """What the planner is looking at and what to do first."""
    s = state.scenario()
    with solara.Column(gap="2px", classes=["fremdrift-guide"]):
        text = scenario_description(s.name, s.description, lang)
        with solara.Div(classes=["fremdrift-description"]):
            name = f"**{scenario_name(s.name, lang)}**"
            solara.Markdown(f"{name}: {text}" if text.strip() else name)
        solara.Text(t("explore_hint", lang), classes=["fremdrift-hint"])
        ModelNote(lang)


@solara.component
def Explore():
    lang = state.lang.value
    with solara.Row(style={"align-items": "flex-start", "flex-wrap": "nowrap"}, gap="16px"):
        with solara.Column(
            classes=["fremdrift-levers"], style={"width": "340px", "flex": "0 0 340px"}
        ):
            ScenarioPanel(lang)
        with solara.Column(style={"flex": "1 1 auto", "min-width": "0"}):
            Guide(lang)
            Controls(lang)
            LiveCharts(lang)
            CitizenGrid(lang)
