"""The workshop file: which scenario, which levers at what price, and the rounds, in order.

A facilitator can write their own; the shipped one (`guide.toml` beside this module) follows
the blocks of docs/workshop.md, in Danish and English. The schema is closed, like a scenario
file's: an unknown key, a wrong type or a value out of range is a ScenarioError naming the file,
the key, the value and what is allowed, so `fremdrift workshop --rounds FILE` stops at once with
one line instead of failing in front of the room. Kept free of Solara.

Three kinds of round:

- predict: every participant types a number (how many more per 100 in a job ...); the model's
  answer is a paired comparison of two strategies on the workshop's citizens;
- choose: every participant picks a strategy and sets at most `max_levers` levers within a
  budget; each choice runs on the same citizens with the same luck as everyone else's;
- reveal: the model's answer to a predict round beside the guesses, and the league table of a
  choose round.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.core import catalogue
from sim.core.params import ParamError
from sim.experiments.limits import LIMITS
from sim.experiments.scenario import (
    Scenario,
    ScenarioError,
    load_scenario,
    locate,
    read_file,
)
from sim.ui.workshop.levers import KINDS, Lever, value_of

GUIDE = Path(__file__).resolve().parent / "guide.toml"
ROUND_KINDS = ("predict", "choose", "reveal")
# What a predict round may ask about: the outcome and how it is written (per 100, weeks).
ANSWER_OUTCOMES = {
    "share_job": "per100",
    "share_ever_job": "per100",
    "share_derailment": "per100",
    "weeks_self_support_per_citizen": "weeks",
}
MAX_ROUNDS = 30
MAX_TEXT = 600  # characters of a title or question
MAX_PARTICIPANTS = 200  # the most a server takes in one session, whatever the file says
MAX_RUNS_PER_PARTICIPANT = 20
WORKSHOP_KEYS = (
    "scenario",
    "citizens",
    "weeks",
    "replicates",
    "seed",
    "benefit_per_week",
    "runs_per_participant",
)
ROUND_KEYS = {
    "predict": ("id", "kind", "title", "question", "min", "max", "decimals", "answer"),
    "choose": (
        "id", "kind", "title", "question", "strategies", "levers", "max_levers", "budget",
    ),
    "reveal": ("id", "kind", "title", "question", "predict", "choose"),
}  # fmt: skip


@dataclass(frozen=True)
class Text:
    """Words in Danish and English; a file may give one language, which then serves both."""

    da: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.da if lang == "da" else self.en


@dataclass(frozen=True)
class Answer:
    """The model's answer to a predict round: `strategy` against `against`, paired, or the
    level under `strategy` alone when `against` is empty."""

    outcome: str
    strategy: str
    against: str = ""

    @property
    def unit(self) -> str:
        return ANSWER_OUTCOMES[self.outcome]


@dataclass(frozen=True)
class Round:
    id: str
    kind: str
    title: Text
    question: Text
    # predict
    lo: float = 0.0
    hi: float = 0.0
    decimals: int = 0
    answer: Answer | None = None
    # choose
    strategies: tuple[str, ...] = ()
    levers: tuple[str, ...] = ()
    max_levers: int = 0
    budget: float = 0.0
    # reveal
    predict: str = ""
    choose: str = ""


@dataclass(frozen=True)
class Workshop:
    source: str
    scenario: Scenario  # with the workshop's citizens and weeks
    replicates: int
    seed: int
    benefit_per_week: float  # kroner per citizen per week on benefit (for the net cost)
    runs_per_participant: int
    levers: dict[str, Lever] = field(default_factory=dict)
    rounds: tuple[Round, ...] = ()

    def round(self, round_id: str) -> Round:
        return next(r for r in self.rounds if r.id == round_id)

    def base_value(self, lever: str) -> float:
        return value_of(self.scenario.params, KINDS[lever].key)

    def sized(
        self,
        citizens: int | None = None,
        weeks: int | None = None,
        replicates: int | None = None,
    ) -> Workshop:
        """The same workshop at another size (the command line's --citizens and the like)."""
        values = {}
        if citizens is not None:
            values["population.n_citizens"] = _limited("command line", "--citizens", citizens)
        if weeks is not None:
            values["run.weeks"] = _limited("command line", "--weeks", weeks)
        reps = self.replicates
        if replicates is not None:
            reps = _limited("command line", "--replicates", replicates, lo=2, hi=200)
        s = self.scenario
        params = s.params.with_values(**values) if values else s.params
        return Workshop(
            self.source,
            Scenario(s.name, s.description, params, s.source),
            reps,
            self.seed,
            self.benefit_per_week,
            self.runs_per_participant,
            self.levers,
            self.rounds,
        )


def _limited(source: str, key: str, value: int, lo: int | None = None, hi: int | None = None):
    name = key.lstrip("-")
    limit = LIMITS[name]
    lo = limit.lo if lo is None else lo
    hi = limit.hi if hi is None else hi
    if not (isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi):
        raise ScenarioError(source, key, value, f"a whole number from {lo:,} to {hi:,}")
    return value


class _Reader:
    """Checks one file's values, each error naming the file, the key, the value and the rule."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, value: Any, allowed: str):
        raise ScenarioError(self.source, key, value, allowed)

    def table(self, data: Any, key: str) -> dict:
        if not isinstance(data, dict):
            self.fail(key, data, "a table")
        return data

    def closed(self, data: dict, allowed: tuple[str, ...], where: str) -> None:
        for k in data:
            if k not in allowed:
                self.fail(f"{where} {k}", data[k], f"unknown key; valid keys: {', '.join(allowed)}")

    def number(self, data: dict, key: str, where: str, lo: float, hi: float, unit: str) -> float:
        v = data.get(key)
        ok = isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
        if not ok or not lo <= v <= hi:
            self.fail(f"{where} {key}", v, f"a number from {lo:g} to {hi:g} ({unit})")
        return float(v)

    def whole(self, data: dict, key: str, where: str, lo: int, hi: int, unit: str) -> int:
        v = data.get(key)
        if not (isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi):
            self.fail(f"{where} {key}", v, f"a whole number from {lo} to {hi} ({unit})")
        return v

    def text(self, data: dict, key: str, where: str) -> Text:
        v = data.get(key)
        plain = isinstance(v, str)
        if plain:
            v = {"da": v, "en": v}
        rule = 'a text, or a table { da = "...", en = "..." } with at least one of them'
        if not isinstance(v, dict) or not v or set(v) - {"da", "en"}:
            self.fail(f"{where} {key}", v, rule)
        for lang, s in v.items():
            if not isinstance(s, str) or not s.strip() or len(s) > MAX_TEXT:
                name = f"{where} {key}" if plain else f"{where} {key}.{lang}"
                self.fail(name, s, f"a text of 1 to {MAX_TEXT} characters")
        return Text(v.get("da", v.get("en")), v.get("en", v.get("da")))

    def choice(self, data: dict, key: str, where: str, choices) -> str:
        v = data.get(key)
        if v not in choices:
            self.fail(f"{where} {key}", v, "one of " + ", ".join(repr(c) for c in choices))
        return v

    def names(self, data: dict, key: str, where: str, choices, lo: int) -> tuple[str, ...]:
        v = data.get(key)
        rule = f"a list of {lo} or more different names, each one of " + ", ".join(
            repr(c) for c in choices
        )
        if not isinstance(v, list) or len(v) < lo or len(set(map(repr, v))) != len(v):
            self.fail(f"{where} {key}", v, rule)
        for item in v:
            if item not in choices:
                self.fail(f"{where} {key}", item, rule)
        return tuple(v)


def parse_workshop(data: bytes | str, source: str = "<memory>") -> Workshop:
    """Validate a workshop file's text and build the Workshop it describes."""
    r = _Reader(source)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            r.fail("(file)", None, "is not UTF-8 text")
    try:
        doc = tomllib.loads(data)
    except tomllib.TOMLDecodeError as exc:
        r.fail("(file)", None, f"is not valid TOML: {exc}")
    r.closed(doc, ("workshop", "levers", "rounds"), "")
    ws = r.table(doc.get("workshop", {}), "[workshop]")
    r.closed(ws, WORKSHOP_KEYS, "[workshop]")
    scenario = _scenario(r, ws.get("scenario", "status_quo"), source)
    values = {}
    if "citizens" in ws:
        lim = LIMITS["citizens"]
        values["population.n_citizens"] = r.whole(
            ws, "citizens", "[workshop]", lim.lo, lim.hi, "citizens"
        )
    if "weeks" in ws:
        values["run.weeks"] = r.whole(ws, "weeks", "[workshop]", 1, LIMITS["weeks"].hi, "weeks")
    if values:
        try:
            scenario = Scenario(
                scenario.name,
                scenario.description,
                scenario.params.with_values(**values),
                scenario.source,
            )
        except ParamError as exc:
            r.fail(f"[workshop] {exc.key}", exc.value, exc.allowed)
    replicates = (
        r.whole(ws, "replicates", "[workshop]", 2, 200, "replicates per choice")
        if ("replicates" in ws)
        else 5
    )
    seed_limit = LIMITS["seed"]
    seed = (
        r.whole(ws, "seed", "[workshop]", seed_limit.lo, seed_limit.hi, "root seed")
        if "seed" in ws
        else scenario.params.run.seed
    )
    benefit = (
        r.number(ws, "benefit_per_week", "[workshop]", 0, 100_000, "kroner per citizen per week")
        if "benefit_per_week" in ws
        else 2900.0
    )
    runs = (
        r.whole(
            ws, "runs_per_participant", "[workshop]", 1, MAX_RUNS_PER_PARTICIPANT, "runs per round"
        )
        if "runs_per_participant" in ws
        else 3
    )
    levers = _levers(r, r.table(doc.get("levers", {}), "[levers]"), scenario)
    rounds = _rounds(r, doc.get("rounds"), levers)
    return Workshop(source, scenario, replicates, seed, benefit, runs, levers, rounds)


def _scenario(r: _Reader, ref: Any, source: str) -> Scenario:
    if not isinstance(ref, str) or not ref:
        r.fail("[workshop] scenario", ref, "a shipped scenario's name or a scenario file")
    path = Path(ref)
    if not path.is_absolute() and path.suffix == ".toml" and source not in ("<memory>", ""):
        path = Path(source).parent / path
    try:
        return load_scenario(locate(path if path.suffix == ".toml" else ref))
    except ScenarioError as exc:
        r.fail("[workshop] scenario", ref, f"cannot be used: {exc}")
    raise AssertionError  # pragma: no cover


def _levers(r: _Reader, data: dict, scenario: Scenario) -> dict[str, Lever]:
    out = {}
    for name, spec in data.items():
        where = f"[levers.{name}]"
        if name not in KINDS:
            r.fail(f"[levers] {name}", None, "unknown lever; valid levers: " + ", ".join(KINDS))
        spec = r.table(spec, where)
        r.closed(spec, ("min", "max", "cost"), where)
        kind = KINDS[name]
        lo, hi = kind.model_bounds()
        unit = kind.key
        low = r.number(spec, "min", where, lo, hi, f"the model's range for {unit}")
        high = r.number(spec, "max", where, low, hi, "at least min, within the model's range")
        base = value_of(scenario.params, kind.key)
        if not low <= base <= high:
            r.fail(
                f"{where} min",
                low,
                f"a range that holds the scenario's own value {base:g} ({low:g} to {high:g} "
                "does not)",
            )
        cost = r.number(spec, "cost", where, -1e6, 1e6, "kroner per citizen per year per unit")
        out[name] = Lever(kind, low, high, cost)
    return out


def _rounds(r: _Reader, data: Any, levers: dict[str, Lever]) -> tuple[Round, ...]:
    if not isinstance(data, list) or not 1 <= len(data) <= MAX_ROUNDS:
        shown = len(data) if isinstance(data, list) else data
        r.fail("[[rounds]]", shown, f"1 to {MAX_ROUNDS} [[rounds]] tables")
    out: list[Round] = []
    strategies = tuple(catalogue.STRATEGIES)
    for n, spec in enumerate(data, start=1):
        where = f"[[rounds]] #{n}"
        spec = r.table(spec, where)
        kind = r.choice(spec, "kind", where, ROUND_KINDS)
        r.closed(spec, ROUND_KEYS[kind], where)
        rid = spec.get("id")
        if not (isinstance(rid, str) and rid.isidentifier() and len(rid) <= 40):
            r.fail(f"{where} id", rid, "a name of letters, digits and _ (at most 40)")
        if any(o.id == rid for o in out):
            r.fail(f"{where} id", rid, "a name no other round has")
        where = f"[[rounds]] #{n} ({rid})"
        common = {
            "id": rid,
            "kind": kind,
            "title": r.text(spec, "title", where),
            "question": r.text(spec, "question", where),
        }
        if kind == "predict":
            lo = r.number(spec, "min", where, -1e6, 1e6, "the smallest answer allowed")
            hi = r.number(spec, "max", where, lo, 1e6, "the largest answer, at least min")
            decimals = (
                r.whole(spec, "decimals", where, 0, 3, "decimals") if ("decimals" in spec) else 0
            )
            a = r.table(spec.get("answer"), f"{where} answer")
            r.closed(a, ("outcome", "strategy", "against"), f"{where} answer")
            answer = Answer(
                r.choice(a, "outcome", f"{where} answer", tuple(ANSWER_OUTCOMES)),
                r.choice(a, "strategy", f"{where} answer", strategies),
                r.choice(a, "against", f"{where} answer", strategies) if "against" in a else "",
            )
            if answer.strategy == answer.against:
                r.fail(f"{where} answer against", answer.against, "another strategy than strategy")
            out.append(Round(**common, lo=lo, hi=hi, decimals=decimals, answer=answer))
        elif kind == "choose":
            picked = r.names(spec, "strategies", where, strategies, 1)
            names = r.names(spec, "levers", where, tuple(levers) or ("(none in [levers])",), 1)
            most = (
                r.whole(spec, "max_levers", where, 1, len(names), "levers one may change")
                if ("max_levers" in spec)
                else min(2, len(names))
            )
            budget = r.number(spec, "budget", where, 0, 1e7, "kroner per citizen per year")
            out.append(
                Round(**common, strategies=picked, levers=names, max_levers=most, budget=budget)
            )
        else:
            ids = {o.id: o.kind for o in out}
            pred = [i for i, k in ids.items() if k == "predict"]
            chose = [i for i, k in ids.items() if k == "choose"]
            p = spec.get("predict", "")
            c = spec.get("choose", "")
            if p != "" and p not in pred:
                r.fail(f"{where} predict", p, "the id of an earlier predict round: " + _ids(pred))
            if c != "" and c not in chose:
                r.fail(f"{where} choose", c, "the id of an earlier choose round: " + _ids(chose))
            if not p and not c:
                r.fail(f"{where} predict", None, "a predict round's id, a choose round's, or both")
            out.append(Round(**common, predict=p, choose=c))
    return tuple(out)


def _ids(ids: list[str]) -> str:
    return ", ".join(ids) if ids else "(none before this round)"


def load_workshop(path: str | Path | None = None) -> Workshop:
    """Read and validate a workshop file (the shipped guide's rounds by default)."""
    path = Path(path) if path is not None else GUIDE
    return parse_workshop(read_file(path, "workshop"), str(path))
