"""The participant's page: join with the code and a nickname, then answer the open round.

Made for a phone 360 px wide: one column, large fields and buttons, numbers typed as text in the
page's language (a Danish phone types 10,5). Every keystroke reaches the server (so a tap on
Send right after typing never sends the value before it), but nothing is taken until Send; the
session checks it (sim.ui.workshop.session) and either takes it or says what is wrong, and then
nothing in the session has changed. After a reload the browser's session cookie finds the
participant again, with their answers.
"""

from __future__ import annotations

import math

import solara

from sim.ui import fmt
from sim.ui.i18n import t, term
from sim.ui.workshop import server
from sim.ui.workshop.export import choice_text
from sim.ui.workshop.pages import Bar, estimate_text, lang, query_value, use_version
from sim.ui.workshop.rounds import Round
from sim.ui.workshop.session import WorkshopError, WorkshopSession, parse_input


@solara.component
def Participant():
    lng = lang.value
    router = solara.use_router()
    pid = solara.get_session_id()
    reg = server.registry()
    _, redraw = solara.use_state(0)
    session = reg.joined(pid)
    v = use_version(session)
    Bar(t("ws_participant", lng))
    with solara.Column(classes=["ws-page", "ws-phone"]):
        if session is None:
            Join(pid, query_value(router.search, "code"), lambda: redraw(lambda n: n + 1))
        else:
            Joined(session, pid, v)


@solara.component
def Join(pid: str, code_given: str, joined):
    lng = lang.value
    code = solara.use_reactive(code_given.upper())
    nickname = solara.use_reactive("")
    error = solara.use_reactive(None)

    def join():
        try:
            server.registry().join(code.value, pid, nickname.value)
        except WorkshopError as exc:
            error.set(exc)
            return
        error.set(None)
        joined()

    solara.Markdown(f"### {t('ws_join_title', lng)}")
    solara.Text(t("ws_join_hint", lng), classes=["ws-note"])
    solara.InputText(
        t("ws_code", lng), value=code, continuous_update=True, classes=["ws-code-field"]
    )
    solara.InputText(
        t("ws_nickname", lng), value=nickname, continuous_update=True, classes=["ws-nickname-field"]
    )
    solara.Button(t("ws_join", lng), on_click=join, color="primary", classes=["ws-join"])
    if error.value is not None:
        solara.Text(error.value.text(lng), classes=["ws-error", "ws-message"])


@solara.component
def Joined(session: WorkshopSession, pid: str, v: int):
    lng = lang.value
    me = session.participant(pid)
    solara.Text(
        t("ws_hello", lng, name=me.nickname, code=session.code), classes=["ws-note", "ws-hello"]
    )
    r = session.round
    if r is None:
        solara.Text(t("ws_wait_first", lng), classes=["ws-big", "ws-waiting"])
        return
    with solara.Div(classes=["ws-card"]):
        solara.Text(r.title(lng), classes=["ws-big", "ws-round-title"])
        solara.Text(r.question(lng), classes=["ws-question"])
        if r.kind == "predict":
            Predict(session, pid, r, v).key(f"predict-{r.id}")
        elif r.kind == "choose":
            Choose(session, pid, r, v).key(f"choose-{r.id}")
        else:
            Reveal(session, pid, r, v).key(f"reveal-{r.id}")


@solara.component
def Predict(session: WorkshopSession, pid: str, r: Round, v: int):
    lng = lang.value
    mine = session.predictions.get(r.id, {}).get(pid)
    text = solara.use_reactive("" if mine is None else fmt.number(mine, lng, r.decimals))
    error = solara.use_reactive(None)

    def send():
        try:
            session.predict(pid, text.value, lng)
        except WorkshopError as exc:
            error.set(exc)
            return
        error.set(None)

    if not session.open:
        shown = fmt.number(mine, lng, r.decimals) if mine is not None else fmt.DASH
        solara.Text(t("ws_round_closed_yours", lng, value=shown), classes=["ws-waiting"])
        return
    label = t(
        "ws_your_answer",
        lng,
        lo=fmt.number(r.lo, lng, r.decimals),
        hi=fmt.number(r.hi, lng, r.decimals),
    )
    solara.InputText(label, value=text, continuous_update=True, classes=["ws-answer-field"])
    solara.Button(t("ws_send", lng), on_click=send, color="primary", classes=["ws-send"])
    if error.value is not None:
        solara.Text(error.value.text(lng), classes=["ws-error", "ws-message"])
    elif mine is not None:
        solara.Text(
            t("ws_sent", lng, value=fmt.number(mine, lng, r.decimals)),
            classes=["ws-ok", "ws-message"],
        )


def lever_label(session: WorkshopSession, name: str, lng: str) -> str:
    lever = session.workshop.levers[name]
    d = lever.kind.digits
    return t(
        "ws_lever_field",
        lng,
        label=t(lever.kind.label_key, lng),
        unit=t(lever.kind.unit, lng),
        lo=fmt.number(lever.lo, lng, d),
        hi=fmt.number(lever.hi, lng, d),
    )


@solara.component
def Choose(session: WorkshopSession, pid: str, r: Round, v: int):
    lng = lang.value
    w = session.workshop
    mine = session.choices.get(r.id, {}).get(pid)
    strategy = solara.use_reactive(mine.strategy if mine else r.strategies[0])
    start = {
        name: fmt.number(
            mine.value(name) if mine else w.base_value(name), lng, w.levers[name].kind.digits
        )
        for name in r.levers
    }
    texts = solara.use_reactive(start)  # lever -> text typed so far
    error = solara.use_reactive(None)

    def send():
        try:
            session.choose(pid, strategy.value, dict(texts.value), lng)
        except WorkshopError as exc:
            error.set(exc)
            return
        error.set(None)

    if session.open:
        solara.Select(
            t("ws_strategy", lng),
            value=term(strategy.value, lng),
            values=[term(s, lng) for s in r.strategies],
            on_value=lambda v: strategy.set(next(s for s in r.strategies if term(s, lng) == v)),
            classes=["ws-strategy"],
        )
        for name in r.levers:
            lever = w.levers[name]
            with solara.Div(classes=[f"ws-lever-{name}"]):
                solara.InputText(
                    lever_label(session, name, lng),
                    value=texts.value[name],
                    continuous_update=True,
                    on_value=lambda text, n=name: texts.set({**texts.value, n: text}),
                )
                solara.Text(
                    t(
                        "ws_lever_now",
                        lng,
                        value=fmt.number(w.base_value(name), lng, lever.kind.digits),
                        cost=fmt.kroner(lever.cost, lng, signed=True),
                    )
                    + " "
                    + t(lever.kind.help_key, lng),
                    classes=["ws-note"],
                )
        Budget(session, r, strategy.value, dict(texts.value))
        left = session.runs_left(pid, r.id)
        solara.Button(
            t("ws_send_run", lng),
            on_click=send,
            color="primary",
            classes=["ws-send"],
        )
        solara.Text(
            t("ws_runs_left", lng, n=left, most=session.runs_per_participant),
            classes=["ws-note", "ws-runs-left"],
        )
        if error.value is not None:
            solara.Text(error.value.text(lng), classes=["ws-error", "ws-message"])
    if mine is not None:
        MyRun(session, pid, r, v)
    elif not session.open:
        solara.Text(t("ws_no_choice", lng), classes=["ws-waiting"])


@solara.component
def Budget(session: WorkshopSession, r: Round, strategy: str, values: dict[str, str]):
    """What the levers typed so far cost, live, before anything is sent."""
    lng = lang.value
    try:
        choice = session.check_choice(r, strategy, values, lng)
    except WorkshopError as exc:
        solara.Text(exc.text(lng), classes=["ws-error", "ws-budget"])
        return
    moved = sum(v != session.workshop.base_value(n) for n, v in choice.values)
    solara.Text(
        t(
            "ws_budget",
            lng,
            spend=fmt.kroner(choice.spend, lng),
            budget=fmt.kroner(r.budget, lng),
            moved=moved,
            most=r.max_levers,
        ),
        classes=["ws-ok", "ws-budget"],
    )


@solara.component
def MyRun(session: WorkshopSession, pid: str, r: Round, v: int):
    lng = lang.value
    choice = session.choices[r.id][pid]
    state = session.run_of(choice)
    solara.Text(
        t("ws_your_choice", lng, choice=choice_text(session, choice, lng)), classes=["ws-line"]
    )
    if state is None or state.status == "failed":
        solara.Text(t("ws_run_failed", lng), classes=["ws-error", "ws-run-status"])
        return
    if state.status == "queued":
        solara.Text(t("ws_run_queued", lng), classes=["ws-note", "ws-run-status"])
        solara.ProgressLinear(True)
        return
    row = next((x for x in session.league(r.id) if x["pid"] == pid), None)
    if row is None or row["estimates"] is None:
        solara.Text(t("ws_run_queued", lng), classes=["ws-note", "ws-run-status"])
        return
    MyNumbers(row["estimates"], lng)


@solara.component
def MyNumbers(e: dict, lng: str):
    ref = t("ws_reference", lng)
    with solara.Div(classes=["ws-run-result"]):
        solara.Text(
            t("ws_my_jobs", lng, jobs=fmt.number(e["jobs"].mean, lng, 1)), classes=["ws-big"]
        )
        solara.Text(
            t("ws_my_diff_jobs", lng, ref=ref, diff=estimate_text(e["jobs"], "per100", lng)),
            classes=["ws-line"],
        )
        solara.Text(
            t(
                "ws_my_diff_self_support",
                lng,
                ref=ref,
                diff=estimate_text(e["self_support"], "weeks", lng),
            ),
            classes=["ws-line"],
        )
        solara.Text(
            t("ws_my_diff_cost", lng, ref=ref, diff=estimate_text(e["net_cost"], "kroner", lng)),
            classes=["ws-line"],
        )


@solara.component
def Reveal(session: WorkshopSession, pid: str, r: Round, v: int):
    lng = lang.value
    if r.predict:
        p = session.workshop.round(r.predict)
        a = session.answer(p.id)
        mine = session.predictions.get(p.id, {}).get(pid)
        yours = fmt.number(mine, lng, p.decimals) if mine is not None else fmt.DASH
        if a is None:
            solara.Text(t("ws_answer_pending", lng), classes=["ws-note"])
        else:
            solara.Text(
                t("ws_answer_vs_yours", lng, answer=_answer(a, p, lng), yours=yours),
                classes=["ws-big", "ws-my-answer"],
            )
    if r.choose:
        league = session.league(r.choose)
        rank = next((k for k, row in enumerate(league, 1) if row["pid"] == pid), None)
        mine = league[rank - 1] if rank else None
        if mine is None or mine["estimates"] is None:
            solara.Text(t("ws_no_result", lng), classes=["ws-note"])
        else:
            solara.Text(t("ws_rank", lng, rank=rank, n=len(league)), classes=["ws-big"])
            MyNumbers(mine["estimates"], lng)


def _answer(a, p: Round, lng: str) -> str:
    digits = max(1, p.decimals)
    value = fmt.number(a.diff, lng, digits, signed=bool(p.answer.against))
    if math.isfinite(a.low) and math.isfinite(a.high):
        return t(
            "ws_interval",
            lng,
            diff=value,
            low=fmt.number(a.low, lng, digits, signed=bool(p.answer.against)),
            high=fmt.number(a.high, lng, digits, signed=bool(p.answer.against)),
        )
    return value


def parse_or_none(text: str, lng: str) -> float | None:
    try:
        return parse_input(text, lng)
    except WorkshopError:
        return None
