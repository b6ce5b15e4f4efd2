"""Model parameters: frozen dataclasses grouped by concern, each field with its own metadata.

Every field carries its unit, bounds, a one-line description, a Danish and an English label and,
where one exists, the published figure (P-id in DOMAIN.md) that motivates it. Validation, the
scenario files, the UI and the ODD document all read this one source, so they cannot drift.

Naming (after Starsim): `n_` a count, `p_` a probability per week, `rel_` a multiplier on a
hazard, `dur_` a duration in weeks, `push_` a weekly shift on the log-odds of moving forward
rather than back between phases, `share_` a fraction of a population.

Defaults are a documented first guess, not a fit: calibration (calibration/) replaces them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from sim.core import catalogue
from sim.core.errors import ParamError
from sim.core.kinds import DEFAULT_KINDS, TUNABLE, InterventionKind, coerce_number
from sim.core.states import BELIEFS

# Strategies hold a set of kinds as a bit field in one uint8 per citizen.
MAX_KINDS = 8


def _param(
    default: Any,
    lo: float | None = None,
    hi: float | None = None,
    *,
    unit: str,
    en: str,
    da: str,
    desc: str,
    source: str = "",
    choices: tuple[str, ...] | None = None,
) -> Any:
    return field(
        default=default,
        metadata={
            "lo": lo,
            "hi": hi,
            "unit": unit,
            "en": en,
            "da": da,
            "desc": desc,
            "source": source,
            "choices": choices,
        },
    )


class _Validated:
    """Every parameter group checks its values on construction, whichever path built it
    (a file, `dataclasses.replace`, a direct call): a group that exists is valid."""

    GROUP: ClassVar[str]

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            if "unit" in f.metadata:
                object.__setattr__(self, f.name, _coerce(self.GROUP, f, getattr(self, f.name)))


@dataclass(frozen=True)
class PopulationParams(_Validated):
    """Who the citizens are at the start: a closed cohort, like the BIP study (P1)."""

    GROUP: ClassVar[str] = "population"

    n_citizens: int = _param(
        4000,
        10,
        1_000_000,
        unit="count",
        en="Citizens",
        da="Borgere",
        desc="Citizens in the cohort, all on benefit at week 0.",
        source="P1",
    )
    share_no_education: float = _param(
        0.70,
        0.0,
        1.0,
        unit="share",
        en="No vocational education",
        da="Uden erhvervsuddannelse",
        desc="Share with no vocational education.",
        source="P27",
    )
    share_mental: float = _param(
        0.46,
        0.0,
        1.0,
        unit="share",
        en="Psychiatric diagnosis",
        da="Psykiatrisk diagnose",
        desc="Share with a psychiatric diagnosis.",
        source="P27",
    )
    share_health: float = _param(
        0.20,
        0.0,
        1.0,
        unit="share",
        en="Musculoskeletal disorder",
        da="Bevægeapparatslidelse",
        desc="Share with a musculoskeletal disorder.",
        source="P27",
    )
    share_substance: float = _param(
        0.20,
        0.0,
        1.0,
        unit="share",
        en="Substance abuse",
        da="Misbrug",
        desc="Share with a substance problem (first guess; no published figure).",
    )
    share_social: float = _param(
        0.35,
        0.0,
        1.0,
        unit="share",
        en="Social or family problems",
        da="Sociale eller familiemæssige problemer",
        desc="Share with social or family problems (first guess; no published figure).",
    )
    barrier_correlation: float = _param(
        0.35,
        0.0,
        0.95,
        unit="correlation",
        en="Clustering of problems",
        da="Ophobning af problemer",
        desc="Latent correlation between barriers, so that problems come in clusters.",
        source="P27",
    )
    dur_prior_benefit_mean: float = _param(
        374.0,
        1.0,
        2000.0,
        unit="weeks",
        en="Mean time on benefit before start",
        da="Gennemsnitlig tid på ydelse før start",
        desc="Mean of the exponential time on benefit before week 0; 374 puts 66% past 3 years.",
        source="P28",
    )
    indicator_start_mean: float = _param(
        2.8,
        1.0,
        5.0,
        unit="points (1-5)",
        en="Mean readiness at start",
        da="Gennemsnitlig parathed ved start",
        desc="Mean readiness indicator at week 0 for a citizen with no barriers.",
        source="P6",
    )
    indicator_per_barrier: float = _param(
        0.25,
        0.0,
        1.0,
        unit="points per barrier",
        en="Readiness lost per problem",
        da="Parathed tabt pr. problem",
        desc="How much each barrier lowers the start indicators.",
    )
    indicator_start_sd: float = _param(
        0.6,
        0.0,
        2.0,
        unit="points",
        en="Spread of readiness at start",
        da="Spredning i parathed ved start",
        desc="Standard deviation of start indicators.",
    )
    share_start_progress: float = _param(
        0.15,
        0.0,
        1.0,
        unit="share",
        en="Start in progress",
        da="Starter i fremgang",
        desc="Share in progress at week 0 (the most ready).",
    )
    share_start_regress: float = _param(
        0.25,
        0.0,
        1.0,
        unit="share",
        en="Start in regress",
        da="Starter i tilbagegang",
        desc="Share in regress at week 0.",
    )
    share_start_derailment: float = _param(
        0.10,
        0.0,
        1.0,
        unit="share",
        en="Start in derailment",
        da="Starter i afsporing",
        desc="Share in derailment at week 0 (the least ready); the rest start in standstill.",
    )
    inflow_share_per_year: float = _param(
        0.0,
        0.0,
        2.0,
        unit="share of the cohort per year",
        en="New citizens per year",
        da="Nye borgere pr. år",
        desc="Citizens arriving in the group each year, as a share of the starting cohort "
        "(0: a closed cohort, as in the studies). Arrivals are drawn like the cohort, with "
        "less time on benefit behind them; they come in week by week (Poisson) and are met by "
        "a caseworker of their jobcentre. Nationally some 66,000-70,000 people are in the "
        "group during a year (P26).",
        source="P26",
    )
    inflow_dur_prior_mean: float = _param(
        26.0,
        0.0,
        2000.0,
        unit="weeks",
        en="Time on benefit before arriving",
        da="Tid på ydelse før ankomst",
        desc="Mean of the exponential time on benefit an arriving citizen has behind them.",
    )
    n_jobcentres: int = _param(
        1,
        1,
        50,
        unit="count",
        en="Jobcentres",
        da="Jobcentre",
        desc="Jobcentres the citizens are spread over, evenly; each has its own mix of "
        "citizens, caseworker team, practice and employers (1: one municipality; BIP: 10).",
        source="P1",
    )
    jobcentre_mix_sd: float = _param(
        0.3,
        0.0,
        2.0,
        unit="SD of latent burden",
        en="Differences in citizens between jobcentres",
        da="Forskelle i borgere mellem jobcentre",
        desc="Spread of the jobcentres' shift in the latent burden behind the barriers: some "
        "jobcentres serve citizens with more problems (no effect with one jobcentre).",
        source="P1, P27",
    )


@dataclass(frozen=True)
class CaseworkerParams(_Validated):
    """Caseworkers: caseload, belief, turnover and employer contacts (P2-P8, P23-P24)."""

    GROUP: ClassVar[str] = "caseworkers"

    caseload: int = _param(
        82,
        5,
        300,
        unit="citizens per caseworker",
        en="Caseload",
        da="Sagsstamme",
        desc="Planned citizens per caseworker post; sets the number of posts.",
        source="P24",
    )
    caseload_cap: int = _param(
        120,
        5,
        400,
        unit="citizens per caseworker",
        en="Caseload cap",
        da="Loft over sagsstamme",
        desc="Most citizens a caseworker takes; transfers go only to posts under the cap.",
        source="P24",
    )
    caseload_recommended: int = _param(
        55,
        5,
        300,
        unit="citizens per caseworker",
        en="Recommended caseload",
        da="Anbefalet sagsstamme",
        desc="Above this, meetings are spaced out in proportion to the caseload.",
        source="P23",
    )
    dur_meeting_interval: int = _param(
        4,
        1,
        26,
        unit="weeks",
        en="Weeks between meetings",
        da="Uger mellem samtaler",
        desc="Weeks between meetings at the recommended caseload.",
    )
    optimism_sd: float = _param(
        1.0,
        0.0,
        3.0,
        unit="latent SD",
        en="Spread of caseworker optimism",
        da="Spredning i sagsbehandleres optimisme",
        desc="How much caseworkers differ in their outlook on citizens' chances.",
        source="P7",
    )
    optimism_mean: float = _param(
        0.0,
        -3.0,
        3.0,
        unit="latent",
        en="Caseworker optimism",
        da="Sagsbehandleres optimisme",
        desc="Average caseworker outlook; raises every answer to 'job within a year?'.",
        source="P8",
    )
    belief_weight_readiness: float = _param(
        0.8,
        0.0,
        5.0,
        unit="latent per point",
        en="Belief follows readiness",
        da="Tro følger parathed",
        desc="How strongly the answer follows the citizen's mean indicator.",
        source="P5",
    )
    belief_weight_phase: float = _param(
        0.4,
        0.0,
        5.0,
        unit="latent per phase",
        en="Belief follows phase",
        da="Tro følger fase",
        desc="How much each phase step toward derailment lowers the answer.",
        source="P5",
    )
    belief_weight_barriers: float = _param(
        0.2,
        0.0,
        5.0,
        unit="latent per barrier",
        en="Belief follows problems",
        da="Tro følger problemer",
        desc="How much each barrier lowers the answer.",
    )
    belief_noise_sd: float = _param(
        0.7,
        0.0,
        5.0,
        unit="latent SD",
        en="Noise in belief",
        da="Støj i troen",
        desc="Case-by-case noise in the caseworker's answer.",
    )
    belief_cut_yes: float = _param(
        2.2,
        -10.0,
        10.0,
        unit="latent",
        en="Threshold for 'yes'",
        da="Grænse for 'ja'",
        desc="Latent score above which the answer is an unconditional yes.",
        source="P5",
    )
    belief_cut_good_chance: float = _param(
        1.0,
        -10.0,
        10.0,
        unit="latent",
        en="Threshold for 'good chance'",
        da="Grænse for 'gode chancer'",
        desc="Latent score above which the answer is a good chance.",
        source="P5",
    )
    belief_cut_maybe: float = _param(
        0.2,
        -10.0,
        10.0,
        unit="latent",
        en="Threshold for 'maybe'",
        da="Grænse for 'måske'",
        desc="Latent score above which the answer is in between.",
        source="P5",
    )
    belief_cut_doubtful: float = _param(
        -0.8,
        -10.0,
        10.0,
        unit="latent",
        en="Threshold for 'doubtful'",
        da="Grænse for 'tvivl'",
        desc="Latent score above which the answer is doubtful; below it, no.",
        source="P5",
    )
    belief_forced: str = _param(
        "none",
        unit="choice",
        en="Belief imposed on every caseworker",
        da="Tro påtvunget alle sagsbehandlere",
        desc="none: caseworkers judge each citizen; believe: every answer is 'good chance'; "
        "doubt: every answer is 'doubtful'. A virtual experiment on belief (P4).",
        source="P4",
        choices=("none", "believe", "doubt"),
    )
    p_leave: float = _param(
        0.004,
        0.0,
        0.2,
        unit="probability/week",
        en="Caseworker turnover",
        da="Sagsbehandlerudskiftning",
        desc="Weekly chance a caseworker leaves the job (0.004 is about 19% a year).",
        source="P3",
    )
    dur_vacancy_mean: float = _param(
        4.0,
        0.0,
        52.0,
        unit="weeks",
        en="Weeks a post stays vacant",
        da="Uger uden sagsbehandler",
        desc="Mean weeks before a leaver is replaced; their citizens have no follow-up meanwhile.",
    )
    p_case_transfer: float = _param(
        0.0015,
        0.0,
        0.1,
        unit="probability/week",
        en="Case transfers",
        da="Sagsoverdragelser",
        desc="Weekly chance a citizen is moved to another caseworker by reorganisation.",
        source="P3",
    )
    p_sick_leave: float = _param(
        0.002,
        0.0,
        0.1,
        unit="probability/week",
        en="Caseworker sick leave",
        da="Sagsbehandlers sygefravær",
        desc="Weekly chance a caseworker goes on sick leave.",
    )
    dur_sick_leave: int = _param(
        6,
        1,
        52,
        unit="weeks",
        en="Length of sick leave",
        da="Sygefraværets længde",
        desc="Weeks a caseworker on sick leave holds no meetings.",
    )
    n_contacts_mean: float = _param(
        5.0,
        0.0,
        100.0,
        unit="employers",
        en="Employer contacts per caseworker",
        da="Virksomhedskontakter pr. sagsbehandler",
        desc="Mean employer contacts a caseworker brings at hiring.",
    )
    p_new_contact: float = _param(
        0.02,
        0.0,
        1.0,
        unit="probability/week",
        en="New employer contacts",
        da="Nye virksomhedskontakter",
        desc="Weekly chance a caseworker adds one employer to their network.",
    )
    assignment: str = _param(
        "by_difficulty",
        unit="choice",
        en="How citizens are given a caseworker",
        da="Hvordan borgere får en sagsbehandler",
        desc="by_difficulty: within a jobcentre the citizens with most problems go to the "
        "most experienced caseworkers (teams by specialism); random: dealt out at random.",
        source="P7, seed 002",
        choices=("by_difficulty", "random"),
    )
    experience_mean_years: float = _param(
        6.0,
        0.0,
        40.0,
        unit="years",
        en="Experience of the team at the start",
        da="Holdets erfaring ved start",
        desc="Mean years of experience of the caseworkers at week 0 (exponential spread).",
    )
    experience_new_hire_years: float = _param(
        1.5,
        0.0,
        40.0,
        unit="years",
        en="Experience of a new hire",
        da="Nyansattes erfaring",
        desc="Mean years of experience a replacement brings (exponential spread).",
    )
    rel_noise_novice: float = _param(
        1.6,
        1.0,
        5.0,
        unit="multiplier",
        en="Novices judge less accurately",
        da="Nyuddannede vurderer mindre præcist",
        desc="Noise in a caseworker's view of a citizen with no experience, relative to a "
        "seasoned caseworker; the excess halves with every two years of experience.",
        source="P7",
    )
    skill_sd: float = _param(
        0.0,
        0.0,
        1.5,
        unit="log-hazard SD",
        en="Differences in caseworker skill",
        da="Forskelle i sagsbehandleres dygtighed",
        desc="Spread of how much a caseworker raises or lowers their citizens' chance of a "
        "job or education, beyond what belief, style, experience and employer contacts "
        "explain; each caseworker's factor is drawn at hire and averages 1.",
        source="P7, seed 004",
    )
    jobcentre_practice_sd: float = _param(
        0.3,
        0.0,
        2.0,
        unit="log-odds SD",
        en="Differences in practice between jobcentres",
        da="Forskelle i praksis mellem jobcentre",
        desc="Spread of the jobcentres' shift in how readily a meeting ends in a referral "
        "(no effect with one jobcentre).",
        source="P1, P25",
    )
    caseload_reference: int = _param(
        82,
        5,
        300,
        unit="citizens per caseworker",
        en="Caseload the practice was observed at",
        da="Sagsstamme som praksis blev observeret ved",
        desc="The average caseload far from the labour market (P24). At this caseload the "
        "caseload effects below are neutral, so the fitted rates keep their meaning; above it "
        "plans thin, judgements get noisier and caseworkers leave more often.",
        source="P24",
    )
    caseload_plan_elasticity: float = _param(
        0.6,
        0.0,
        3.0,
        unit="elasticity",
        en="Heavy caseloads thin the plans",
        da="Store sagsstammer udtynder planerne",
        desc="The chance a meeting ends in a referral scales with (caseload_reference / "
        "caseload) to this power: a caseworker with twice the citizens refers fewer and "
        "reacts later to a citizen's initiative.",
        source="P23, P24, seed 002",
    )
    caseload_noise_elasticity: float = _param(
        0.5,
        0.0,
        3.0,
        unit="elasticity",
        en="Heavy caseloads blur the judgement",
        da="Store sagsstammer slører vurderingen",
        desc="The noise in the caseworker's view of a citizen scales with (caseload / "
        "caseload_reference) to this power: less time per citizen, less knowledge of them.",
        source="P24, seed 001",
    )
    caseload_turnover_elasticity: float = _param(
        1.0,
        0.0,
        3.0,
        unit="elasticity",
        en="Heavy caseloads drive caseworkers away",
        da="Store sagsstammer får sagsbehandlere til at gå",
        desc="The chance a caseworker leaves scales with (caseload / caseload_reference) to "
        "this power, post by post.",
        source="P23, P24",
    )
    handover_quality: float = _param(
        0.2,
        0.0,
        1.0,
        unit="share",
        en="Handover quality",
        da="Kvalitet af overdragelser",
        desc="Share of the relationship a change of caseworker keeps: a warm handover with an "
        "overlap meeting keeps the plans on the waiting lists, part of the citizen's "
        "self-belief and part of what the caseworker knew. 0: cold handovers; 1: nothing lost.",
        source="P2, seed 001",
    )
    vacancy_cover: float = _param(
        0.0,
        0.0,
        1.0,
        unit="share",
        en="Vacancy cover",
        da="Dækning af vakante stillinger",
        desc="Share of the follow-up a colleague covers while a post stands vacant: covered "
        "meetings go ahead (with plans), and covered weeks do not count as weeks with no "
        "caseworker.",
        source="P2, P3",
    )
    continuity_rule: str = _param(
        "none",
        unit="choice",
        en="Continuity rule",
        da="Kontinuitetsregel",
        desc="none: reorganisation moves any citizen; standstill: citizens in standstill keep "
        "their caseworker when cases are moved (DOMAIN.md section 3: in standstill, keep the "
        "caseworker).",
        source="seed 000, seed 001",
        choices=("none", "standstill"),
    )
    rel_belief_noise_new: float = _param(
        2.0,
        1.0,
        5.0,
        unit="multiplier",
        en="A new caseworker knows the citizen less",
        da="En ny sagsbehandler kender borgeren mindre",
        desc="Noise in a caseworker's view of a citizen in the first quarter after a change, "
        "relative to later (before what the handover keeps).",
        source="seed 001",
    )
    salary_per_year: float = _param(
        600_000.0,
        0.0,
        2_000_000.0,
        unit="DKK per post-year",
        en="Cost of a caseworker",
        da="Udgift til en sagsbehandler",
        desc="Salary with pension and working costs of one filled post (first guess from "
        "public pay scales for social workers, about DKK 40,000 a month plus pension and "
        "overhead).",
    )


@dataclass(frozen=True)
class EmployerParams(_Validated):
    """Employers: where placements and jobs happen (seed 002, seed 004, P21)."""

    GROUP: ClassVar[str] = "employers"

    n_per_100_citizens: float = _param(
        5.0,
        0.1,
        100.0,
        unit="employers per 100 citizens",
        en="Employers",
        da="Virksomheder",
        desc="Local employers the jobcentre can reach, per 100 citizens.",
    )
    share_public: float = _param(
        0.3,
        0.0,
        1.0,
        unit="share",
        en="Public employers",
        da="Offentlige arbejdsgivere",
        desc="Share of employers that are public.",
        source="P21",
    )
    openness_mean: float = _param(
        0.35,
        0.01,
        0.99,
        unit="probability",
        en="Employer openness",
        da="Virksomheders åbenhed",
        desc="Mean chance an employer accepts a vulnerable citizen it is offered.",
    )
    openness_concentration: float = _param(
        4.0,
        0.5,
        100.0,
        unit="beta concentration",
        en="Spread of openness (inverse)",
        da="Spredning i åbenhed (omvendt)",
        desc="Concentration of the beta distribution of openness; low means very unequal.",
    )
    slots_mean: float = _param(
        3.0,
        0.0,
        50.0,
        unit="placements",
        en="Placement slots per employer",
        da="Praktikpladser pr. virksomhed",
        desc="Mean placement slots an employer offers.",
    )
    share_with_mentor: float = _param(
        0.4,
        0.0,
        1.0,
        unit="share",
        en="Employers with a mentor",
        da="Virksomheder med mentor",
        desc="Share of employers with a workplace mentor; a mentor halves the harm of a misfit.",
    )
    p_vacancy: float = _param(
        0.08,
        0.0,
        1.0,
        unit="probability/week",
        en="New vacancies",
        da="Nye ledige stillinger",
        desc="Weekly chance an employer opens an ordinary vacancy.",
    )
    p_vacancy_filled_elsewhere: float = _param(
        0.3,
        0.0,
        1.0,
        unit="probability/week",
        en="Vacancies taken by others",
        da="Stillinger besat af andre",
        desc="Weekly chance an open vacancy goes to someone outside the cohort.",
    )
    p_open_market: float = _param(
        0.35,
        0.0,
        1.0,
        unit="probability",
        en="Jobs found outside the network",
        da="Job fundet uden for netværket",
        desc="Chance a job-ready citizen with no vacancy in the network finds a job on their own.",
    )
    p_seek_fit: float = _param(
        0.6,
        0.0,
        1.0,
        unit="probability",
        en="Search matches the wish",
        da="Søgning matcher ønsket",
        desc="Chance the caseworker looks in the citizen's wished sector, when they know "
        "employers there.",
    )
    p_employer_service: float = _param(
        0.05,
        0.0,
        1.0,
        unit="probability/week",
        en="Jobcentre employer service",
        da="Jobcentrets virksomhedsservice",
        desc="Weekly chance the jobcentre's employer service finds a placement among the "
        "jobcentre's employers for a citizen whose caseworker's contacts found none.",
        source="P15",
    )


@dataclass(frozen=True)
class InterventionParams(_Validated):
    """The kinds of intervention (records in sim.core.kinds) and what a change does to plans.

    In files, a kind's tunable attributes are flat keys, `<attribute>_<kind>` (`dur_company`,
    `capacity_health`, `cost_social`, `push_upskilling`, ...). A scenario may add a kind with a
    table `[interventions.kinds.NAME]` holding a whole record.
    """

    GROUP: ClassVar[str] = "interventions"

    kinds: tuple[InterventionKind, ...] = field(default=DEFAULT_KINDS, metadata={"kinds": True})
    p_refer_resource: float = _param(
        0.03,
        0.0,
        1.0,
        unit="probability per meeting",
        en="Referral to a resource programme",
        da="Henvisning til ressourceforløb",
        desc="Chance a meeting refers an eligible citizen (heavy, lasting problems) to a "
        "resource programme, whatever the strategy: a pathway the law opens.",
        source="P30",
    )
    resource_min_barriers: int = _param(
        3,
        0,
        5,
        unit="barriers",
        en="Problems that qualify for a resource programme",
        da="Problemer der giver adgang til ressourceforløb",
        desc="Barriers a citizen must have to be referred to a resource programme.",
        source="P30",
    )
    resource_min_years: float = _param(
        4.0,
        0.0,
        40.0,
        unit="years on benefit",
        en="Years on benefit before a resource programme",
        da="År på ydelse før ressourceforløb",
        desc="Years on benefit a citizen must have behind them: those before joining the group, "
        "plus the weeks since joining (week 0, or a newcomer's arrival).",
        source="P30",
    )
    resource_pension_below: float = _param(
        1.6,
        1.0,
        5.0,
        unit="points (1-5)",
        en="Readiness below which the clarification gives pension",
        da="Parathed under hvilken afklaringen giver førtidspension",
        desc="At the end of a resource programme, a citizen whose readiness is below this is "
        "granted disability pension.",
        source="P30",
    )
    resource_flexjob_below: float = _param(
        2.3,
        1.0,
        5.0,
        unit="points (1-5)",
        en="Readiness below which the clarification gives a flexjob",
        da="Parathed under hvilken afklaringen giver fleksjob",
        desc="At the end of a resource programme, a citizen not granted pension whose "
        "readiness is below this is granted a flexjob; the rest go back to their plans.",
        source="P30",
    )
    p_lose_waiting_on_change: float = _param(
        0.5,
        0.0,
        1.0,
        unit="probability",
        en="Plans lost at a change",
        da="Planer tabt ved skift",
        desc="Chance a waiting-list place is dropped when the citizen changes caseworker.",
    )

    def __post_init__(self) -> None:
        kinds = self.kinds
        if not isinstance(kinds, tuple | list) or not all(
            isinstance(k, InterventionKind) for k in kinds
        ):
            raise ParamError("[interventions] kinds", kinds, "a tuple of InterventionKind records")
        kinds = tuple(kinds)
        object.__setattr__(self, "kinds", kinds)
        names = [k.name for k in kinds]
        if not 1 <= len(kinds) <= MAX_KINDS:
            raise ParamError("[interventions] kinds", names, f"1 to {MAX_KINDS} kinds")
        if len(set(names)) != len(names):
            raise ParamError("[interventions] kinds", names, "every kind needs its own name")
        if sum(k.company for k in kinds) != 1:
            raise ParamError(
                "[interventions] kinds", names, "exactly one kind must be company-oriented"
            )
        super().__post_init__()

    def kind(self, name: str) -> InterventionKind:
        for k in self.kinds:
            if k.name == name:
                return k
        raise KeyError(name)

    def flat(self) -> dict[str, Any]:
        """The kinds' tunable attributes as flat keys, attribute by attribute."""
        return {f"{attr}_{k.name}": getattr(k, attr) for attr in TUNABLE for k in self.kinds}


# The strategy names are the catalogue's (sim.core.catalogue), defined once.
STRATEGIES: tuple[str, ...] = tuple(catalogue.STRATEGIES)


@dataclass(frozen=True)
class StrategyParams(_Validated):
    """How the jobcentre organises interventions (section 4 of DOMAIN.md)."""

    GROUP: ClassVar[str] = "strategy"

    name: str = _param(
        "status_quo",
        unit="choice",
        en="Strategy",
        da="Strategi",
        desc="status_quo: observed practice; staircase: one at a time, employers last; "
        "parallel: company-oriented from the start with support alongside; "
        "parallel_phase_sensitive: parallel, offered as the citizen's phase allows (the same "
        "as parallel with phase_sensitive = 'yes'); none: control.",
        choices=STRATEGIES,
    )
    p_refer: float = _param(
        0.8,
        0.0,
        1.0,
        unit="probability per meeting",
        en="Referral at a meeting",
        da="Henvisning ved samtale",
        desc="Chance a meeting under staircase or parallel ends in the next referral.",
    )
    staircase_readiness: float = _param(
        3.0,
        1.0,
        5.0,
        unit="points (1-5)",
        en="Readiness before company work (staircase)",
        da="Parathed før virksomhedsrettet indsats (trappestige)",
        desc="Under the staircase, mean indicator a citizen must reach before company work.",
    )
    p_refer_status_quo: float = _param(
        0.08,
        0.0,
        1.0,
        unit="probability per meeting",
        en="Referral in current practice",
        da="Henvisning i nuværende praksis",
        desc="Chance a meeting in current practice ends in a referral (low activation).",
        source="P16, P19",
    )
    refer_optimism: float = _param(
        0.4,
        0.0,
        3.0,
        unit="log-odds per SD",
        en="Optimists refer more",
        da="Optimister henviser mere",
        desc="In current practice, how much caseworker optimism raises referrals.",
        source="P8",
    )
    share_company_status_quo: float = _param(
        0.25,
        0.0,
        1.0,
        unit="share",
        en="Company share in current practice",
        da="Virksomhedsrettet andel i nuværende praksis",
        desc="Share of current-practice referrals that are company-oriented (for a stepwise "
        "caseworker; firm ones choose it more, patient ones less).",
        source="P18",
    )
    p_parallel_status_quo: float = _param(
        0.1,
        0.0,
        1.0,
        unit="probability per meeting",
        en="Support alongside company work in current practice",
        da="Støtte ved siden af virksomhedsrettet indsats i nuværende praksis",
        desc="In current practice, chance a meeting with a citizen in a company-oriented place "
        "adds the support their barriers call for (BIP saw some parallel bundles).",
        source="P17",
    )
    phase_sensitive: str = _param(
        "no",
        unit="choice",
        en="Phase-sensitive practice",
        da="Fasefølsom praksis",
        desc="yes: the caseworker acts on the citizen's phase (DOMAIN.md section 3): in "
        "progress a company place comes fast (front of the queue); in standstill the citizen "
        "keeps the caseworker and waiting is explained (half the harm); in derailment first "
        "the health or social support the citizen needs, company work only once back in "
        "regress or better. no: the strategy is applied the same in every phase.",
        source="seed 000, seed 004",
        choices=("no", "yes"),
    )
    fast_track_weeks: int = _param(
        8,
        0,
        52,
        unit="weeks",
        en="Head start in the queue (phase-sensitive, progress)",
        da="Forspring i køen (fasefølsom, fremgang)",
        desc="Under phase-sensitive practice, a citizen in progress joins the company queue "
        "as if they had waited this many weeks already.",
        source="seed 000",
    )

    @property
    def phase_sensitive_practice(self) -> bool:
        """Whether the caseworker acts on the citizen's phase: the phase-sensitive lever, or
        the strategy that names it."""
        return self.phase_sensitive == "yes" or self.name == "parallel_phase_sensitive"


@dataclass(frozen=True)
class DynamicsParams(_Validated):
    """Weekly rates: phase moves, indicator drift, exits and returns.

    Phase moves: each week a citizen on benefit moves one phase with chance `p_phase_move`;
    forward (toward progress) with chance sigmoid(push) of that, back otherwise. `push` sums
    the `push_` terms that apply to the citizen this week.
    """

    GROUP: ClassVar[str] = "dynamics"

    p_phase_move: float = _param(
        0.06,
        0.0,
        1.0,
        unit="probability/week",
        en="Phase changes",
        da="Faseskift",
        desc="Weekly chance of moving one phase, forward or back.",
    )
    push_base: float = _param(
        0.0,
        -5.0,
        5.0,
        unit="log-odds",
        en="Baseline push",
        da="Grundlæggende tendens",
        desc="Push every citizen on benefit gets.",
    )
    push_no_intervention: float = _param(
        -0.3,
        -5.0,
        5.0,
        unit="log-odds",
        en="No intervention",
        da="Ingen indsats",
        desc="Push while no intervention is active.",
        source="P10",
    )
    push_passive_per_year: float = _param(
        -0.3,
        -5.0,
        0.0,
        unit="log-odds per year",
        en="Passive waiting",
        da="Passiv ventetid",
        desc="Push per year of uninterrupted passive weeks.",
        source="P13",
    )
    push_combined: float = _param(
        0.6,
        -5.0,
        5.0,
        unit="log-odds",
        en="Company plus support",
        da="Virksomhed plus støtte",
        desc="Extra push when a company-oriented intervention runs alongside another.",
        source="P9",
    )
    push_belief: float = _param(
        0.15,
        0.0,
        2.0,
        unit="log-odds per level",
        en="Caseworker belief",
        da="Sagsbehandlers tro",
        desc="Push per level the caseworker's answer lies above 'maybe' (negative below).",
        source="P4",
    )
    push_change: float = _param(
        -0.6,
        -5.0,
        0.0,
        unit="log-odds",
        en="Recent change of caseworker",
        da="Nyligt sagsbehandlerskift",
        desc="Push in the weeks after a change of caseworker or during a vacancy.",
        source="P2",
    )
    rel_change_standstill: float = _param(
        2.0,
        1.0,
        10.0,
        unit="multiplier",
        en="Change hurts more in standstill",
        da="Skift skader mere i stilstand",
        desc="How much more a change hurts a citizen in standstill.",
    )
    dur_change_effect: int = _param(
        8,
        1,
        52,
        unit="weeks",
        en="Weeks a change is felt",
        da="Uger et skift mærkes",
        desc="Weeks after a change of caseworker during which `push_change` applies.",
    )
    push_fit: float = _param(
        0.3,
        -5.0,
        5.0,
        unit="log-odds",
        en="Placement fits the wish",
        da="Praktik passer til ønsket",
        desc="Push while in a placement in the sector the citizen wishes.",
        source="seed 004",
    )
    push_misfit: float = _param(
        -0.5,
        -5.0,
        5.0,
        unit="log-odds",
        en="Placement against the wish",
        da="Praktik mod ønsket",
        desc="Push while in a placement outside the wished sector (halved with a mentor).",
        source="seed 004",
    )
    push_readiness: float = _param(
        0.3,
        0.0,
        5.0,
        unit="log-odds per point",
        en="Readiness carries forward",
        da="Parathed bærer frem",
        desc="Push per point the mean indicator lies above 3.",
    )
    p_life_event: float = _param(
        0.004,
        0.0,
        0.2,
        unit="probability/week",
        en="Life crises",
        da="Livskriser",
        desc="Weekly chance of a crisis (illness, eviction, break-up) for a citizen with none of "
        "the mental, substance or social barriers.",
    )
    rel_life_event_barrier: float = _param(
        1.5,
        1.0,
        10.0,
        unit="multiplier per barrier",
        en="Crises with problems",
        da="Kriser med problemer",
        desc="Multiplier on crises per mental, substance or social barrier.",
    )
    indicator_drift_progress: float = _param(
        0.008,
        -0.2,
        0.2,
        unit="points/week",
        en="Readiness drift in progress",
        da="Parathed i fremgang",
        desc="Weekly change of every indicator while in progress.",
    )
    indicator_drift_standstill: float = _param(
        0.0,
        -0.2,
        0.2,
        unit="points/week",
        en="Readiness drift in standstill",
        da="Parathed i stilstand",
        desc="Weekly change of every indicator while in standstill.",
    )
    indicator_drift_regress: float = _param(
        -0.005,
        -0.2,
        0.2,
        unit="points/week",
        en="Readiness drift in regress",
        da="Parathed i tilbagegang",
        desc="Weekly change of every indicator while in regress.",
    )
    indicator_drift_derailment: float = _param(
        -0.010,
        -0.2,
        0.2,
        unit="points/week",
        en="Readiness drift in derailment",
        da="Parathed i afsporing",
        desc="Weekly change of every indicator while derailed.",
    )
    indicator_gain: float = _param(
        0.02,
        0.0,
        0.5,
        unit="points/week",
        en="Readiness gained in an intervention",
        da="Parathed vundet i indsats",
        desc="Weekly gain on the indicators an active intervention targets.",
        source="P9",
    )
    rel_gain_without_company: float = _param(
        0.25,
        0.0,
        1.0,
        unit="multiplier",
        en="Support without company work",
        da="Støtte uden virksomhedsrettet indsats",
        desc="Share of the gain a non-company intervention gives when no company-oriented one "
        "runs alongside.",
        source="P12",
    )
    indicator_noise_sd: float = _param(
        0.5,
        0.0,
        2.0,
        unit="points",
        en="Measurement noise",
        da="Målestøj",
        desc="Noise in the quarterly 1-5 indicator answers recorded in the panel.",
    )
    p_job_ready: float = _param(
        0.004,
        0.0,
        0.5,
        unit="probability/week",
        en="Job readiness (base)",
        da="Jobparathed (grundniveau)",
        desc="Weekly chance a standstill citizen at mean readiness 3 looks for and can take a job.",
    )
    rel_job_progress: float = _param(
        2.0,
        0.0,
        20.0,
        unit="multiplier",
        en="Job chance in progress",
        da="Jobchance i fremgang",
        desc="Job hazard in progress relative to standstill.",
    )
    rel_job_regress: float = _param(
        0.4,
        0.0,
        5.0,
        unit="multiplier",
        en="Job chance in regress",
        da="Jobchance i tilbagegang",
        desc="Job hazard in regress relative to standstill.",
    )
    rel_job_derailment: float = _param(
        0.1,
        0.0,
        5.0,
        unit="multiplier",
        en="Job chance in derailment",
        da="Jobchance i afsporing",
        desc="Job hazard in derailment relative to standstill.",
    )
    rel_job_per_point: float = _param(
        1.6,
        1.0,
        10.0,
        unit="multiplier per point",
        en="Readiness and jobs",
        da="Parathed og job",
        desc="Job hazard multiplier per point of mean indicator above 3.",
        source="P6",
    )
    rel_job_belief: float = _param(
        1.33,
        0.2,
        5.0,
        unit="multiplier",
        en="Belief and jobs",
        da="Tro og job",
        desc="Job and education hazard multiplier while the caseworker answers yes or good "
        "chance (the study's estimate is the calibration target, not this).",
        source="P4",
    )
    rel_job_per_change: float = _param(
        0.95,
        0.1,
        1.0,
        unit="multiplier per change",
        en="Lasting cost of a change (residual)",
        da="Varig pris for et skift (rest)",
        desc="Job hazard multiplier per change of caseworker so far: a small residual for what "
        "the channels (self-belief, knowledge, lost places, vacancy weeks, the push after a "
        "change) do not carry. P2's figure is to emerge from the channels, not from this.",
        source="P2",
    )
    rel_job_lockin: float = _param(
        0.6,
        0.0,
        1.0,
        unit="multiplier",
        en="Lock-in",
        da="Fastlåsning",
        desc="Job hazard multiplier during a non-company intervention (less search).",
        source="P20",
    )
    rel_job_per_year_on_benefit: float = _param(
        0.95,
        0.5,
        1.0,
        unit="multiplier per year",
        en="Long time on benefit",
        da="Lang tid på ydelse",
        desc="Job hazard multiplier per year on benefit before joining the group (week 0, or "
        "a newcomer's arrival).",
        source="P28",
    )
    rel_job_after_private: float = _param(
        1.8,
        1.0,
        5.0,
        unit="multiplier",
        en="After a private placement",
        da="Efter privat praktik",
        desc="Job hazard multiplier after completing a private placement.",
        source="P21",
    )
    rel_job_after_public: float = _param(
        1.6,
        1.0,
        5.0,
        unit="multiplier",
        en="After a public placement",
        da="Efter offentlig praktik",
        desc="Job hazard multiplier after completing a public placement.",
        source="P21",
    )
    rel_job_after_other: float = _param(
        1.25,
        1.0,
        5.0,
        unit="multiplier",
        en="After other activation",
        da="Efter anden aktivering",
        desc="Job hazard multiplier after completing another intervention.",
        source="P21",
    )
    dur_after_effect: int = _param(
        26,
        1,
        208,
        unit="weeks",
        en="Weeks an after-effect lasts",
        da="Uger en eftervirkning varer",
        desc="Weeks after an intervention ends during which the after-effect applies.",
    )
    p_hire_from_placement: float = _param(
        0.02,
        0.0,
        1.0,
        unit="probability/week",
        en="Hired from placement",
        da="Ansat fra praktik",
        desc="Weekly chance a placement turns into a job, times the employer's openness.",
    )
    rel_hire_misfit: float = _param(
        0.5,
        0.0,
        2.0,
        unit="multiplier",
        en="Placements outside the wish rarely become jobs",
        da="Praktik uden for ønsket bliver sjældent til job",
        desc="Hiring-from-placement hazard multiplier when the placement is not in the sector "
        "the citizen wants.",
        source="seed 004",
    )
    rel_hire_mentor: float = _param(
        1.5,
        0.5,
        5.0,
        unit="multiplier",
        en="A mentor helps a placement become a job",
        da="En mentor hjælper praktik til job",
        desc="Hiring-from-placement hazard multiplier at an employer with a workplace mentor.",
        source="seed 004",
    )
    push_placement_derailment: float = _param(
        -0.6,
        -3.0,
        0.0,
        unit="log-odds",
        en="Company work while derailed",
        da="Virksomhedsrettet indsats under afsporing",
        desc="Extra push in a company-oriented place while derailed: demands the citizen "
        "cannot meet push them further back.",
        source="seed 004, seed 000",
    )
    indicator_loss_waiting: float = _param(
        0.002,
        0.0,
        0.1,
        unit="points/week",
        en="Readiness lost while waiting",
        da="Parathed tabt under ventetid",
        desc="Weekly loss on every readiness indicator (self-belief included) for a citizen "
        "on a waiting list with no intervention running.",
        source="P13",
    )
    self_belief_from_belief: float = _param(
        0.012,
        0.0,
        0.2,
        unit="points/week",
        en="The caseworker's belief feeds self-belief",
        da="Sagsbehandlerens tro styrker selvtroen",
        desc="Weekly rise in the citizen's self-belief while the caseworker believes in a "
        "job (yes, good chance), and fall while the caseworker doubts (doubtful, no).",
        source="P4, P6, seed 001",
    )
    self_belief_continuity: float = _param(
        0.004,
        0.0,
        0.1,
        unit="points/week",
        en="Continuity builds self-belief",
        da="Kontinuitet bygger selvtro",
        desc="Weekly rise in self-belief once the citizen has had the same caseworker past the "
        "change period (dur_change_effect).",
        source="seed 001",
    )
    self_belief_placement: float = _param(
        0.02,
        0.0,
        0.2,
        unit="points/week",
        en="Meaningful placements build self-belief",
        da="Meningsfuld praktik bygger selvtro",
        desc="Weekly rise in self-belief in a placement that fits the wish, and fall in one "
        "that does not (halved with a mentor).",
        source="seed 004",
    )
    self_belief_loss_change: float = _param(
        0.4,
        0.0,
        3.0,
        unit="points",
        en="Self-belief lost at a change of caseworker",
        da="Selvtro tabt ved skift af sagsbehandler",
        desc="Fall in self-belief when the caseworker changes (before what the handover "
        "keeps): the relationship and trust start over.",
        source="P2, seed 001",
    )
    self_belief_loss_crisis: float = _param(
        0.3,
        0.0,
        3.0,
        unit="points",
        en="Self-belief lost in a crisis",
        da="Selvtro tabt ved en krise",
        desc="Fall in self-belief when a crisis strikes.",
        source="seed 000",
    )
    rel_job_per_self_belief: float = _param(
        1.15,
        1.0,
        3.0,
        unit="multiplier per point",
        en="Self-belief drives the job search",
        da="Selvtro driver jobsøgningen",
        desc="Job hazard multiplier per point of self-belief above 3, on top of readiness as "
        "a whole: the citizen's own belief in managing a job (P6).",
        source="P6, seed 001",
    )
    push_self_belief: float = _param(
        0.15,
        0.0,
        2.0,
        unit="log-odds per point",
        en="Self-belief moves the phase",
        da="Selvtro flytter fasen",
        desc="Push toward progress per point of self-belief above 3.",
        source="seed 000, seed 001",
    )
    p_education: float = _param(
        0.0008,
        0.0,
        0.2,
        unit="probability/week",
        en="Start of education",
        da="Start på uddannelse",
        desc="Weekly chance of starting an education (base).",
    )
    rel_education_upskilling: float = _param(
        3.0,
        1.0,
        20.0,
        unit="multiplier",
        en="Education after upskilling",
        da="Uddannelse efter opkvalificering",
        desc="Education hazard multiplier during and after upskilling.",
    )
    p_flexjob: float = _param(
        0.0003,
        0.0,
        0.2,
        unit="probability/week",
        en="Flexjob",
        da="Fleksjob",
        desc="Weekly chance of a flexjob for a citizen with no health barrier.",
    )
    rel_flexjob_health: float = _param(
        3.0,
        1.0,
        20.0,
        unit="multiplier",
        en="Flexjob with health problems",
        da="Fleksjob med helbredsproblemer",
        desc="Flexjob hazard multiplier with a health or mental barrier.",
    )
    p_pension: float = _param(
        0.00015,
        0.0,
        0.2,
        unit="probability/week",
        en="Disability pension",
        da="Førtidspension",
        desc="Weekly chance of disability pension for a citizen with no barriers.",
    )
    rel_pension_per_barrier: float = _param(
        1.6,
        1.0,
        10.0,
        unit="multiplier per barrier",
        en="Pension with problems",
        da="Pension med problemer",
        desc="Pension hazard multiplier per barrier.",
    )
    rel_pension_derailment: float = _param(
        2.0,
        1.0,
        10.0,
        unit="multiplier",
        en="Pension when derailed",
        da="Pension ved afsporing",
        desc="Pension hazard multiplier in derailment.",
    )
    rel_clarification_per_year: float = _param(
        1.03,
        1.0,
        1.5,
        unit="multiplier per year",
        en="Clarification grows with time on benefit",
        da="Afklaring vokser med tid på ydelse",
        desc="Flexjob and pension hazard multiplier per year on benefit (those before joining "
        "the group, plus the weeks since joining: week 0, or a newcomer's arrival): the longer a "
        "citizen has been on benefit, the likelier their work capacity is clarified outside a "
        "resource programme too.",
        source="P28, P30",
    )
    p_job_end_first_quarter: float = _param(
        0.023,
        0.0,
        1.0,
        unit="probability/week",
        en="Jobs ending early",
        da="Job der ophører tidligt",
        desc="Weekly chance a job ends in its first 13 weeks.",
        source="P22",
    )
    p_job_end_first_year: float = _param(
        0.010,
        0.0,
        1.0,
        unit="probability/week",
        en="Jobs ending within a year",
        da="Job der ophører inden et år",
        desc="Weekly chance a job ends in weeks 14-52.",
        source="P22",
    )
    p_job_end_later: float = _param(
        0.004,
        0.0,
        1.0,
        unit="probability/week",
        en="Jobs ending later",
        da="Job der ophører senere",
        desc="Weekly chance a job ends after its first year.",
        source="P22",
    )
    rel_job_end_fit: float = _param(
        0.7,
        0.1,
        2.0,
        unit="multiplier",
        en="Jobs that fit last",
        da="Job der passer holder",
        desc="Job-end hazard multiplier when the job is in the wished sector.",
    )
    p_education_dropout: float = _param(
        0.004,
        0.0,
        1.0,
        unit="probability/week",
        en="Education dropout",
        da="Frafald fra uddannelse",
        desc="Weekly chance of leaving education and returning to benefit.",
    )


@dataclass(frozen=True)
class CostParams(_Validated):
    """What the public pays, per citizen or post, for the full-cost outcomes.

    First guesses from public rates (2024 levels, rounded); intervention places cost what their
    kinds say (`cost_<kind>` in [interventions]) and caseworkers what `salary_per_year` says.
    """

    GROUP: ClassVar[str] = "costs"

    benefit_per_year: float = _param(
        150_000.0,
        0.0,
        1_000_000.0,
        unit="DKK per citizen-year",
        en="Cash benefit",
        da="Kontanthjælp",
        desc="Cash benefit (kontanthjælp) paid per citizen on benefit (first guess: the 2024 "
        "rate for a person over 30, between the rates without and with children).",
    )
    flexjob_per_year: float = _param(
        160_000.0,
        0.0,
        1_000_000.0,
        unit="DKK per citizen-year",
        en="Flexjob subsidy",
        da="Fleksløntilskud",
        desc="Public wage subsidy per citizen in a flexjob (first guess).",
    )
    pension_per_year: float = _param(
        240_000.0,
        0.0,
        1_000_000.0,
        unit="DKK per citizen-year",
        en="Disability pension",
        da="Førtidspension",
        desc="Disability pension paid per citizen (first guess: the 2024 rate for a single "
        "person, rounded).",
    )


@dataclass(frozen=True)
class RunParams(_Validated):
    """How long to run, how many replicates, and the root seed."""

    GROUP: ClassVar[str] = "run"

    weeks: int = _param(
        208,
        1,
        2080,
        unit="weeks",
        en="Weeks",
        da="Uger",
        desc="Weeks to simulate (208 is the four years of the BIP follow-up).",
        source="P1",
    )
    replicates: int = _param(
        10,
        1,
        100_000,
        unit="count",
        en="Replicates",
        da="Gentagelser",
        desc="Replicate runs with seeds spawned from the root seed.",
    )
    seed: int = _param(
        20261122,
        0,
        2**63 - 1,
        unit="integer",
        en="Seed",
        da="Startværdi (seed)",
        desc="Root seed; the same seed gives the same numbers.",
    )


GROUPS: dict[str, type] = {
    "population": PopulationParams,
    "caseworkers": CaseworkerParams,
    "employers": EmployerParams,
    "interventions": InterventionParams,
    "strategy": StrategyParams,
    "dynamics": DynamicsParams,
    "costs": CostParams,
    "run": RunParams,
}


@dataclass(frozen=True)
class Params:
    """All parameters of one model run, one frozen group per concern."""

    population: PopulationParams = field(default_factory=PopulationParams)
    caseworkers: CaseworkerParams = field(default_factory=CaseworkerParams)
    employers: EmployerParams = field(default_factory=EmployerParams)
    interventions: InterventionParams = field(default_factory=InterventionParams)
    strategy: StrategyParams = field(default_factory=StrategyParams)
    dynamics: DynamicsParams = field(default_factory=DynamicsParams)
    costs: CostParams = field(default_factory=CostParams)
    run: RunParams = field(default_factory=RunParams)

    def __post_init__(self) -> None:
        for name, cls in GROUPS.items():
            if not isinstance(getattr(self, name), cls):
                raise ParamError(f"[{name}]", getattr(self, name), f"a {cls.__name__}")
        check_combinations(self)

    @classmethod
    def from_dict(cls, data: dict[str, dict[str, Any]]) -> Params:
        """Build from nested plain values, validating every key and value."""
        unknown = sorted(set(data) - set(GROUPS))
        if unknown:
            raise ParamError(
                f"[{unknown[0]}]", None, f"unknown section; valid sections: {', '.join(GROUPS)}"
            )
        groups = {name: make_group(name, data.get(name, {})) for name in GROUPS}
        return cls(**groups)

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """Nested plain values; `Params.from_dict(p.to_dict()) == p`."""
        return {name: group_values(getattr(self, name)) for name in GROUPS}

    def get(self, dotted: str) -> Any:
        """One value by its "group.field" name, as files name it (`interventions.dur_company`),
        or by any name `with_values` accepts."""
        group, _, name = flat_name(dotted).partition(".")
        if group not in GROUPS:
            raise KeyError(dotted)
        return group_values(getattr(self, group))[name]

    def with_values(self, **dotted: Any) -> Params:
        """A copy with some values replaced (validated like a file; NumPy scalars accepted).

        Keys are "group.field", "group__field", or a lever's own name where it is unique
        across groups (`caseload`, `p_leave`, `capacity_company`) or one of the short names
        `citizens`, `weeks`, `seed` and `strategy`.
        """
        data = self.to_dict()
        for key, value in dotted.items():
            group, _, name = flat_name(key).partition(".")
            if group not in GROUPS or not name:
                raise ParamError(key, value, "expected 'group.field', groups: " + ", ".join(GROUPS))
            data[group][name] = value
        return Params.from_dict(data)


SHORT_NAMES = {
    "citizens": "population.n_citizens",
    "weeks": "run.weeks",
    "seed": "run.seed",
    "strategy": "strategy.name",
}


def flat_name(key: str) -> str:
    """The "group.field" a flat keyword names: dotted, double-underscored, a short name, or a
    field name that only one group has (for the default kinds). Unknown or ambiguous names
    are left for the caller's validation to refuse."""
    if "." in key:
        return key
    if "__" in key:
        return key.replace("__", ".", 1)
    if key in SHORT_NAMES:
        return SHORT_NAMES[key]
    groups = [g for g in GROUPS if any(f.name == key for f in group_fields(g))]
    if len(groups) == 1:
        return f"{groups[0]}.{key}"
    if len(groups) > 1:
        raise ParamError(
            key, None, f"ambiguous; name it as one of {', '.join(f'{g}.{key}' for g in groups)}"
        )
    raise ParamError(key, None, "unknown parameter; name it as 'group.field' (see docs/ODD.md)")


@dataclass(frozen=True)
class Spec:
    """One addressable parameter: a dataclass field, or a kind's tunable attribute.

    It has the `name`, `type`, `default` and `metadata` of a `dataclasses.Field`, so code that
    lists parameters (validation, the UI, the ODD table) treats both alike.
    """

    name: str
    type: str
    default: Any
    metadata: dict[str, Any]


def _kind_specs(kinds: tuple[InterventionKind, ...]) -> list[Spec]:
    out = []
    for attr, meta in TUNABLE.items():
        for k in kinds:
            labels = {"en": k.en, "da": k.da, "desc": k.desc}
            out.append(
                Spec(
                    name=f"{attr}_{k.name}",
                    type=meta["type"],
                    default=getattr(k, attr),
                    metadata={
                        **meta,
                        "en": meta["en"].format(**labels),
                        "da": meta["da"].format(**labels),
                        "desc": meta["desc"].format(**labels),
                        "source": meta["source"] or k.source,
                        "choices": None,
                    },
                )
            )
    return out


def group_fields(group: str, instance: Any = None) -> list[Spec]:
    """The parameters of a group, in declaration order (the kinds' flat keys included, for the
    kinds of `instance` or, without one, the default kinds)."""
    cls = GROUPS[group]
    out = []
    for f in dataclasses.fields(cls):
        if f.metadata.get("kinds"):
            kinds = instance.kinds if instance is not None else DEFAULT_KINDS
            out.extend(_kind_specs(kinds))
        else:
            out.append(Spec(f.name, f.type, f.default, dict(f.metadata)))
    return out


def group_values(instance: Any) -> dict[str, Any]:
    """One group's values as plain data, keyed as in files."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(instance):
        if f.metadata.get("kinds"):
            values.update(instance.flat())
            # A kind the defaults do not describe (new, or with other labels, gains, barriers
            # or flags) is written out whole, so that the file rebuilds it.
            written = {
                k.name: kind_record(k)
                for k in instance.kinds
                if DEFAULT_BY_NAME.get(k.name) is None
                or _shape(DEFAULT_BY_NAME[k.name]) != _shape(k)
            }
            if written:
                values["kinds"] = written
        else:
            values[f.name] = getattr(instance, f.name)
    return values


DEFAULT_BY_NAME = {k.name: k for k in DEFAULT_KINDS}


def _shape(k: InterventionKind) -> tuple:
    """What a kind is, apart from the attributes files address as flat keys."""
    return tuple(getattr(k, f.name) for f in dataclasses.fields(k) if f.name not in TUNABLE)


def kind_record(k: InterventionKind) -> dict[str, Any]:
    """A kind as a plain table (what `[interventions.kinds.NAME]` holds in a file)."""
    record = dataclasses.asdict(k)
    record.pop("name")
    record["gains"] = dict(k.gains)
    record["needed_by"] = list(k.needed_by)
    return record


def field_meta(group: str, name: str) -> dict[str, Any]:
    """The metadata of one parameter (unit, lo, hi, en, da, desc, source, choices)."""
    for f in group_fields(group):
        if f.name == name:
            return dict(f.metadata)
    raise KeyError(f"{group}.{name}")


def iter_fields() -> list[tuple[str, Spec]]:
    """Every (group, parameter) pair, in declaration order, for the default kinds."""
    return [(g, f) for g in GROUPS for f in group_fields(g)]


def describe_allowed(f: Any) -> str:
    m = f.metadata
    if m.get("choices"):
        return "one of " + ", ".join(repr(c) for c in m["choices"])
    kind = "a whole number" if f.type in ("int", int) else "a number"
    return f"{kind} from {m['lo']:g} to {m['hi']:g} ({m['unit']})"


def _coerce(group: str, f: Any, value: Any) -> Any:
    """`value` checked against the parameter's metadata; NumPy scalars become plain ones."""
    key = f"[{group}] {f.name}"
    m = f.metadata
    if m.get("choices"):
        if isinstance(value, np.str_):
            value = str(value)
        if not isinstance(value, str) or value not in m["choices"]:
            raise ParamError(key, value, describe_allowed(f))
        return value
    return coerce_number(key, value, {**m, "type": f.type})


def make_group(group: str, values: dict[str, Any]) -> Any:
    """Validate one group's values (closed schema) and build its dataclass."""
    cls = GROUPS[group]
    if not isinstance(values, dict):
        raise ParamError(f"[{group}]", values, "expected a table of key = value pairs")
    values = dict(values)
    if group == "interventions":
        values["kinds"] = _kinds_from(values)
    fields = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - fields)
    if unknown:
        kinds = values.get("kinds", DEFAULT_KINDS)
        specs = _kind_specs(kinds) if group == "interventions" else []
        valid = [f.name for f in dataclasses.fields(cls) if not f.metadata.get("kinds")]
        valid += [f.name for f in specs]
        raise ParamError(
            f"[{group}] {unknown[0]}",
            values[unknown[0]],
            f"unknown key; valid keys in [{group}]: {', '.join(valid)}",
        )
    return cls(**values)


def _kinds_from(values: dict[str, Any]) -> tuple[InterventionKind, ...]:
    """The kinds an `[interventions]` table describes; takes its kind keys out of `values`."""
    tables = values.pop("kinds", None)
    # The default kinds, then the file's: a table named for a default kind changes that kind's
    # attributes, a table with a new name adds a kind (and must hold a whole record).
    kinds = {k.name: k for k in DEFAULT_KINDS}
    if tables is not None:
        if not isinstance(tables, dict):
            raise ParamError("[interventions] kinds", tables, "a table of kind tables")
        for name, record in tables.items():
            if not isinstance(record, dict):
                raise ParamError(f"[interventions.kinds.{name}]", record, "a table of attributes")
            try:
                base = dataclasses.asdict(kinds[name]) if name in kinds else {}
                base.update(record, name=name)
                base["gains"] = tuple(dict(base.get("gains", {})).items())
                base["needed_by"] = tuple(base.get("needed_by", ()))
                kinds[name] = InterventionKind(**base)
            except TypeError as e:
                raise ParamError(
                    f"[interventions.kinds.{name}]", None, f"not a kind record ({e})"
                ) from None
    for key in [k for k in values if "_" in k]:
        attr, _, name = key.partition("_")
        if attr in TUNABLE and name in kinds:
            value = coerce_number(f"[interventions] {key}", values.pop(key), TUNABLE[attr])
            kinds[name] = dataclasses.replace(kinds[name], **{attr: value})
    return tuple(kinds.values())


def check_combinations(p: Params) -> None:
    """Reject combinations that cannot be simulated, naming the keys involved."""
    cw = p.caseworkers
    if cw.caseload > cw.caseload_cap:
        raise ParamError(
            "[caseworkers] caseload",
            cw.caseload,
            f"must not exceed caseload_cap ({cw.caseload_cap}): the caseworkers could not hold "
            "all citizens",
        )
    cuts = [
        cw.belief_cut_yes,
        cw.belief_cut_good_chance,
        cw.belief_cut_maybe,
        cw.belief_cut_doubtful,
    ]
    names = [f"belief_cut_{b}" for b in BELIEFS[:4]]
    for hi_name, lo_name, hi, lo in zip(names, names[1:], cuts, cuts[1:], strict=False):
        if not hi > lo:
            raise ParamError(f"[caseworkers] {lo_name}", lo, f"must be below {hi_name} ({hi:g})")
    iv = p.interventions
    if iv.resource_pension_below > iv.resource_flexjob_below:
        raise ParamError(
            "[interventions] resource_pension_below",
            iv.resource_pension_below,
            f"must not exceed resource_flexjob_below ({iv.resource_flexjob_below:g})",
        )
    pop = p.population
    start = pop.share_start_progress + pop.share_start_regress + pop.share_start_derailment
    if start > 1.0 + 1e-9:
        raise ParamError(
            "[population] share_start_derailment",
            pop.share_start_derailment,
            "start shares of progress, regress and derailment must add up to at most 1 "
            f"(they add up to {start:g})",
        )
