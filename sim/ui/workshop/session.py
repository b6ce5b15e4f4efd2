"""One workshop session, and the registry of sessions on a server.

A session is what the room shares: a join code, the participants, which round is open, every
guess and choice, and the runs of those choices. The facilitator's page and every phone read
the same object; a change bumps its `version` and wakes the pages that wait on it, so the
facilitator's screen shows a guess the moment it is sent.

Every input is checked here, not in the page: a nickname, a number typed in either language, a
strategy, lever values within the workshop's ranges, at most `max_levers` levers moved, the
budget, the per-participant run limit, the session's size. A refused input raises a
WorkshopError whose message the page shows in its language; nothing in the session changes.
A participant is known by their browser session (Solara's session cookie), so a reload or a
dropped connection finds them again, and no one can send for another.
Kept free of Solara.
"""

from __future__ import annotations

import math
import secrets
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sim.core.params import ParamError, Params
from sim.experiments.worker import replicate_seed_ints
from sim.ui import fmt
from sim.ui.i18n import t
from sim.ui.workshop.results import (
    Estimate,
    RunSet,
    answer_estimate,
    estimates,
    per_replicate,
)
from sim.ui.workshop.rounds import Round, Workshop
from sim.ui.workshop.runs import Job, QueueFull, RunQueue

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
CODE_LENGTH = 6
MAX_NICKNAME = 24
MAX_INPUT = 40  # characters of a typed number; longer is garbage
MAX_SESSIONS = 20  # sessions a server keeps (ended ones are dropped first)
DEFAULT_MAX_PARTICIPANTS = 40
REFERENCE = "reference"  # the run set every choice is compared with


class WorkshopError(ValueError):
    """An input the session refuses; `text(lang)` is the message for the person who sent it."""

    def __init__(self, key: str, **values: Any) -> None:
        self.key = key
        self.values = values
        super().__init__(f"{key} {values}")

    def text(self, lang: str) -> str:
        digits = self.values.get("digits", 0)
        shown = {
            k: fmt.number(v, lang, digits) if isinstance(v, int | float) else v
            for k, v in self.values.items()
            if k != "digits"
        }
        return t(self.key, lang, **shown)


@dataclass
class Participant:
    pid: str  # the browser session's id
    nickname: str
    joined: float = field(default_factory=time.time)
    runs_used: dict[str, int] = field(default_factory=dict)  # round id -> runs started


@dataclass(frozen=True)
class Choice:
    strategy: str
    values: tuple[tuple[str, float], ...]  # (lever, value) for every lever of the round
    spend: float  # kroner per citizen per year

    def value(self, lever: str) -> float:
        return dict(self.values)[lever]


@dataclass
class RunState:
    """A run set of the session: queued, running, done or failed."""

    status: str = "queued"
    result: RunSet | None = None
    error: str | None = None
    queued_at: float = field(default_factory=time.monotonic)
    done_at: float | None = None


def clean_nickname(text: Any) -> str:
    """A nickname as shown: printable, single-spaced, at most MAX_NICKNAME characters."""
    if not isinstance(text, str):
        raise WorkshopError("ws_err_nickname", most=MAX_NICKNAME)
    s = "".join(c for c in unicodedata.normalize("NFC", text) if unicodedata.category(c)[0] != "C")
    s = " ".join(s.split())
    if not s or len(s) > MAX_NICKNAME:
        raise WorkshopError("ws_err_nickname", most=MAX_NICKNAME)
    return s


def clean_code(text: Any) -> str:
    if not isinstance(text, str) or len(text) > 20:
        return ""
    return "".join(c for c in text.upper() if c.isalnum())


def parse_input(text: Any, lang: str) -> float:
    """A number a person typed (or a number sent as such); WorkshopError if it is none."""
    if isinstance(text, bool):
        raise WorkshopError("ws_err_not_number", text=str(text))
    if isinstance(text, int | float):
        value = float(text)
    else:
        if not isinstance(text, str) or len(text) > MAX_INPUT:
            raise WorkshopError("ws_err_not_number", text=str(text)[:MAX_INPUT])
        try:
            value = fmt.parse_number(text, lang)
        except ValueError:
            raise WorkshopError("ws_err_not_number", text=text.strip()[:MAX_INPUT]) from None
    if not math.isfinite(value):
        raise WorkshopError("ws_err_not_number", text=str(text)[:MAX_INPUT])
    return value


def rounded(x: float, digits: int) -> float:
    """`x` to `digits` decimals, halves away from zero (as a person rounds, and as fmt shows)."""
    q = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


class WorkshopSession:
    def __init__(
        self,
        code: str,
        workshop: Workshop,
        owner: str,
        queue: RunQueue,
        max_participants: int = DEFAULT_MAX_PARTICIPANTS,
        runs_per_participant: int | None = None,
    ) -> None:
        self.code = code
        self.workshop = workshop
        self.owner = owner
        self.queue = queue
        self.max_participants = max_participants
        self.runs_per_participant = runs_per_participant or workshop.runs_per_participant
        self.seeds = replicate_seed_ints(workshop.seed, workshop.replicates)
        self.created = time.time()
        self.ended = False
        self.participants: dict[str, Participant] = {}
        self.index = -1  # the current round; -1 before the first
        self.open = False  # whether the current round takes answers
        self.predictions: dict[str, dict[str, float]] = {}  # round -> pid -> number
        self.choices: dict[str, dict[str, Choice]] = {}  # round -> pid -> latest choice
        self.runs: dict[Any, RunState] = {}  # run key -> state
        self.closed_at: dict[str, float] = {}  # round -> when it was closed (monotonic)
        self.version = 0
        self._cond = threading.Condition(threading.RLock())

    # -- change notification ---------------------------------------------------------------

    def _changed(self) -> None:
        with self._cond:
            self.version += 1
            self._cond.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        """The version, once it differs from `seen` or `timeout` seconds have passed."""
        with self._cond:
            if self.version == seen:
                self._cond.wait(timeout)
            return self.version

    # -- rounds ----------------------------------------------------------------------------

    @property
    def round(self) -> Round | None:
        return self.workshop.rounds[self.index] if self.index >= 0 else None

    def start_round(self, index: int) -> None:
        """Open round `index` (closing any open one) and queue the runs it will need."""
        with self._cond:
            if self.ended:
                raise WorkshopError("ws_err_ended")
            if not 0 <= index < len(self.workshop.rounds):
                raise WorkshopError("ws_err_no_round")
            self.index, self.open = index, True
            r = self.workshop.rounds[index]
            if r.kind == "predict":
                self.predictions.setdefault(r.id, {})
                self._queue_answer(r)
            elif r.kind == "choose":
                self.choices.setdefault(r.id, {})
                self._queue_reference()
            else:
                self.open = False  # a reveal takes no answers
                if r.predict:
                    self._queue_answer(self.workshop.round(r.predict))
                if r.choose:
                    self._queue_reference()
            self._changed()

    def close_round(self) -> None:
        """Stop taking answers; runs already queued finish."""
        with self._cond:
            if self.round is not None and self.open:
                self.open = False
                self.closed_at[self.round.id] = time.monotonic()
                self._changed()

    def end(self) -> None:
        """End the session: no one can join or send any more; its data stay for export."""
        with self._cond:
            self.ended, self.open = True, False
            self._changed()

    # -- participants ----------------------------------------------------------------------

    def join(self, pid: str, nickname: Any) -> Participant:
        with self._cond:
            if self.ended:
                raise WorkshopError("ws_err_no_session")
            if pid in self.participants:  # a reload, or a second tab of the same browser
                return self.participants[pid]
            name = clean_nickname(nickname)
            if any(p.nickname.casefold() == name.casefold() for p in self.participants.values()):
                raise WorkshopError("ws_err_nickname_taken", name=name)
            if len(self.participants) >= self.max_participants:
                raise WorkshopError("ws_err_full", n=self.max_participants)
            p = Participant(pid, name)
            self.participants[pid] = p
            self._changed()
            return p

    def participant(self, pid: str) -> Participant | None:
        return self.participants.get(pid)

    def nicknames(self) -> list[str]:
        """Who has joined, in the order they joined.

        A copy taken under the session's lock, like every list a page draws from the session:
        phones join while the facilitator's page is drawn, and iterating the live dict then
        fails ("dictionary changed size during iteration")."""
        with self._cond:
            return [p.nickname for p in self.participants.values()]

    def _answering(self, pid: str, kind: str) -> tuple[Participant, Round]:
        p = self.participants.get(pid)
        if p is None or self.ended:
            raise WorkshopError("ws_err_not_joined")
        r = self.round
        if r is None or r.kind != kind or not self.open:
            raise WorkshopError("ws_err_round_closed")
        return p, r

    # -- predict ---------------------------------------------------------------------------

    def predict(self, pid: str, text: Any, lang: str) -> float:
        with self._cond:
            _, r = self._answering(pid, "predict")
            value = parse_input(text, lang)
            if not r.lo <= value <= r.hi:
                raise WorkshopError(
                    "ws_err_range", lo=r.lo, hi=r.hi, value=value, digits=r.decimals
                )
            value = rounded(value, r.decimals)
            self.predictions[r.id][pid] = value
            self._changed()
            return value

    def guesses(self, round_id: str) -> list[float]:
        with self._cond:
            return sorted(self.predictions.get(round_id, {}).values())

    def guesses_by(self, round_id: str) -> list[tuple[str, float]]:
        """(nickname, guess) for each guess of round `round_id`, in the order first given (a
        copy, as `nicknames`)."""
        with self._cond:
            return [
                (self.participants[pid].nickname, value)
                for pid, value in self.predictions.get(round_id, {}).items()
            ]

    # -- choose ----------------------------------------------------------------------------

    def check_choice(self, r: Round, strategy: Any, values: dict[str, Any], lang: str) -> Choice:
        """The choice as the session would run it, or WorkshopError saying what is wrong."""
        if strategy not in r.strategies:
            raise WorkshopError("ws_err_strategy")
        if not isinstance(values, dict) or set(values) - set(r.levers):
            raise WorkshopError("ws_err_lever")
        out, moved, spend = [], 0, 0.0
        for name in r.levers:
            lever = self.workshop.levers[name]
            base = self.workshop.base_value(name)
            value = parse_input(values[name], lang) if name in values else float(base)
            digits = lever.kind.digits
            if not lever.lo <= value <= lever.hi:
                raise WorkshopError(
                    "ws_err_lever_range",
                    lever=t(lever.kind.label_key, lang),
                    lo=lever.lo,
                    hi=lever.hi,
                    value=value,
                    digits=digits,
                )
            if lever.kind.integer and value != int(value):
                raise WorkshopError("ws_err_whole", lever=t(lever.kind.label_key, lang))
            value = rounded(value, digits)
            if value != base:
                moved += 1
            spend += lever.spend(value, base)
            out.append((name, value))
        if moved > r.max_levers:
            raise WorkshopError("ws_err_too_many", n=r.max_levers)
        if spend > r.budget + 1e-9:
            raise WorkshopError("ws_err_budget", spend=spend, budget=r.budget)
        return Choice(strategy, tuple(out), spend)

    def params_of(self, choice: Choice) -> Params:
        values: dict[str, Any] = {"strategy.name": choice.strategy}
        for name, value in choice.values:
            lever = self.workshop.levers[name]
            values[lever.kind.key] = int(value) if lever.kind.integer else float(value)
        try:
            return self.workshop.scenario.params.with_values(**values)
        except ParamError:  # the ranges were checked against the model's; never here
            raise WorkshopError("ws_err_lever") from None

    def choose(self, pid: str, strategy: Any, values: dict[str, Any], lang: str) -> Choice:
        """Record a participant's choice and queue its run (unless the same choice has run)."""
        with self._cond:
            p, r = self._answering(pid, "choose")
            choice = self.check_choice(r, strategy, values, lang)
            key = ("choice", choice.strategy, choice.values)
            state = self.runs.get(key)
            needs_run = state is None or state.status == "failed"
            if needs_run:
                used = p.runs_used.get(r.id, 0)
                if used >= self.runs_per_participant:
                    raise WorkshopError("ws_err_run_limit", n=self.runs_per_participant)
                self._queue(key, self.params_of(choice), p.nickname)
                p.runs_used[r.id] = used + 1
            self.choices[r.id][pid] = choice
            self._changed()
            return choice

    def chosen_by(self, round_id: str) -> list[str]:
        """The nicknames of those who have chosen in round `round_id`, in the order they first
        chose (a copy, as `nicknames`)."""
        with self._cond:
            return [self.participants[pid].nickname for pid in self.choices.get(round_id, {})]

    def runs_left(self, pid: str, round_id: str) -> int:
        p = self.participants.get(pid)
        if p is None:
            return 0
        return max(0, self.runs_per_participant - p.runs_used.get(round_id, 0))

    def run_of(self, choice: Choice) -> RunState | None:
        return self.runs.get(("choice", choice.strategy, choice.values))

    # -- runs ------------------------------------------------------------------------------

    def _queue(self, key: Any, params: Params, name: str) -> None:
        state = RunState()
        self.runs[key] = state

        def done(result: RunSet | None, error: str | None) -> None:
            with self._cond:
                if result is not None and result.n_failed == len(result.runs):
                    result, error = None, "every run failed"
                state.status = "done" if result is not None else "failed"
                state.result, state.error = result, error
                state.done_at = time.monotonic()
                self._changed()

        try:
            self.queue.submit(Job(name, params, self.seeds, done))
        except QueueFull:
            del self.runs[key]
            raise WorkshopError("ws_err_busy") from None

    def _queue_strategy(self, strategy: str) -> None:
        key = ("strategy", strategy)
        if key not in self.runs or self.runs[key].status == "failed":
            params = self.workshop.scenario.params.with_values(**{"strategy.name": strategy})
            self._queue(key, params, strategy)

    def _queue_answer(self, r: Round) -> None:
        self._queue_strategy(r.answer.strategy)
        if r.answer.against:
            self._queue_strategy(r.answer.against)

    def _queue_reference(self) -> None:
        if REFERENCE not in self.runs or self.runs[REFERENCE].status == "failed":
            self._queue(REFERENCE, self.workshop.scenario.params, REFERENCE)

    def reference(self) -> RunSet | None:
        state = self.runs.get(REFERENCE)
        return state.result if state else None

    def answer(self, round_id: str) -> Estimate | None:
        """The model's answer to a predict round, once its runs are done."""
        r = self.workshop.round(round_id)
        a = self.runs.get(("strategy", r.answer.strategy))
        b = self.runs.get(("strategy", r.answer.against)) if r.answer.against else None
        if a is None or a.result is None or (r.answer.against and (b is None or b.result is None)):
            return None
        scale = 100.0 if r.answer.unit == "per100" else 1.0
        return answer_estimate(a.result, b.result if b else None, r.answer.outcome, scale)

    def pending_runs(self) -> int:
        with self._cond:
            return sum(s.status in ("queued",) for s in self.runs.values())

    def league(self, round_id: str) -> list[dict[str, Any]]:
        """One row per participant who chose: nickname, choice, run status and the estimates
        against the reference; best jobs first, runs not done last."""
        with self._cond:
            ref = self.reference()
            weeks = self.workshop.scenario.params.run.weeks
            benefit = self.workshop.benefit_per_week
            ref_m = per_replicate(ref.runs, 0.0, benefit, weeks) if ref is not None else None
            rows = []
            for pid, choice in self.choices.get(round_id, {}).items():
                p = self.participants[pid]
                state = self.run_of(choice)
                row = {"pid": pid, "nickname": p.nickname, "choice": choice, "estimates": None}
                row["status"] = state.status if state else "failed"
                if state and state.result is not None and ref_m is not None:
                    m = per_replicate(state.result.runs, choice.spend, benefit, weeks)
                    row["estimates"] = estimates(m, ref_m)
                rows.append(row)

        def order(row):
            e = row["estimates"]
            jobs = e["jobs"].diff if e else math.nan
            return (0 if math.isfinite(jobs) else 1, -jobs if math.isfinite(jobs) else 0)

        return sorted(rows, key=order)

    def round_progress(self, round_id: str) -> tuple[int, int]:
        """(run sets done, run sets needed) for a choose round's current choices."""
        with self._cond:
            states = [self.run_of(c) for c in self.choices.get(round_id, {}).values()]
            keys = {id(s) for s in states if s is not None}
            done = {id(s) for s in states if s is not None and s.status != "queued"}
            return len(done), len(keys)


class Registry:
    """Every session on the server, by join code. Only a session that has not ended can be
    found by its code; a facilitator sees only the session they opened."""

    def __init__(self, queue: RunQueue, max_sessions: int = MAX_SESSIONS) -> None:
        self.queue = queue
        self.max_sessions = max_sessions
        self._sessions: dict[str, WorkshopSession] = {}
        self._lock = threading.Lock()

    def open_session(
        self,
        owner: str,
        workshop: Workshop,
        max_participants: int = DEFAULT_MAX_PARTICIPANTS,
        runs_per_participant: int | None = None,
    ) -> WorkshopSession:
        """A new session for `owner`, or the one they have open already."""
        with self._lock:
            mine = self._owned(owner)
            if mine is not None:
                return mine
            if len(self._sessions) >= self.max_sessions:
                ended = [s for s in self._sessions.values() if s.ended]
                if not ended:
                    raise WorkshopError("ws_err_too_many_sessions", n=self.max_sessions)
                oldest = min(ended, key=lambda s: s.created)
                del self._sessions[oldest.code]
            code = self._new_code()
            s = WorkshopSession(
                code, workshop, owner, self.queue, max_participants, runs_per_participant
            )
            self._sessions[code] = s
            return s

    def _new_code(self) -> str:
        while True:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if code not in self._sessions:
                return code

    def _owned(self, owner: str) -> WorkshopSession | None:
        return next((s for s in self._sessions.values() if s.owner == owner and not s.ended), None)

    def owned(self, owner: str) -> WorkshopSession | None:
        with self._lock:
            return self._owned(owner)

    def find(self, code: Any) -> WorkshopSession | None:
        """The session with this join code, if it is open (case and spaces do not matter)."""
        with self._lock:
            s = self._sessions.get(clean_code(code))
            return s if s is not None and not s.ended else None

    def joined(self, pid: str) -> WorkshopSession | None:
        """The open session this browser session has joined (to find it again after a reload)."""
        with self._lock:
            return next(
                (s for s in self._sessions.values() if not s.ended and pid in s.participants),
                None,
            )

    def join(self, code: Any, pid: str, nickname: Any) -> WorkshopSession:
        s = self.find(code)
        if s is None:
            raise WorkshopError("ws_err_no_session")
        s.join(pid, nickname)
        return s
