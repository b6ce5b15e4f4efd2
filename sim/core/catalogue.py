"""One catalogue of the model's names, with their Danish and English labels (and colours).

Statuses, phases, beliefs, barriers, sectors, indicators, strategies, outcomes and intervention
kinds each have their own namespace, so that a word that names two things (the *barrier*
"social", social problems, and the *intervention* "social", socialfaglig støtte) gets the right
label in each. The command line, plots, reports and the UI read labels here; the codes the
arrays hold are in sim.core.states, and a test keeps both in the same order. Danish words
follow the glossary of the research (DOMAIN.md section 8).

Intervention kinds carry their labels in their own records (sim.core.kinds), so a new kind
needs no entry here; `label("kinds", ...)` reads the default kinds' records.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.core.kinds import DEFAULT_KINDS, InterventionKind


@dataclass(frozen=True)
class Name:
    """A name the model uses, its labels (as written mid-sentence) and a colour for charts."""

    name: str
    da: str
    en: str
    colour: str | None = None

    def label(self, lang: str) -> str:
        return self.da if lang == "da" else self.en


def _ns(*names: Name) -> dict[str, Name]:
    return {n.name: n for n in names}


STATUSES = _ns(
    Name("benefit", "på ydelse", "on benefit", "#bdbdbd"),
    Name("job", "job", "job", "#1565c0"),
    Name("education", "uddannelse", "education", "#6a1b9a"),
    Name("flexjob", "fleksjob", "flexjob", "#00838f"),
    Name("pension", "førtidspension", "disability pension", "#757575"),
)

PHASES = _ns(
    Name("progress", "fremgang", "progress", "#2e7d32"),
    Name("standstill", "stilstand", "standstill", "#f9a825"),
    Name("regress", "tilbagegang", "regress", "#ef6c00"),
    Name("derailment", "afsporing", "derailment", "#c62828"),
)

BELIEFS = _ns(
    Name("yes", "ja", "yes"),
    Name("good_chance", "god chance", "good chance"),
    Name("maybe", "måske", "maybe"),
    Name("doubtful", "tvivlsomt", "doubtful"),
    Name("no", "nej", "no"),
)

BARRIERS = _ns(
    Name("no_education", "ingen uddannelse", "no education"),
    Name("mental", "psykiske problemer", "mental health problems"),
    Name("health", "helbredsproblemer", "health problems"),
    Name("substance", "misbrug", "substance use"),
    Name("social", "sociale problemer", "social problems"),
)

SECTORS = _ns(
    Name("care", "omsorg", "care"),
    Name("retail", "detail", "retail"),
    Name("manufacturing", "industri", "manufacturing"),
    Name("construction", "byggeri", "construction"),
    Name("hospitality", "hotel og restauration", "hospitality"),
    Name("office", "kontor", "office"),
)

INDICATORS = _ns(
    Name("job_search", "jobsøgning", "job search"),
    Name("market_knowledge", "kendskab til arbejdsmarkedet", "knowledge of the job market"),
    Name("health_coping", "håndtering af helbred", "coping with health"),
    Name("cooperation", "samarbejde", "cooperation"),
    Name("determination", "vedholdenhed", "determination"),
    Name("self_belief", "tro på sig selv", "self-belief"),
)

STRATEGIES = _ns(
    Name("status_quo", "nuværende praksis", "current practice", "#616161"),
    Name("staircase", "trappestige", "staircase", "#ef6c00"),
    Name("parallel", "parallelle indsatser", "parallel interventions", "#1565c0"),
    Name(
        "parallel_phase_sensitive",
        "parallelle indsatser, fasefølsomt",
        "parallel interventions, phase-sensitive",
        "#6a1b9a",
    ),
    Name("none", "ingen indsats", "no intervention", "#c62828"),
)

# Colours of the default kinds: none shares a colour with a phase or a status.
_KIND_COLOURS = {
    "company": "#ad1457",
    "upskilling": "#9e9d24",
    "health": "#5d4037",
    "social": "#546e7a",
    "resource": "#00838f",
}
# Mid-sentence words for the default kinds where the record's short label would read as
# something else ("sundhed" alone is health, not the intervention).
_KIND_WORDS = {
    "health": ("sundhedsindsats", "health intervention"),
    "social": ("socialfaglig indsats", "social intervention"),
    "resource": ("ressourceforløb", "resource programme"),
}


def kind_name(kind: InterventionKind) -> Name:
    """A kind's catalogue entry, from its own record."""
    lower = lambda s: s[:1].lower() + s[1:]  # noqa: E731 - labels are used mid-sentence
    da, en = _KIND_WORDS.get(kind.name, (lower(kind.da), lower(kind.en)))
    return Name(kind.name, da, en, _KIND_COLOURS.get(kind.name))


KINDS = {k.name: kind_name(k) for k in DEFAULT_KINDS}

_YEARS = {"1y": ("1 år", "1 year"), "2y": ("2 år", "2 years"), "4y": ("4 år", "4 years")}
_WHERE = {
    "job": ("I job", "In a job"),
    "education": ("I uddannelse", "In education"),
    "flexjob": ("I fleksjob", "In a flexjob"),
    "pension": ("På førtidspension", "On disability pension"),
}

OUTCOMES = _ns(
    *(
        Name(f"share_{s}_{h}", f"{where[0]} efter {years[0]}", f"{where[1]} after {years[1]}")
        for s, where in _WHERE.items()
        for h, years in _YEARS.items()
    ),
    Name("share_benefit", "På ydelse ved slut", "On benefit at the end"),
    Name("share_job", "I job ved slut", "In a job at the end"),
    Name("share_education", "I uddannelse ved slut", "In education at the end"),
    Name("share_flexjob", "I fleksjob ved slut", "In a flexjob at the end"),
    Name("share_pension", "På førtidspension ved slut", "On disability pension at the end"),
    Name(
        "share_self_support",
        "Selvforsørgende ved slut (job, uddannelse, fleksjob)",
        "In self-support at the end (job, education, flexjob)",
    ),
    Name("share_ever_job", "Nogensinde i job", "Ever in a job"),
    Name("share_progress", "I fremgang ved slut", "In progress at the end"),
    Name("share_standstill", "I stilstand ved slut", "In standstill at the end"),
    Name("share_regress", "I tilbagegang ved slut", "In regress at the end"),
    Name("share_derailment", "I afsporing ved slut", "In derailment at the end"),
    Name(
        "mean_indicator_change",
        "Ændring i parathed (point)",
        "Change in readiness (points)",
    ),
    Name(
        "weeks_self_support_per_citizen",
        "Uger i selvforsørgelse pr. borger",
        "Weeks of self-support per citizen",
    ),
    Name(
        "cost_per_citizen", "Indsatsudgift pr. borger (kr.)", "Intervention cost per citizen (DKK)"
    ),
    Name(
        "public_cost_per_citizen",
        "Offentlige udgifter pr. borger (kr.)",
        "Public spending per citizen (DKK)",
    ),
    Name(
        "share_any_caseworker_change",
        "Mindst ét sagsbehandlerskift",
        "At least one change of caseworker",
    ),
    Name("share_never_intervention", "Aldrig i en indsats", "Never in an intervention"),
    Name(
        "activation_rate",
        "Aktiveringsgrad (uger i indsats pr. uge på ydelse)",
        "Activation rate (weeks in an intervention per week on benefit)",
    ),
    Name(
        "cost_per_extra_job",
        "Ekstra udgift pr. ekstra borger i job (kr.)",
        "Extra cost per extra citizen in a job (DKK)",
    ),
    Name(
        "public_cost_per_extra_self_support",
        "Offentlig merudgift pr. ekstra selvforsørget (kr.)",
        "Extra public spending per extra person in self-support (DKK)",
    ),
)

NAMESPACES: dict[str, dict[str, Name]] = {
    "statuses": STATUSES,
    "phases": PHASES,
    "beliefs": BELIEFS,
    "barriers": BARRIERS,
    "sectors": SECTORS,
    "indicators": INDICATORS,
    "strategies": STRATEGIES,
    "kinds": KINDS,
    "outcomes": OUTCOMES,
}


def label(namespace: str, name: str, lang: str) -> str:
    """The label of `name` in `namespace` ("phases", "barriers", ...) in `lang` ("da", "en").

    A name the catalogue does not know (a kind added by a scenario, say) reads as itself
    with spaces for underscores, never as an error in front of a user.
    """
    entry = NAMESPACES[namespace].get(name)
    return entry.label(lang) if entry else name.replace("_", " ")


def colour(namespace: str, name: str, default: str = "#9e9e9e") -> str:
    entry = NAMESPACES[namespace].get(name)
    return entry.colour if entry and entry.colour else default
