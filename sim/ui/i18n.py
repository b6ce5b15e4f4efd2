"""Every word the UI shows, in Danish and English, from one catalogue.

Domain terms follow the glossary of DOMAIN.md (borger/citizen, sagsbehandler/caseworker,
fremgang/progress, trappestige/staircase ...). Parameter labels are not repeated here: they
live beside the parameter in sim/core/params.py (`en`, `da`), and `param_label` reads them, so a
new parameter needs no UI change. A test checks that every key has both languages and that the
pages use no key the catalogue lacks.
"""

from __future__ import annotations

from sim.core.params import field_meta

LANGS = ("da", "en")
DEFAULT_LANG = "da"

# key: (Danish, English)
TEXT: dict[str, tuple[str, str]] = {
    # the shell
    "app_title": ("Fremdrift", "Fremdrift"),
    "app_tagline": (
        "Hvordan de mest udsatte ledige bevæger sig mod arbejde, eller væk fra det",
        "How the most vulnerable unemployed move toward work, or away from it",
    ),
    "language": ("Sprog", "Language"),
    "page_explore": ("Udforsk", "Explore"),
    "page_compare": ("Sammenlign", "Compare"),
    "page_citizens": ("Borgere", "Citizens"),
    "page_network": ("Netværk", "Network"),
    "page_evidence": ("Evidens", "Evidence"),
    # explore
    "scenario": ("Scenarie", "Scenario"),
    "upload_scenario": ("Indlæs scenarie (TOML)", "Upload a scenario (TOML)"),
    "download_scenario": ("Hent scenarie (TOML)", "Download scenario (TOML)"),
    "download_weekly_csv": ("Hent ugetal (CSV)", "Download weekly figures (CSV)"),
    "download_weekly_parquet": ("Hent ugetal (Parquet)", "Download weekly figures (Parquet)"),
    "download_chart": ("Hent figur (PNG)", "Download chart (PNG)"),
    "settings": ("Indstillinger", "Settings"),
    "play": ("Afspil", "Play"),
    "pause": ("Pause", "Pause"),
    "step": ("Et skridt", "Step"),
    "reset": ("Nulstil", "Reset"),
    "week_of": ("Uge {week} af {weeks}", "Week {week} of {weeks}"),
    "chart_phases": ("Borgere på ydelse efter fase", "Citizens on benefit by phase"),
    "chart_exits": ("Afgang fra ydelse", "Off benefit"),
    "chart_indicators": ("Gennemsnitlig parathed (1-5)", "Mean readiness (1-5)"),
    "share_of_cohort": ("andel af kohorten", "share of the cohort"),
    "weeks": ("uger", "weeks"),
    "citizens_now": ("Borgerne i denne uge", "The citizens this week"),
    "grid_hint": (
        "Hver firkant er en borger. Klik på en for at se detaljer.",
        "Each square is a citizen. Click one to see its details.",
    ),
    "citizen_no": ("Borger nr. {i}", "Citizen no. {i}"),
    "status": ("Status", "Status"),
    "phase": ("Fase", "Phase"),
    "caseworker": ("Sagsbehandler", "Caseworker"),
    "caseworker_changes": ("Sagsbehandlerskift", "Changes of caseworker"),
    "belief": ("Tro på job", "Belief in a job"),
    "interventions": ("Indsatser", "Interventions"),
    "waiting_for": ("Venter på", "Waiting for"),
    "barriers": ("Barrierer", "Barriers"),
    "readiness": ("Parathed", "Readiness"),
    "job_wish": ("Jobønske", "Job wish"),
    "none": ("ingen", "none"),
    "follow_citizen": ("Følg borgeren over tid", "Follow this citizen over time"),
    "scenario_error": ("Scenariet kan ikke bruges", "The scenario cannot be used"),
    "scenario_loaded": ("Indlæst: {name}", "Loaded: {name}"),
    # compare
    "compare_intro": (
        "Vælg to til fire strategier. De køres på de samme borgere med det samme held "
        "(fælles tilfældige tal), så forskellene er strategiernes egne.",
        "Pick two to four strategies. They run on the same citizens with the same luck "
        "(common random numbers), so the differences are the strategies' own.",
    ),
    "strategies": ("Strategier", "Strategies"),
    "replicates": ("Gentagelser", "Replicates"),
    "run_compare": ("Kør sammenligning", "Run comparison"),
    "cancel": ("Afbryd", "Cancel"),
    "cancelled": ("Afbrudt.", "Cancelled."),
    "pick_two": ("Vælg mindst to og højst fire strategier.", "Pick at least two and at most four."),
    "runs_done": ("{done} af {total} kørsler", "{done} of {total} runs"),
    "chart_in_job": ("I job (andel af kohorten)", "In a job (share of the cohort)"),
    "chart_on_benefit": ("På ydelse (andel af kohorten)", "On benefit (share of the cohort)"),
    "band_note": (
        "Linjen er gennemsnittet; båndet viser 5-95 % af gentagelserne.",
        "The line is the mean; the band spans 5-95% of the replicates.",
    ),
    "differences": ("Parvise forskelle", "Paired differences"),
    "diff_sentence": (
        "{other} mod {first}: {what} efter {years}: {diff:+.1f} pr. 100 borgere "
        "(95 %-interval {low:+.1f} til {high:+.1f}).",
        "{other} against {first}: {what} after {years}: {diff:+.1f} per 100 citizens "
        "(95% interval {low:+.1f} to {high:+.1f}).",
    ),
    "what_jobs": ("i job", "in a job"),
    "what_derailed": ("i afsporing", "derailed"),
    "one_year": ("1 år", "1 year"),
    "after_years": ("{n} år", "{n} years"),
    "cost_sentence": (
        "{other}: {cost:,.0f} kr. ekstra pr. ekstra borger i job (95 %-interval {low:,.0f} "
        "til {high:,.0f}).",
        "{other}: DKK {cost:,.0f} extra per extra citizen in a job (95% interval {low:,.0f} "
        "to {high:,.0f}).",
    ),
    "saving_sentence": (
        "{other}: {cost:,.0f} kr. sparet pr. borger færre i job (95 %-interval {low:,.0f} "
        "til {high:,.0f}).",
        "{other}: DKK {cost:,.0f} saved per citizen fewer in a job (95% interval {low:,.0f} "
        "to {high:,.0f}).",
    ),
    "cost_none": (
        "{other}: ingen pris pr. ekstra job ({note}).",
        "{other}: no cost per extra job ({note}).",
    ),
    "note_no_clear": ("ingen klar forskel i job", "no clear difference in jobs"),
    "note_cheaper_better": ("flere i job til lavere pris", "more jobs at lower cost"),
    "note_dearer_worse": ("færre i job til højere pris", "fewer jobs at higher cost"),
    # outcomes in the comparison table
    "out_share_job_4y": ("I job efter 4 år", "In a job after 4 years"),
    "out_share_education_4y": ("I uddannelse efter 4 år", "In education after 4 years"),
    "out_share_flexjob_4y": ("I fleksjob efter 4 år", "In a flexjob after 4 years"),
    "out_share_pension_4y": ("På førtidspension efter 4 år", "On disability pension after 4 years"),
    "out_share_job": ("I job ved slut", "In a job at the end"),
    "out_weeks_self_support_per_citizen": (
        "Uger i selvforsørgelse pr. borger",
        "Weeks of self-support per citizen",
    ),
    "out_share_derailment": ("I afsporing ved slut", "Derailed at the end"),
    "out_cost_per_citizen": (
        "Indsatsudgift pr. borger (kr.)",
        "Intervention cost per citizen (DKK)",
    ),
    "compare_table_outcome": ("Udfald", "Outcome"),
    "download_runs_csv": ("Hent kørsler (CSV)", "Download runs (CSV)"),
    "download_runs_parquet": ("Hent kørsler (Parquet)", "Download runs (Parquet)"),
    "compare_size": (
        "{citizens:,} borgere, {weeks} uger, {replicates} gentagelser pr. strategi",
        "{citizens:,} citizens, {weeks} weeks, {replicates} replicates per strategy",
    ),
    "compare_seconds": ("Færdig på {s:.1f} s.", "Finished in {s:.1f} s."),
    "compare_failed": ("{n} kørsler fejlede.", "{n} runs failed."),
    # citizens
    "citizens_intro": (
        "Enkelte borgeres forløb i det scenarie, der er valgt under Udforsk.",
        "Single citizens' courses in the scenario chosen under Explore.",
    ),
    "typical": ("Typiske forløb", "Typical courses"),
    "typ_progress_job": ("Fra fremgang til job", "From progress to a job"),
    "typ_change_derail": (
        "Afsporet efter sagsbehandlerskift",
        "Derailed after a change of caseworker",
    ),
    "typ_never": ("Aldrig en indsats", "Never an intervention"),
    "typ_parallel": ("Flere indsatser på én gang", "Several interventions at once"),
    "typ_pension": ("Til førtidspension", "To disability pension"),
    "typ_none_found": ("Ingen borger med det forløb i denne kørsel.", "No such citizen here."),
    "timeline": ("Forløb", "Life course"),
    "flows": ("Strømme mellem faser, kvartal for kvartal", "Flows between phases, by quarter"),
    "event_placement": ("praktik hos virksomhed", "placement with an employer"),
    "event_change": ("nyt sagsbehandlerskift", "change of caseworker"),
    "quarter": ("kvartal", "quarter"),
    "off_benefit": ("ude af ydelse", "off benefit"),
    # network
    "network_intro": (
        "Sagsbehandlernes kontakter til virksomheder. Praktikker og job findes langs disse "
        "kanter; når en sagsbehandler stopper, forsvinder kontakterne med vedkommende.",
        "Caseworkers' contacts with employers. Placements and jobs are found along these "
        "links; when a caseworker leaves, the contacts leave too.",
    ),
    "pick_caseworker": ("Fremhæv sagsbehandler", "Highlight caseworker"),
    "net_week": ("Uge", "Week"),
    "net_caseworkers": ("sagsbehandlere", "caseworkers"),
    "net_employers": ("virksomheder", "employers"),
    "net_contacts": ("kontakter", "contacts"),
    "net_placements": ("praktikker i gang", "placements running"),
    "net_turnover": (
        "Efter {week} uger er {left} af {start} sagsbehandlere stoppet, og {lost} kontakter "
        "er gået tabt med dem.",
        "After {week} weeks, {left} of {start} caseworkers have left, taking {lost} "
        "contacts with them.",
    ),
    "contacts_over_time": ("Kontakter i netværket over tid", "Contacts in the network over time"),
    # evidence
    "evidence_intro": (
        "De offentliggjorte tal ved siden af modellens værdier på nye kohorter, som "
        "tilpasningen aldrig så. Hårde mål skal rammes; bløde vises kun.",
        "The published figures beside the model's values on fresh cohorts the fit never saw. "
        "Hard targets must be met; soft ones are only shown.",
    ),
    "ev_target": ("Mål", "Target"),
    "ev_measures": ("Hvad det måler", "What it measures"),
    "ev_published": ("Offentliggjort", "Published"),
    "ev_band": ("Bånd", "Band"),
    "ev_model": ("Model", "Model"),
    "ev_within": ("Inden for", "Within"),
    "ev_source": ("Kilde", "Source"),
    "ev_hard": ("hårdt", "hard"),
    "ev_soft": ("blødt", "soft"),
    "yes": ("ja", "yes"),
    "miss": ("MISSER", "MISS"),
    "ev_summary": (
        "{met} af {hard} hårde mål er inden for båndet.",
        "{met} of {hard} hard targets are within their band.",
    ),
    "ev_missing": (
        "Kalibreringsrapportens data mangler (calibration/report_targets.csv). Kør "
        "`fremdrift calibrate --report-only`.",
        "The calibration report's data is missing (calibration/report_targets.csv). Run "
        "`fremdrift calibrate --report-only`.",
    ),
}

TERMS: dict[str, tuple[str, str]] = {
    # phases
    "progress": ("fremgang", "progress"),
    "standstill": ("stilstand", "standstill"),
    "regress": ("tilbagegang", "regress"),
    "derailment": ("afsporing", "derailment"),
    # statuses
    "benefit": ("på ydelse", "on benefit"),
    "job": ("job", "job"),
    "education": ("uddannelse", "education"),
    "flexjob": ("fleksjob", "flexjob"),
    "pension": ("førtidspension", "disability pension"),
    # interventions
    "company": ("virksomhedsrettet", "company-oriented"),
    "upskilling": ("opkvalificering", "upskilling"),
    "health": ("sundhed", "health"),
    "social": ("socialfaglig", "social"),
    # strategies
    "status_quo": ("nuværende praksis", "current practice"),
    "staircase": ("trappestige", "staircase"),
    "parallel": ("parallelle indsatser", "parallel interventions"),
    # "none" is both a strategy and an empty list; the strategy reading is the one shown
    "none": ("ingen indsats", "no intervention"),
    # beliefs
    "yes": ("ja", "yes"),
    "good_chance": ("god chance", "good chance"),
    "maybe": ("måske", "maybe"),
    "doubtful": ("tvivlsomt", "doubtful"),
    "no": ("nej", "no"),
    # barriers
    "no_education": ("ingen uddannelse", "no education"),
    "mental": ("psykisk", "mental"),
    "substance": ("misbrug", "substance use"),
    # sectors
    "care": ("omsorg", "care"),
    "retail": ("detail", "retail"),
    "manufacturing": ("industri", "manufacturing"),
    "construction": ("byggeri", "construction"),
    "hospitality": ("hotel og restauration", "hospitality"),
    "office": ("kontor", "office"),
    # indicators
    "job_search": ("jobsøgning", "job search"),
    "market_knowledge": ("kendskab til arbejdsmarkedet", "knowledge of the job market"),
    "health_coping": ("håndtering af helbred", "coping with health"),
    "cooperation": ("samarbejde", "cooperation"),
    "determination": ("vedholdenhed", "determination"),
    "self_belief": ("tro på sig selv", "self-belief"),
}

# Units as sim/core/params.py writes them (English), for the inputs Explore shows.
UNITS: dict[str, tuple[str, str]] = {
    "citizens per caseworker": ("borgere pr. sagsbehandler", "citizens per caseworker"),
    "probability/week": ("sandsynlighed pr. uge", "probability per week"),
    "latent": ("latent skala", "latent scale"),
    "probability": ("sandsynlighed", "probability"),
    "places per 100 citizens": ("pladser pr. 100 borgere", "places per 100 citizens"),
    "count": ("antal", "count"),
    "weeks": ("uger", "weeks"),
    "integer": ("heltal", "integer"),
    "choice": ("valg", "choice"),
}

# The strategies a planner compares, in the order the product talks about them.
STRATEGIES = ("status_quo", "staircase", "parallel", "none")


def t(key: str, lang: str, **fmt) -> str:
    """The text for `key` in `lang`, formatted with `fmt`."""
    da, en = TEXT[key]
    text = da if lang == "da" else en
    return text.format(**fmt) if fmt else text


def term(name: str, lang: str) -> str:
    """A domain word (phase, status, intervention, strategy, belief ...) in `lang`."""
    pair = TERMS.get(name)
    if pair is None:
        return name.replace("_", " ")
    return pair[0] if lang == "da" else pair[1]


def unit(name: str, lang: str) -> str:
    pair = UNITS.get(name)
    if pair is None:
        return name
    return pair[0] if lang == "da" else pair[1]


def param_label(key: str, lang: str) -> str:
    """A parameter's label ("group.name") from its own metadata in sim/core/params.py."""
    meta = param_meta(key)
    return meta["da"] if lang == "da" else meta["en"]


def param_meta(key: str) -> dict:
    """The metadata of "group.name" (sim.core.params.field_meta, keyed the way the UI is)."""
    group, _, name = key.partition(".")
    return field_meta(group, name)
