"""Intervention kinds as data: one record per kind (indsats), read by every layer.

A kind's record says everything the model needs to know of it: its labels, how long a course
lasts, how many places there are, what a week costs, how it pushes the citizen's phase, which
readiness indicators it works on, which barriers call for it, whether it locks the citizen in
(less job search while it runs, P20), whether it is company-oriented, whether it raises the
chance of going on to education, and where it comes on the staircase. Arrays over kinds, the
strategies' referral rules, the recorder's columns, the UI's labels and the reference model
all derive from these records, so adding a kind (a resource programme, a mentor scheme) is one
more record in `InterventionParams.kinds`.

The numeric attributes that scenarios and sweeps tune (`dur`, `capacity`, `cost`, `push`) are
addressed in files as flat keys of the `[interventions]` group, `<attribute>_<kind>`, for
example `capacity_company`; see `sim.core.params`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from sim.core.errors import ParamError
from sim.core.states import BARRIERS, INDICATORS

# The attributes of a kind that scenarios address as flat keys, with their metadata. Labels and
# descriptions are formed from the kind's own labels, so a new kind needs none of its own here.
TUNABLE: dict[str, dict[str, Any]] = {
    "dur": {
        "type": "int",
        "lo": 1,
        "hi": 104,
        "unit": "weeks",
        "en": "{en}: length",
        "da": "{da}: varighed",
        "desc": "Weeks one course of {desc} lasts.",
        "source": "",
    },
    "capacity": {
        "type": "float",
        "lo": 0.0,
        "hi": 100.0,
        "unit": "places per 100 citizens",
        "en": "{en}: places",
        "da": "{da}: pladser",
        "desc": "Concurrent places in {desc}, per 100 citizens.",
        "source": "P16",
    },
    "cost": {
        "type": "float",
        "lo": 0.0,
        "hi": 100_000.0,
        "unit": "DKK/week",
        "en": "{en}: cost per week",
        "da": "{da}: pris pr. uge",
        "desc": "Public spending per citizen-week in {desc}: the kinds' costs are scaled "
        "together so that current practice spends on places what P29 reports per person in "
        "the group.",
        "source": "P29",
    },
    "push": {
        "type": "float",
        "lo": -5.0,
        "hi": 5.0,
        "unit": "log-odds",
        "en": "{en}: effect on phase",
        "da": "{da}: virkning på fase",
        "desc": "Weekly shift on the log-odds of moving forward rather than back while in {desc}.",
        "source": "P9-P12",
    },
}


@dataclass(frozen=True)
class InterventionKind:
    """One kind of intervention (indsats). Validated on construction.

    `gains` maps readiness indicators to how strongly a week of this kind raises them (a weight
    on `dynamics.indicator_gain`); `needed_by` lists the barriers that call for it, which is
    what the strategies refer by; `staircase_step` orders the support kinds on the staircase
    (lower first; company-oriented work always comes last there). A `resource` kind is a
    resource programme (ressourceforløb): not one the strategies choose, but a pathway the law
    opens to citizens with heavy, lasting barriers, which ends in a clarification of their
    work capacity (P30; see `[interventions] resource_*`).
    """

    name: str
    en: str
    da: str
    desc: str
    dur: int
    capacity: float
    cost: float
    push: float
    gains: tuple[tuple[str, float], ...] = ()
    needed_by: tuple[str, ...] = ()
    company: bool = False
    education: bool = False
    lockin: bool = True
    staircase_step: int = 0
    resource: bool = False
    source: str = ""

    def __post_init__(self) -> None:
        where = f"[interventions] kind {self.name!r}"
        if not (isinstance(self.name, str) and self.name.isidentifier() and self.name.islower()):
            raise ParamError(f"{where} name", self.name, "a lower-case identifier, e.g. 'mentor'")
        for attr in ("en", "da", "desc"):
            if not isinstance(getattr(self, attr), str) or not getattr(self, attr):
                raise ParamError(f"{where} {attr}", getattr(self, attr), "a non-empty text")
        for attr, meta in TUNABLE.items():
            object.__setattr__(
                self, attr, coerce_number(f"{where} {attr}", getattr(self, attr), meta)
            )
        gains = tuple((str(k), float(v)) for k, v in dict(self.gains).items())
        for indicator, weight in gains:
            if indicator not in INDICATORS:
                raise ParamError(
                    f"{where} gains", indicator, "an indicator, one of " + ", ".join(INDICATORS)
                )
            if not (math.isfinite(weight) and 0.0 <= weight <= 5.0):
                raise ParamError(f"{where} gains.{indicator}", weight, "a number from 0 to 5")
        object.__setattr__(self, "gains", gains)
        for barrier in self.needed_by:
            if barrier not in BARRIERS:
                raise ParamError(
                    f"{where} needed_by", barrier, "a barrier, one of " + ", ".join(BARRIERS)
                )
        object.__setattr__(self, "needed_by", tuple(self.needed_by))

    def label(self, lang: str) -> str:
        return self.da if lang == "da" else self.en


def coerce_number(key: str, value: Any, meta: dict[str, Any]) -> int | float:
    """`value` as the int or float `meta` asks for, within its bounds.

    NumPy scalars are accepted like Python ones (analysts' tools hand over `np.int64`).
    """
    kind = "a whole number" if meta["type"] in ("int", int) else "a number"
    allowed = f"{kind} from {meta['lo']:g} to {meta['hi']:g} ({meta['unit']})"
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.number):
        raise ParamError(key, value, allowed)
    if not math.isfinite(value):
        raise ParamError(key, value, allowed)
    if meta["type"] in ("int", int):
        if not float(value).is_integer():
            raise ParamError(key, value, allowed)
        value = int(value)
    else:
        value = float(value)
    if not (meta["lo"] <= value <= meta["hi"]):
        raise ParamError(key, value, allowed)
    return value


# The four kinds of the research (seed 004, DOMAIN.md section 4) and the resource programme
# (P30), in the order of the model's per-kind arrays. The defaults are first guesses;
# calibration/fitted.toml replaces some. Weekly costs are average public spending per activated
# week, scaled together so that current practice spends on places about what P29 and P26 give
# per person in the group (>4 bn DKK / ~68,000 people = ~59,000 DKK a year); caseworkers'
# salaries are counted apart (`caseworkers.salary_per_year`), as administration.
DEFAULT_KINDS: tuple[InterventionKind, ...] = (
    InterventionKind(
        name="company",
        en="Company-oriented",
        da="Virksomhedsrettet",
        desc="a work placement or wage-subsidised job",
        dur=13,
        capacity=10.0,
        cost=6400.0,
        push=0.5,
        # Search, knowledge of the labour market, and the citizen's belief in managing a job.
        gains=(
            ("job_search", 1.0),
            ("market_knowledge", 1.0),
            ("determination", 0.5),
            ("self_belief", 1.0),
        ),
        company=True,
        # Lock-in (P20) was measured for work placements: the ordinary job search slows
        # while the citizen is in one.
        lockin=True,
        source="P11, P20, P21",
    ),
    InterventionKind(
        name="upskilling",
        en="Upskilling",
        da="Opkvalificering",
        desc="a course or education step",
        dur=12,
        capacity=6.0,
        cost=5100.0,
        push=0.1,
        gains=(("market_knowledge", 1.0), ("determination", 0.5), ("self_belief", 0.5)),
        needed_by=("no_education",),
        education=True,
        staircase_step=3,
        source="P12",
    ),
    InterventionKind(
        name="health",
        en="Health",
        da="Sundhed",
        desc="treatment or health support",
        dur=16,
        capacity=6.0,
        cost=7700.0,
        push=0.1,
        gains=(("health_coping", 1.0), ("determination", 0.5)),
        needed_by=("mental", "health", "substance"),
        staircase_step=1,
        source="P12",
    ),
    InterventionKind(
        name="social",
        en="Social",
        da="Socialfaglig",
        desc="mentor, housing or family support",
        dur=20,
        capacity=8.0,
        cost=3400.0,
        push=0.1,
        gains=(("health_coping", 0.5), ("cooperation", 1.0), ("determination", 0.5)),
        needed_by=("social",),
        staircase_step=2,
        source="P12",
    ),
    InterventionKind(
        name="resource",
        en="Resource programme",
        da="Ressourceforløb",
        desc="a long, coordinated programme for heavy, lasting problems, ending in a "
        "clarification of work capacity",
        dur=78,
        capacity=3.0,
        cost=10700.0,
        push=0.1,
        gains=(("health_coping", 1.0), ("cooperation", 0.5), ("self_belief", 0.3)),
        resource=True,
        source="P30",
    ),
)


DEFAULT_KIND_NAMES: tuple[str, ...] = tuple(k.name for k in DEFAULT_KINDS)


@dataclass(frozen=True, eq=False)
class KindTable:
    """The kinds of one run as arrays over kinds, in record order; built once per run."""

    kinds: tuple[InterventionKind, ...]
    names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", tuple(k.name for k in self.kinds))

    def __len__(self) -> int:
        return len(self.kinds)

    @cached_property
    def company(self) -> int:
        """Index of the company-oriented kind (exactly one; `InterventionParams` checks)."""
        return next(i for i, k in enumerate(self.kinds) if k.company)

    @cached_property
    def support(self) -> tuple[int, ...]:
        """The kinds that are not company-oriented."""
        return tuple(i for i, k in enumerate(self.kinds) if not k.company)

    @cached_property
    def education(self) -> tuple[int, ...]:
        """The kinds that raise the chance of going on to education."""
        return tuple(i for i, k in enumerate(self.kinds) if k.education)

    @cached_property
    def lockin(self) -> tuple[int, ...]:
        """The kinds during which the citizen searches less (P20)."""
        return tuple(i for i, k in enumerate(self.kinds) if k.lockin)

    @cached_property
    def duration(self) -> np.ndarray:
        return np.array([k.dur for k in self.kinds], dtype=np.int16)

    @cached_property
    def cost(self) -> np.ndarray:
        return np.array([k.cost for k in self.kinds])

    @cached_property
    def push(self) -> np.ndarray:
        return np.array([k.push for k in self.kinds])

    @cached_property
    def lockin_mask(self) -> np.ndarray:
        """bool (K,): `lockin` as the compiled kernels take a set of kinds."""
        return np.isin(np.arange(len(self.kinds)), self.lockin)

    @cached_property
    def education_mask(self) -> np.ndarray:
        """bool (K,): `education` as the compiled kernels take a set of kinds."""
        return np.isin(np.arange(len(self.kinds)), self.education)

    @cached_property
    def gains(self) -> np.ndarray:
        """float32 (K, indicators): weight of each kind on each indicator."""
        out = np.zeros((len(self.kinds), len(INDICATORS)), dtype=np.float32)
        for i, k in enumerate(self.kinds):
            for indicator, weight in k.gains:
                out[i, INDICATORS.index(indicator)] = weight
        return out

    def by_code(self, indicator_gain: float, rel_gain_without_company: float) -> dict:
        """Per set of running kinds (a code, bit k for kind k): the weekly gain on each
        indicator, the summed push, and whether company-oriented or support work is among
        them. Support without company-oriented work gives only part of its gain (P12). The
        phase kernel looks these up once per citizen instead of looping over the kinds."""
        n_codes = 1 << len(self.kinds)
        gain = np.zeros((n_codes, len(INDICATORS)))
        push = np.zeros(n_codes)
        in_company = np.zeros(n_codes, dtype=bool)
        in_support = np.zeros(n_codes, dtype=bool)
        for code in range(n_codes):
            running = [k for k in range(len(self.kinds)) if code >> k & 1]
            in_company[code] = self.company in running
            in_support[code] = any(k != self.company for k in running)
            weight = 1.0 if in_company[code] else rel_gain_without_company
            for k in running:
                w = 1.0 if k == self.company else weight
                gain[code] += self.gains[k] * w * indicator_gain
                push[code] += self.kinds[k].push
        return {"gain": gain, "push": push, "in_company": in_company, "in_support": in_support}

    def capacity(self, n_citizens: int) -> np.ndarray:
        """Places of each kind for a cohort of `n_citizens`."""
        return np.array([round(k.capacity * n_citizens / 100) for k in self.kinds], dtype=np.int64)

    @cached_property
    def staircase_order(self) -> tuple[int, ...]:
        """Support kinds in the order the staircase takes them."""
        support = [i for i, k in enumerate(self.kinds) if not (k.company or k.resource)]
        return tuple(sorted(support, key=lambda i: self.kinds[i].staircase_step))

    @cached_property
    def resource(self) -> int:
        """The resource programme's kind, or -1 if the run has none."""
        return next((i for i, k in enumerate(self.kinds) if k.resource), -1)

    def kinds_for(self, barrier: str) -> tuple[int, ...]:
        """The kinds a barrier calls for."""
        return tuple(i for i, k in enumerate(self.kinds) if barrier in k.needed_by)

    def needs(self, barriers: np.ndarray) -> np.ndarray:
        """bool (K, n): which kinds each citizen's barriers call for (fixed per citizen)."""
        need = np.zeros((len(self.kinds), barriers.shape[0]), dtype=bool)
        for i, k in enumerate(self.kinds):
            for barrier in k.needed_by:
                need[i] |= barriers[:, BARRIERS.index(barrier)]
        return need
