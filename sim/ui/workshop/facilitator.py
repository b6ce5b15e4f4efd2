"""The facilitator's page, for the projector: the join code, the rounds, the room's answers.

Only a browser that opened the address `fremdrift workshop` printed, with its key, sees it. It
opens one session, shows the code, a QR code and the address to join, starts and closes the
rounds, and shows what comes in live: the spread of the guesses, who has chosen, and at the
reveal the model's answer beside the guesses and the league table of everyone's runs, each with
its paired difference against current practice and the 95% interval. The export buttons give
the session as CSV and as the Compare page's report.
"""

from __future__ import annotations

import html
import statistics

import solara

from sim.ui import fmt
from sim.ui.downloads import Download
from sim.ui.i18n import t, term
from sim.ui.workshop import export, server
from sim.ui.workshop.drawing import qr_svg, spread_svg
from sim.ui.workshop.pages import Bar, estimate_text, lang, query_value, use_version
from sim.ui.workshop.participant import _answer
from sim.ui.workshop.rounds import Round
from sim.ui.workshop.session import WorkshopError, WorkshopSession

STATUS_KEYS = {"queued": "ws_status_queued", "done": "ws_status_done", "failed": "ws_status_failed"}


@solara.component
def Facilitator():
    lng = lang.value
    router = solara.use_router()
    owner = solara.get_session_id()
    _, redraw = solara.use_state(0)
    reg = server.registry()
    session = reg.owned(owner)
    v = use_version(session)
    Bar(t("ws_facilitator", lng))
    with solara.Column(classes=["ws-page"]):
        if not server.key_ok(query_value(router.search, "key")):
            solara.Warning(t("ws_need_key", lng), classes=["ws-need-key"])
            return
        if session is None:
            Start(owner, lambda: redraw(lambda n: n + 1))
            return
        with solara.Columns([4, 8]):
            JoinPanel(session, v)
            RoundPanel(session, v)


@solara.component
def Start(owner: str, opened):
    lng = lang.value
    w = server.workshop()
    error = solara.use_reactive(None)

    def start():
        try:
            server.registry().open_session(
                owner, w, server.max_participants(), server.runs_per_participant()
            )
        except WorkshopError as exc:
            error.set(exc)
            return
        server.warm_pool()
        opened()

    solara.Markdown(f"### {t('ws_start_title', lng)}")
    p = w.scenario.params
    solara.Text(
        t(
            "ws_start_settings",
            lng,
            rounds=len(w.rounds),
            citizens=fmt.number(p.population.n_citizens, lng),
            weeks=fmt.number(p.run.weeks, lng),
            replicates=w.replicates,
            most=server.max_participants(),
        )
    )
    solara.Button(t("ws_open", lng), on_click=start, color="primary", classes=["ws-open"])
    if error.value is not None:
        solara.Text(error.value.text(lng), classes=["ws-error"])


@solara.component
def JoinPanel(session: WorkshopSession, v: int):
    lng = lang.value
    address = server.join_address()
    url = f"{address}/?code={session.code}"
    with solara.Column(gap="4px"):
        solara.Text(t("ws_join_with", lng), classes=["ws-note"])
        solara.Text(session.code, classes=["ws-code"])
        solara.HTML(tag="div", unsafe_innerHTML=qr_svg(url, 5), classes=["ws-qr"])
        solara.Text(address, classes=["ws-address"])
        names = session.nicknames()
        solara.Text(
            t("ws_participants", lng, n=len(names), most=session.max_participants),
            classes=["ws-big", "ws-count"],
        )
        chips = "".join(f'<span class="ws-chip">{html.escape(name)}</span>' for name in names)
        solara.HTML(tag="div", unsafe_innerHTML=chips, classes=["ws-names"])
        solara.Button(
            t("ws_end", lng),
            on_click=session.end,
            text=True,
            icon_name="mdi-stop",
            classes=["ws-end"],
        )


@solara.component
def RoundPanel(session: WorkshopSession, v: int):
    lng = lang.value
    rounds = session.workshop.rounds
    with solara.Row(classes=["ws-rounds"]):
        for k, r in enumerate(rounds):
            current = k == session.index
            solara.Button(
                f"{k + 1}. {r.title(lng)}",
                on_click=lambda k=k: session.start_round(k),
                text=not current,
                color="primary" if current else None,
                classes=[f"ws-round-{k + 1}"] + (["ws-round-current"] if current else []),
            )
    r = session.round
    if r is None:
        solara.Text(t("ws_no_round_yet", lng), classes=["ws-big"])
        return
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Text(
            t("ws_round_open" if session.open else "ws_round_shut", lng),
            classes=["ws-ok" if session.open else "ws-note", "ws-round-state"],
        )
        if session.open:
            solara.Button(
                t("ws_close_round", lng),
                on_click=session.close_round,
                color="primary",
                icon_name="mdi-lock",
                classes=["ws-close"],
            )
        if session.index + 1 < len(rounds):
            nxt = session.index + 1
            solara.Button(
                t("ws_next_round", lng, title=rounds[nxt].title(lng)),
                on_click=lambda: session.start_round(nxt),
                icon_name="mdi-skip-next",
                classes=["ws-next"],
            )
    solara.Text(r.title(lng), classes=["ws-big"])
    solara.Text(r.question(lng), classes=["ws-question"])
    if r.kind == "predict":
        PredictView(session, r, v)
    elif r.kind == "choose":
        ChooseView(session, r, v)
    else:
        RevealView(session, r, v)
    Exports(session, v)


def _spread(session: WorkshopSession, p: Round, lng: str, with_answer: bool) -> None:
    guesses = session.guesses(p.id)
    answer = session.answer(p.id) if with_answer else None
    label = t("ws_model_says", lng, value=_answer(answer, p, lng)) if answer else ""
    solara.HTML(
        tag="div",
        unsafe_innerHTML=spread_svg(guesses, p.lo, p.hi, lng, answer, label),
        classes=["ws-spread"],
        style={"max-width": "760px"},
    )
    if guesses:
        solara.Text(
            t(
                "ws_guess_summary",
                lng,
                n=len(guesses),
                median=fmt.number(statistics.median(guesses), lng, p.decimals),
                low=fmt.number(guesses[0], lng, p.decimals),
                high=fmt.number(guesses[-1], lng, p.decimals),
            ),
            classes=["ws-guess-summary"],
        )


@solara.component
def PredictView(session: WorkshopSession, r: Round, v: int):
    lng = lang.value
    n = len(session.guesses(r.id))
    of = len(session.nicknames())
    solara.Text(t("ws_answered", lng, n=n, of=of), classes=["ws-answered"])
    _spread(session, r, lng, with_answer=False)


@solara.component
def ChooseView(session: WorkshopSession, r: Round, v: int):
    lng = lang.value
    chosen = session.chosen_by(r.id)
    done, needed = session.round_progress(r.id)
    of = len(session.nicknames())
    solara.Text(
        t("ws_chosen", lng, n=len(chosen), of=of, done=done, runs=needed),
        classes=["ws-answered"],
    )
    if needed and done < needed:
        solara.ProgressLinear(100 * done / needed)
    chips = "".join(f'<span class="ws-chip">{html.escape(name)}</span>' for name in chosen)
    solara.HTML(tag="div", unsafe_innerHTML=chips)


@solara.component
def RevealView(session: WorkshopSession, r: Round, v: int):
    lng = lang.value
    if r.predict:
        p = session.workshop.round(r.predict)
        solara.Text(p.question(lng), classes=["ws-note"])
        if session.answer(p.id) is None:
            solara.Text(t("ws_answer_pending", lng), classes=["ws-note"])
            solara.ProgressLinear(True)
        _spread(session, p, lng, with_answer=True)
    if r.choose:
        League(session, r.choose, v)


@solara.component
def League(session: WorkshopSession, round_id: str, v: int):
    lng = lang.value
    rows = session.league(round_id)
    done, needed = session.round_progress(round_id)
    if session.reference() is None or done < needed:
        solara.Text(t("ws_runs_pending", lng, done=done, runs=needed), classes=["ws-note"])
        solara.ProgressLinear(True)
    e = html.escape
    ref = t("ws_reference", lng)
    head = [
        "#",
        t("ws_col_name", lng),
        t("ws_col_choice", lng),
        t("ws_col_jobs", lng),
        t("ws_col_diff_jobs", lng, ref=ref),
        t("ws_col_diff_self_support", lng, ref=ref),
        t("ws_col_diff_cost", lng, ref=ref),
    ]
    body = []
    for k, row in enumerate(rows, 1):
        est = row["estimates"]
        cells = [str(k), row["nickname"], export.choice_text(session, row["choice"], lng)]
        if est is None:
            cells += [t(STATUS_KEYS[row["status"]], lng), "", "", ""]
        else:
            cells += [
                fmt.number(est["jobs"].mean, lng, 1),
                estimate_text(est["jobs"], "per100", lng),
                estimate_text(est["self_support"], "weeks", lng),
                estimate_text(est["net_cost"], "kroner", lng),
            ]
        body.append(
            "<tr>"
            + "".join(
                f'<td class="{"n" if i >= 3 else ""}">{e(c)}</td>' for i, c in enumerate(cells)
            )
            + "</tr>"
        )
    table = (
        '<table class="ws-league"><tr>'
        + "".join(f"<th>{e(h)}</th>" for h in head)
        + "</tr>"
        + "".join(body)
        + "</table>"
    )
    solara.HTML(tag="div", unsafe_innerHTML=table, classes=["ws-league-wrap"])
    w = session.workshop
    solara.Text(
        t(
            "ws_league_note",
            lng,
            ref=term(w.scenario.params.strategy.name, lng),
            replicates=w.replicates,
            citizens=fmt.number(w.scenario.params.population.n_citizens, lng),
            weeks=fmt.number(w.scenario.params.run.weeks, lng),
            benefit=fmt.kroner(w.benefit_per_week, lng),
        ),
        classes=["ws-note"],
    )


@solara.component
def Exports(session: WorkshopSession, v: int):
    lng = lang.value
    chosen = [
        r for r in session.workshop.rounds if r.kind == "choose" and session.choices.get(r.id)
    ]
    with solara.Row(style={"flex-wrap": "wrap", "margin-top": "12px"}):
        Download(
            lambda: export.csv_bytes(session),
            filename=f"workshop-{session.code}.csv",
            label=t("ws_export_csv", lng),
            mime_type="text/csv",
            classes=["ws-export-csv"],
            lang=lng,
        )
        if chosen and session.reference() is not None:
            rid = chosen[-1].id
            Download(
                lambda: export.report(session, rid, lng, "pdf"),
                filename=f"workshop-{session.code}-{lng}.pdf",
                label=t("make_report", lng),
                mime_type="application/pdf",
                classes=["ws-export-pdf"],
                lang=lng,
            )
            Download(
                lambda: export.report(session, rid, lng, "html"),
                filename=f"workshop-{session.code}-{lng}.html",
                label=t("make_report_html", lng),
                mime_type="text/html",
                classes=["ws-export-html"],
                lang=lng,
            )
