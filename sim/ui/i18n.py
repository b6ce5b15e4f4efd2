"""Every word the UI shows, in Danish and English, from one catalogue.

Domain terms follow the glossary of DOMAIN.md (borger/citizen, sagsbehandler/caseworker,
fremgang/progress, trappestige/staircase ...). Parameter labels are not repeated here: they
live beside the parameter in sim/core/params.py (`en`, `da`), and `param_label` reads them, so a
new parameter needs no UI change. A test checks that every key has both languages and that the
pages use no key the catalogue lacks.
"""

from __future__ import annotations

from sim.core import catalogue
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
    "upload_hint": (
        "Klik for at vælge en fil, eller træk den hertil (højst 1 MB).",
        "Click to choose a file, or drop it here (at most 1 MB).",
    ),
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
    "share_of_cohort": ("pr. 100 borgere", "per 100 citizens"),
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
    "explore_hint": (
        "Tryk på Afspil for at se borgerne uge for uge, eller flyt et greb til venstre.",
        "Press Play to follow the citizens week by week, or move a lever on the left.",
    ),
    "not_forecast": (
        "En model, ikke en prognose: tallene viser, hvad der følger af modellens antagelser, "
        "ikke hvad der vil ske i jeres kommune.",
        "A model, not a forecast: the numbers show what follows from the model's assumptions, "
        "not what will happen in your municipality.",
    ),
    "not_forecast_link": ("Se antagelser og evidens", "See assumptions and evidence"),
    "levers": ("Greb", "Levers"),
    "changed": ("ændret", "changed"),
    "reset_lever": (
        "Tilbage til scenariets værdi ({value})",
        "Back to the scenario's value ({value})",
    ),
    "changed_one": (
        "1 greb ændret i forhold til det indlæste scenarie.",
        "1 lever changed from the loaded scenario.",
    ),
    "changed_count": (
        "{n} greb ændret i forhold til det indlæste scenarie.",
        "{n} levers changed from the loaded scenario.",
    ),
    "reset_all": ("Nulstil alle greb", "Reset all levers"),
    "not_a_number": ("{text!r} er ikke et tal.", "{text!r} is not a number."),
    "upload_too_big": (
        "filen fylder mere end 1 MB, og en scenariefil må højst fylde 1 MB",
        "the file is larger than 1 MB, the most a scenario file may be",
    ),
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
    "chart_in_job": ("I job", "In a job"),
    "chart_on_benefit": ("På ydelse", "On benefit"),
    "band_note": (
        "Linjen er gennemsnittet af gentagelserne; båndet er 95 %-intervallet for gennemsnittet "
        "(som i kommandolinjens figur).",
        "The line is the mean over replicates; the band is the 95% interval of the mean (as in "
        "the command line's figure).",
    ),
    "reference": ("Sammenlign med", "Compare against"),
    "reference_not_picked": (
        "{ref} er ikke valgt; den første valgte strategi bruges som reference.",
        "{ref} is not picked; the first picked strategy is the reference.",
    ),
    "reference_note": (
        "Reference: {ref}. Alle forskelle er i forhold til {ref}, på de samme borgere med det "
        "samme held.",
        "Reference: {ref}. Every difference is against {ref}, on the same citizens with the "
        "same luck.",
    ),
    "compare_settings": (
        "Indstillinger fra Udforsk: scenariet {scenario}, frø {seed}, {citizens} borgere, "
        "{weeks} uger.",
        "Settings from Explore: scenario {scenario}, seed {seed}, {citizens} citizens, "
        "{weeks} weeks.",
    ),
    "compare_changed": ("Ændrede greb: {levers}.", "Changed levers: {levers}."),
    "compare_unchanged": (
        "Ingen greb er ændret fra det indlæste scenarie.",
        "No lever changed from the loaded scenario.",
    ),
    "make_report": ("Lav rapport (PDF)", "Make report (PDF)"),
    "make_report_html": ("Lav rapport (HTML)", "Make report (HTML)"),
    "col_unit": ("Enhed", "Unit"),
    "col_diff": ("{name} − {ref} (95 %-interval)", "{name} − {ref} (95% interval)"),
    "diff_cell": ("{diff} ({low} til {high})", "{diff} ({low} to {high})"),
    "unit_per100": ("pr. 100 borgere", "per 100 citizens"),
    "unit_weeks_citizen": ("uger pr. borger", "weeks per citizen"),
    "unit_kr_citizen": ("kr. pr. borger", "DKK per citizen"),
    "unit_points": ("point (1-5)", "points (1-5)"),
    "error_compare": (
        "Sammenligningen kunne ikke gennemføres ({kind}). Prøv igen; hjælper det ikke, så "
        "prøv med færre gentagelser.",
        "The comparison could not be completed ({kind}). Try again; if that does not help, "
        "try fewer replicates.",
    ),
    "differences": ("Parvise forskelle", "Paired differences"),
    "diff_sentence": (
        "{other} mod {first}: {what} efter {years}: {diff} pr. 100 borgere "
        "(95 %-interval {low} til {high}).",
        "{other} against {first}: {what} after {years}: {diff} per 100 citizens "
        "(95% interval {low} to {high}).",
    ),
    "what_jobs": ("i job", "in a job"),
    "what_derailed": ("i afsporing", "derailed"),
    "one_year": ("1 år", "1 year"),
    "after_years": ("{n} år", "{n} years"),
    "cost_sentence": (
        "{other} mod {first}: {cost} mere i indsatsudgifter for hver ekstra borger i job ved "
        "slut (95 %-interval {low} til {high}).",
        "{other} against {first}: {cost} more in intervention costs for each extra citizen in a "
        "job at the end (95% interval {low} to {high}).",
    ),
    "saving_sentence": (
        "{other} mod {first}: {cost} mindre i indsatsudgifter for hver borger færre i job ved "
        "slut (95 %-interval {low} til {high}).",
        "{other} against {first}: {cost} less in intervention costs for each citizen fewer in a "
        "job at the end (95% interval {low} to {high}).",
    ),
    "cost_no_clear": (
        "{other} mod {first}: ingen klar forskel i antal i job ved slut, så der kan ikke "
        "beregnes en pris pr. ekstra borger i job.",
        "{other} against {first}: no clear difference in the number in a job at the end, so no "
        "price per extra citizen in a job can be given.",
    ),
    "cost_cheaper_better": (
        "{other} mod {first}: flere i job ved slut og samtidig lavere indsatsudgifter, en "
        "besparelse og ingen merudgift.",
        "{other} against {first}: more in a job at the end and lower intervention costs at the "
        "same time, a saving with no extra cost.",
    ),
    "cost_dearer_worse": (
        "{other} mod {first}: færre i job ved slut og samtidig højere indsatsudgifter.",
        "{other} against {first}: fewer in a job at the end and higher intervention costs "
        "at the same time.",
    ),
    "self_support_sentence": (
        "{other} mod {first}: {cost} mere i indsatsudgifter for hver ekstra uge i selvforsørgelse.",
        "{other} against {first}: {cost} more in intervention costs for each extra week of "
        "self-support.",
    ),
    "cost_scope": (
        "Udgifter er kun indsatsernes egne (pladser og forløb); ydelser og skatteindtægter er "
        "ikke med, så det er ikke den samlede offentlige nettoudgift.",
        "Costs are the interventions' own (places and programmes); benefits and tax income are "
        "not included, so this is not the net public cost.",
    ),
    # outcomes in the comparison table
    "out_share_job": ("I job ved slut (uge {weeks})", "In a job at the end (week {weeks})"),
    "out_mean_indicator_change": ("Ændring i parathed", "Change in readiness"),
    "out_weeks_self_support_per_citizen": (
        "Uger i selvforsørgelse pr. borger",
        "Weeks of self-support per citizen",
    ),
    "out_share_derailment": ("I afsporing ved slut", "Derailed at the end"),
    "out_cost_per_citizen": ("Indsatsudgift pr. borger", "Intervention cost per citizen"),
    "compare_table_outcome": ("Udfald", "Outcome"),
    "download_runs_csv": ("Hent kørsler (CSV)", "Download runs (CSV)"),
    "download_runs_parquet": ("Hent kørsler (Parquet)", "Download runs (Parquet)"),
    "compare_size": (
        "{citizens} borgere, {weeks} uger, {replicates} gentagelser pr. strategi",
        "{citizens} citizens, {weeks} weeks, {replicates} replicates per strategy",
    ),
    "compare_seconds": ("Færdig på {s} s.", "Finished in {s} s."),
    "ensemble_option": (
        "Medtag usikkerheden om modellens parametre ({n} plausible sæt fra kalibreringen)",
        "Include the uncertainty about the model's parameters ({n} plausible sets from the "
        "calibration)",
    ),
    "ensemble_note": (
        "Hver gentagelse trækker også et af {sets} parametersæt, der hver for sig ramte alle "
        "de offentliggjorte tal i kalibreringen; hvert sæt bruges af mindst to gentagelser, så "
        "forskellen mellem sæt kan skilles fra tilfældigheden.",
        "Each replicate also draws one of {sets} parameter sets, each of which met every "
        "published figure in the calibration; each set is used by at least two replicates, so "
        "the spread between sets can be told from chance.",
    ),
    "ensemble_note_screened": (
        "Hver gentagelse trækker også et af {sets} parametersæt tæt på den tilpassede models "
        "værdier; hvert af dem holdt i simuleringen alle de hårde mål, modellen er tilpasset "
        "til, inden for deres bånd. Hvert sæt bruges af mindst to gentagelser, så forskellen "
        "mellem sæt kan skilles fra tilfældigheden.",
        "Each replicate also draws one of {sets} parameter sets near the fitted model's values, "
        "each of which kept every hard target the model was fitted to within its band in "
        "simulation. Each set is used by at least two replicates, so the spread between sets "
        "can be told from chance.",
    ),
    "ensemble_note_near_best": (
        "Hver gentagelse trækker også et af {sets} parametersæt. Intet sæt rammer alle de "
        "offentliggjorte tal (se Evidens); disse passer omtrent lige så godt som den bedste "
        "tilpasning. Hvert sæt bruges af mindst to gentagelser, så forskellen mellem sæt kan "
        "skilles fra tilfældigheden.",
        "Each replicate also draws one of {sets} parameter sets. No set meets every published "
        "figure (see Evidence); these fit about as well as the best fit. Each set is used by at "
        "least two replicates, so the spread between sets can be told from chance.",
    ),
    "ensemble_kept": (
        "Det du selv har ændret, varieres ikke, så usikkerheden om det er ikke med: {keys}.",
        "What you changed yourself is not varied, so its uncertainty is not included: {keys}.",
    ),
    "ensemble_too_few": (
        "Vælg mindst {n} gentagelser for at medtage usikkerheden om parametrene.",
        "Choose at least {n} replicates to include the uncertainty about the parameters.",
    ),
    "ensemble_heading": ("Usikkerhed om parametrene", "Uncertainty about the parameters"),
    "ensemble_sentence": (
        "{other} mod {first}: {what} efter {years}: {diff} pr. 100 borgere; samme fortegn i "
        "{same} af {sets} plausible parametersæt. Spredning mellem sæt {param}, mellem "
        "kohorter med samme sæt {noise} (standardafvigelse pr. 100).",
        "{other} against {first}: {what} after {years}: {diff} per 100 citizens; it points the "
        "same way in {same} of {sets} plausible parameter sets. Spread between sets {param}, "
        "between cohorts of one set {noise} (standard deviation per 100).",
    ),
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
    "event_change": ("sagsbehandlerskift", "change of caseworker"),
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
    "yes_on_edge": ("ja, lige akkurat", "yes, on the edge"),
    "miss": ("MISSER", "MISS"),
    "ev_summary": (
        "{met} af {hard} hårde mål er inden for båndet.",
        "{met} of {hard} hard targets are within their band.",
    ),
    "ev_missing": (
        "Kalibreringsrapportens tal mangler i denne installation. Bed den, der har sat "
        "Fremdrift op, om at lave rapporten igen.",
        "The calibration report's figures are missing from this installation. Ask whoever set "
        "Fremdrift up to make the report again.",
    ),
    "ev_kind": ("Slags mål", "Kind of target"),
    "ev_role": ("Evidens?", "Evidence?"),
    "ev_role_fitted": ("tilpasset moment", "fitted moment"),
    "ev_role_direct_soft": (
        "sættes næsten direkte af én parameter; vises, tilpasses ikke",
        "set almost directly by one parameter; shown, not fitted",
    ),
    "ev_role_emergent": ("opstår i modellen", "emergent"),
    "ev_role_validation": ("opstår, holdt ude af tilpasningen", "emergent, held out of the fit"),
    "ev_summary_roles": (
        "Af dem er kun de tal, der skal opstå af flere mekanismer sammen, evidens: "
        "{emergent} af {n_emergent} rammes, heraf {held} af {n_held}, som tilpasningen aldrig "
        "så. De {fitted} af {n_fitted} tilpassede momenter rammes, fordi en parameter er "
        "indstillet til hvert af dem.",
        "Of these, only figures that must emerge from several mechanisms together are "
        "evidence: {emergent} of {n_emergent} are met, {held} of {n_held} of them never seen "
        "by the fit. The {fitted} of {n_fitted} fitted moments met are met because a "
        "parameter was tuned to each.",
    ),
    "ev_summary_roles_no_holdout": (
        "Af dem er kun de tal, der skal opstå af flere mekanismer sammen, evidens: "
        "{emergent} af {n_emergent} rammes. De {fitted} af {n_fitted} tilpassede momenter "
        "rammes, fordi en parameter er indstillet til hvert af dem.",
        "Of these, only figures that must emerge from several mechanisms together are "
        "evidence: {emergent} of {n_emergent} are met. The {fitted} of {n_fitted} fitted "
        "moments met are met because a parameter was tuned to each.",
    ),
    "ev_roles_note": (
        "Et tilpasset moment er et tal, som én parameter næsten sætter direkte; at ramme det "
        "viser kun, at tilpasningen virkede. Et tal, der opstår i modellen, skal komme ud af "
        "flere mekanismer sammen; kun dem kalder vi genskabt. Nogle af dem er holdt helt uden "
        "for tilpasningen som en prøve.",
        "A fitted moment is a figure one parameter sets almost directly; meeting it shows only "
        "that the fit worked. An emergent figure has to come out of several mechanisms "
        "together; only those are called reproduced. Some of them are held out of the fit "
        "entirely, as a test.",
    ),
    "ev_scroll": (
        "Tabellen ombrydes; hvert mål står på én række.",
        "The table wraps; each target is one row.",
    ),
    "ev_weak_note": (
        "Nogle af modellens parametre er ikke bestemt af noget offentliggjort tal. Resultater, "
        "der afhænger af dem, er antagelser; kalibreringsrapporten lister dem.",
        "Some of the model's parameters are not pinned by any published figure. Results that "
        "depend on them are assumptions; the calibration report lists them.",
    ),
    # the report
    "report_title": (
        "Sammenligning af strategier for aktivitetsparate kontanthjælpsmodtagere",
        "Comparison of strategies for activity-ready cash-benefit recipients",
    ),
    "report_made": (
        "Lavet {date} med Fremdrift {version}.",
        "Made on {date} with Fremdrift {version}.",
    ),
    "report_setup": ("Opsætning", "Set-up"),
    "report_scenario": ("Scenarie", "Scenario"),
    "report_strategies": ("Strategier", "Strategies"),
    "report_reference": ("Reference", "Reference"),
    "report_seed": ("Startværdi for tilfældige tal (seed)", "Seed (root)"),
    "report_file": ("fremdrift-rapport", "fremdrift-report"),
    "report_replicates": ("Gentagelser pr. strategi", "Replicates per strategy"),
    "report_size": ("Kohorte", "Cohort"),
    "report_size_value": (
        "{citizens} borgere over {weeks} uger",
        "{citizens} citizens over {weeks} weeks",
    ),
    "report_levers": ("Ændrede greb", "Changed levers"),
    "report_levers_none": (
        "ingen (scenariets egne værdier)",
        "none (the scenario's own values)",
    ),
    "report_charts": ("Over tid", "Over time"),
    "report_table": ("Udfald og parvise forskelle", "Outcomes and paired differences"),
    "report_table_note": (
        "Gennemsnit over gentagelserne. Forskellen er parret (samme borgere, samme held) og "
        "vist med sit 95 %-interval; et interval, der ikke indeholder 0, er en klar forskel.",
        "Means over the replicates. The difference is paired (same citizens, same luck) and "
        "shown with its 95% interval; an interval that does not include 0 is a clear "
        "difference.",
    ),
    "report_costs": ("Udgifter", "Costs"),
    "report_assumptions": ("Modellens antagelser og grænser", "The model's assumptions and limits"),
    "report_assumptions_text": (
        "Fremdrift er en agentbaseret model af en lukket kohorte af aktivitetsparate "
        "kontanthjælpsmodtagere (ingen nye borgere kommer til). Borgerne bevæger sig mellem "
        "fire faser (fremgang, stilstand, tilbagegang, afsporing) og ud til job, uddannelse, "
        "fleksjob eller førtidspension. Hvor de går hen, afhænger af deres indsatser, "
        "sagsbehandlerens tro på dem, sagsbehandlerskift og match med virksomheder. "
        "Parametrene er tilpasset offentliggjorte tal fra BIP-projektet (ti jobcentre, "
        "2011-2016) og nogle få landstal. Modellen kan sammenligne strategier, som disse "
        "undersøgelser så virkeligheden: rækkefølge, retning og omtrentlig størrelse. Den kan "
        "ikke fortælle en kommune dens egne niveauer. En model, ikke en prognose.",
        "Fremdrift is an agent-based model of a closed cohort of activity-ready cash-benefit "
        "recipients (nobody new arrives). Citizens move between four phases (progress, "
        "standstill, regress, derailment) and out to a job, education, a flexjob or "
        "disability pension. Where they go depends on their interventions, their caseworker's "
        "belief in them, changes of caseworker, and their match with employers. The "
        "parameters are fitted to published figures from the BIP project (ten jobcentres, "
        "2011-2016) and a few national statistics. The model can compare strategies the way "
        "these studies saw the world: ranking, direction and rough size. It cannot tell a "
        "municipality its own levels. A model, not a forecast.",
    ),
    "report_calibration": ("Kalibrering", "Calibration"),
    "report_calibration_text": (
        "{met} af {hard} hårde mål fra de offentliggjorte tal er inden for deres bånd på nye "
        "kohorter, som tilpasningen aldrig så.",
        "{met} of {hard} hard targets from the published figures are within their band on "
        "fresh cohorts the fit never saw.",
    ),
    "report_calibration_misses": (
        "Hårde mål uden for båndet: {targets}.",
        "Hard targets outside their band: {targets}.",
    ),
    "report_calibration_missing": (
        "Kalibreringsrapportens tal mangler i denne installation.",
        "The calibration report's figures are missing from this installation.",
    ),
    "report_soft_misses": (
        "Bløde mål (vises kun, tilpasses ikke) uden for båndet: {targets}.",
        "Soft targets (shown, not fitted) outside their band: {targets}.",
    ),
    "download_failed": (
        "Filen kunne ikke laves. Prøv igen, eller kør sammenligningen igen.",
        "The file could not be made. Try again, or run the comparison again.",
    ),
    "report_failed_runs": ("{n} kørsler fejlede.", "{n} runs failed."),
    "report_page": ("Side {n}", "Page {n}"),
    # levers on Explore (planner's units; converted exactly to the model's parameters)
    "lever_strategy": ("Strategi", "Strategy"),
    "lever_caseload": ("Sagsstamme", "Caseload"),
    "lever_turnover": ("Sagsbehandlerudskiftning", "Caseworker turnover"),
    "lever_handover": ("Overdragelser", "Handovers"),
    "lever_vacancy_cover": ("Dækning af vakancer", "Vacancy cover"),
    "lever_optimism": ("Sagsbehandleres optimisme", "Caseworker optimism"),
    "lever_openness": ("Virksomheders åbenhed", "Employer openness"),
    "lever_company": ("Virksomhedsrettede pladser", "Company places"),
    "lever_upskilling": ("Opkvalificeringspladser", "Upskilling places"),
    "lever_health": ("Sundhedspladser", "Health places"),
    "lever_social": ("Socialfaglige pladser", "Social places"),
    "lever_citizens": ("Borgere", "Citizens"),
    "lever_weeks": ("Uger", "Weeks"),
    "lever_seed": ("Startværdi for tilfældige tal (seed)", "Seed (random numbers)"),
    "unit_citizens_per_cw": ("borgere pr. sagsbehandler", "citizens per caseworker"),
    "unit_pct_year": ("% der stopper pr. år", "% leaving per year"),
    "unit_scale": ("skala −3 til +3", "scale −3 to +3"),
    "unit_pct_accept": ("% der siger ja", "% who say yes"),
    "unit_pct_kept": ("% af relationen bevaret", "% of the relationship kept"),
    "unit_pct_covered": ("% af opfølgningen dækket", "% of follow-up covered"),
    "unit_places": ("pladser pr. 100 borgere", "places per 100 citizens"),
    "unit_count": ("antal", "number"),
    "unit_weeks": ("uger", "weeks"),
    "help_caseload": (
        "Planlagt antal borgere pr. sagsbehandler; bestemmer antallet af stillinger. Højst "
        "loftet på {cap}.",
        "Planned citizens per caseworker; sets the number of posts. At most the cap of {cap}.",
    ),
    "help_turnover": (
        "Andel af sagsbehandlerne, der forlader jobbet i løbet af et år.",
        "Share of caseworkers who leave the job within a year.",
    ),
    "help_handover": (
        "Hvor meget et skift af sagsbehandler bevarer: et overlapsmøde bevarer planer, "
        "borgerens tro på sig selv og det, sagsbehandleren vidste.",
        "How much a change of caseworker keeps: an overlap meeting keeps plans, the citizen's "
        "belief in themselves and what the caseworker knew.",
    ),
    "help_vacancy_cover": (
        "Hvor meget af opfølgningen en kollega klarer, mens en stilling står tom.",
        "How much of the follow-up a colleague covers while a post stands vacant.",
    ),
    "help_optimism": (
        "Sagsbehandlernes gennemsnitlige syn på borgernes jobchancer. 0 er neutral; +1 "
        "flytter svaret på 'job inden for et år?' omtrent ét trin op (fx fra 'måske' til "
        "'god chance'), −1 ét trin ned.",
        "Caseworkers' average outlook on citizens' job chances. 0 is neutral; +1 moves the "
        "answer to 'job within a year?' about one step up (say from 'maybe' to 'good "
        "chance'), −1 one step down.",
    ),
    "help_openness": (
        "Gennemsnitlig chance for, at en virksomhed tager imod en udsat borger, den får tilbudt.",
        "Average chance that an employer takes a vulnerable citizen it is offered.",
    ),
    "help_places": (
        "Samtidige pladser pr. 100 borgere i kohorten.",
        "Places at the same time per 100 citizens in the cohort.",
    ),
    "help_seed": (
        "Samme frø giver de samme borgere og det samme held.",
        "The same seed gives the same citizens and the same luck.",
    ),
    "lever_out_of_range": (
        "{label}: {value} er uden for det tilladte ({lo} til {hi}).",
        "{label}: {value} is outside what is allowed ({lo} to {hi}).",
    ),
    # shipped scenarios' descriptions (an uploaded file's own description is shown as written)
    "desc_status_quo": (
        "Nuværende praksis, som BIP-undersøgelsen så den: få henvisninger, én indsats ad "
        "gangen, mest ikke virksomhedsrettet.",
        "Current practice as the BIP study observed it: few referrals, one intervention at a "
        "time, mostly not company-oriented.",
    ),
    "desc_staircase": (
        "Én indsats ad gangen: sundhed, socialfaglig støtte og opkvalificering først; "
        "virksomhedsrettet arbejde først når borgeren vurderes parat.",
        "One intervention at a time: health, social and upskilling first; company-oriented "
        "work only once the citizen is judged ready.",
    ),
    "desc_parallel": (
        "Virksomhedsrettet arbejde fra start, med sundhed, socialfaglig støtte eller "
        "opkvalificering ved siden af, som borgeren har brug for.",
        "Company-oriented work from the start, with health, social or upskilling support "
        "alongside as the citizen needs it.",
    ),
    "desc_parallel_phase_sensitive": (
        "Parallelle indsatser givet som borgerens fase tillader: hurtigt en virksomhedsplads "
        "i fremgang, samme sagsbehandler og forklaret ventetid i stilstand, og sundhed eller "
        "socialfaglig støtte først i afsporing.",
        "Parallel interventions offered as the citizen's phase allows: a company place fast in "
        "progress, the same caseworker and explained waiting in standstill, health or social "
        "support first in derailment.",
    ),
    "desc_none": (
        "Kontrol: ingen af strategiernes indsatser; kun det ressourceforløb, loven åbner for "
        "borgere med tunge, varige problemer, kører stadig (P30). Sagsbehandlerne mødes stadig "
        "med borgerne og danner sig et billede af deres chancer.",
        "Control: no strategy's interventions; only the resource programme the law opens for "
        "citizens with heavy, lasting problems still runs (P30). Caseworkers still meet "
        "citizens and form a view of their chances.",
    ),
    # errors in a scenario file (ScenarioError's parts, in the page's language)
    "err_file": ("Filen {source}", "The file {source}"),
    "err_setting": ("Indstillingen", "The setting"),
    "err_not_exist": ("findes ikke", "does not exist"),
    "err_not_utf8": ("er ikke UTF-8-tekst", "is not UTF-8 text"),
    "err_not_toml": ("er ikke gyldig TOML ({detail})", "is not valid TOML ({detail})"),
    "err_unknown_key": (
        "ukendt nøgle; gyldige nøgler i [{section}]: {keys}",
        "unknown key; valid keys in [{section}]: {keys}",
    ),
    "err_unknown_section": (
        "ukendt afsnit; gyldige afsnit: {keys}",
        "unknown section; valid sections: {keys}",
    ),
    "err_number_range": (
        "et tal fra {lo} til {hi} ({unit})",
        "a number from {lo} to {hi} ({unit})",
    ),
    "err_int_range": (
        "et helt tal fra {lo} til {hi} ({unit})",
        "a whole number from {lo} to {hi} ({unit})",
    ),
    "err_one_of": ("en af {choices}", "one of {choices}"),
    "err_name": ("skal være en tekst, der ikke er tom", "must be a non-empty string"),
    "err_missing_meta": (
        'afsnittet mangler; det skal have name = "..."',
        'missing section; it needs name = "..."',
    ),
    "err_no_base": ("den fil findes ikke ({name})", "no such file ({name})"),
    "err_base_cycle": (
        "kæden af baser løber i ring",
        "the chain of bases comes back to itself",
    ),
    "err_base_chain": (
        "en kæde af baser må højst have {n} led",
        "bases may be chained at most {n} deep",
    ),
    "err_its_base": ("dens base {ref}: {rule}", "its base {ref}: {rule}"),
    "err_no_such_file": ("den fil findes ikke", "no such file"),
    "err_base_rule": (
        "en base skal være en .toml-fil i scenariets egen mappe (eller derunder), i Fremdrifts "
        "scenarie- eller kalibreringsmappe, eller i en mappe nævnt i FREMDRIFT_BASE_ROOTS; "
        "eller navnet på et medfølgende scenarie ({names}) eller 'fitted'",
        "a base must be a .toml file in the scenario's own folder (or below), in Fremdrift's "
        "scenarios or calibration folder, or in a folder listed in FREMDRIFT_BASE_ROOTS; or the "
        "name of a shipped scenario ({names}) or 'fitted'",
    ),
    "err_not_scenario": (
        "er ikke en Fremdrift-scenariefil",
        "is not a Fremdrift scenario file",
    ),
    "err_other": ("kan ikke bruges: {detail}", "cannot be used: {detail}"),
    # citizens
    "pick_citizen": ("Borger nr. (0-{last})", "Citizen no. (0-{last})"),
    "row_state": ("Fase eller status", "Phase or status"),
    "row_interventions": ("Indsatser", "Interventions"),
    "row_events": ("Skift og praktikker", "Changes and placements"),
    # workshop mode (sim/ui/workshop)
    "ws_title": ("Fremdrift-workshop", "Fremdrift workshop"),
    "ws_facilitator": ("facilitator", "facilitator"),
    "ws_participant": ("deltager", "participant"),
    "ws_need_key": (
        "Denne side er facilitatorens. Åbn den adresse med nøgle, som `fremdrift workshop` "
        "skrev, da den startede.",
        "This page is the facilitator's. Open the address with the key that `fremdrift "
        "workshop` printed when it started.",
    ),
    "ws_start_title": ("Start en workshop", "Start a workshop"),
    "ws_start_settings": (
        "{rounds} runder. Hvert valg køres på {citizens} borgere i {weeks} uger, {replicates} "
        "gange med de samme frø for alle. Højst {most} deltagere.",
        "{rounds} rounds. Each choice runs on {citizens} citizens for {weeks} weeks, "
        "{replicates} times with the same seeds for everyone. At most {most} participants.",
    ),
    "ws_open": ("Åbn en session", "Open a session"),
    "ws_join_with": (
        "Deltag fra telefonen: skan koden, eller gå til adressen og skriv koden",
        "Join from your phone: scan the code, or go to the address and type the code",
    ),
    "ws_participants": ("{n} af højst {most} deltagere", "{n} of at most {most} participants"),
    "ws_end": ("Afslut sessionen", "End the session"),
    "ws_no_round_yet": (
        "Ingen runde er startet. Vælg den første runde ovenfor, når alle er med.",
        "No round has started. Choose the first round above when everyone has joined.",
    ),
    "ws_round_open": ("Runden er åben", "The round is open"),
    "ws_round_shut": ("Runden er lukket", "The round is closed"),
    "ws_close_round": ("Luk runden", "Close the round"),
    "ws_next_round": ("Næste: {title}", "Next: {title}"),
    "ws_answered": ("{n} af {of} har svaret", "{n} of {of} have answered"),
    "ws_guess_summary": (
        "{n} gæt: midterste {median}, fra {low} til {high}",
        "{n} guesses: median {median}, from {low} to {high}",
    ),
    "ws_model_says": ("Modellen: {value}", "The model: {value}"),
    "ws_chosen": (
        "{n} af {of} har valgt; {done} af {runs} kørsler færdige",
        "{n} of {of} have chosen; {done} of {runs} runs finished",
    ),
    "ws_answer_pending": (
        "Modellens svar regnes stadig ud ...",
        "The model's answer is still being worked out ...",
    ),
    "ws_runs_pending": (
        "{done} af {runs} kørsler færdige; tabellen fyldes ud, efterhånden som de bliver det.",
        "{done} of {runs} runs finished; the table fills in as they do.",
    ),
    "ws_reference": ("nuværende praksis", "current practice"),
    "ws_col_name": ("Navn", "Name"),
    "ws_col_choice": ("Valg", "Choice"),
    "ws_col_jobs": ("I job pr. 100", "In a job per 100"),
    "ws_col_diff_jobs": ("I job pr. 100 mod {ref}", "In a job per 100 against {ref}"),
    "ws_col_diff_self_support": (
        "Uger i selvforsørgelse pr. borger mod {ref}",
        "Weeks of self-support per citizen against {ref}",
    ),
    "ws_col_diff_cost": ("Nettoudgift pr. borger mod {ref}", "Net cost per citizen against {ref}"),
    "ws_status_queued": ("i kø", "queued"),
    "ws_status_done": ("færdig", "done"),
    "ws_status_failed": ("fejlede", "failed"),
    "ws_league_note": (
        "Forskelle mod {ref} på de samme borgere med det samme held, gennemsnit over "
        "{replicates} gentagelser med 95 %-interval ({citizens} borgere, {weeks} uger). "
        "Nettoudgift: indsatser plus grebenes pris minus sparet ydelse ({benefit} pr. uge i "
        "selvforsørgelse). En model, ikke en prognose.",
        "Differences against {ref} on the same citizens with the same luck, mean over "
        "{replicates} replicates with the 95% interval ({citizens} citizens, {weeks} weeks). "
        "Net cost: interventions plus the levers' price minus benefit saved ({benefit} per week "
        "of self-support). A model, not a forecast.",
    ),
    "ws_interval": ("{diff} ({low} til {high})", "{diff} ({low} to {high})"),
    "ws_export_csv": ("Hent sessionen (CSV)", "Download the session (CSV)"),
    "ws_join_title": ("Deltag i workshoppen", "Join the workshop"),
    "ws_join_hint": (
        "Skriv koden fra skærmen og et kaldenavn. Andre i rummet ser dit kaldenavn.",
        "Type the code on the screen and a nickname. Others in the room see your nickname.",
    ),
    "ws_code": ("Kode", "Code"),
    "ws_nickname": ("Kaldenavn", "Nickname"),
    "ws_join": ("Deltag", "Join"),
    "ws_hello": ("Du er med som {name} i session {code}.", "You are in session {code} as {name}."),
    "ws_wait_first": (
        "Vent på, at facilitatoren starter første runde.",
        "Wait for the facilitator to start the first round.",
    ),
    "ws_round_closed_yours": (
        "Runden er lukket. Dit svar: {value}",
        "The round is closed. Your answer: {value}",
    ),
    "ws_your_answer": ("Dit svar (fra {lo} til {hi})", "Your answer (from {lo} to {hi})"),
    "ws_send": ("Send", "Send"),
    "ws_sent": (
        "Sendt: {value}. Du kan ændre det, indtil runden lukker.",
        "Sent: {value}. You can change it until the round closes.",
    ),
    "ws_strategy": ("Strategi", "Strategy"),
    "ws_lever_field": ("{label} ({unit}), {lo}-{hi}", "{label} ({unit}), {lo}-{hi}"),
    "ws_lever_now": (
        "Nu: {value}. Pris: {cost} pr. borger pr. år pr. enhed op.",
        "Now: {value}. Price: {cost} per citizen per year per unit up.",
    ),
    "ws_budget": (
        "Grebene koster {spend} af {budget} pr. borger pr. år; {moved} af højst {most} greb "
        "flyttet.",
        "The levers cost {spend} of {budget} per citizen per year; {moved} of at most {most} "
        "levers moved.",
    ),
    "ws_send_run": ("Send og kør", "Send and run"),
    "ws_runs_left": (
        "{n} af {most} kørsler tilbage i denne runde",
        "{n} of {most} runs left in this round",
    ),
    "ws_no_choice": (
        "Runden er lukket. Du valgte ikke.",
        "The round is closed. You did not choose.",
    ),
    "ws_your_choice": ("Dit valg: {choice}", "Your choice: {choice}"),
    "ws_run_queued": ("Dit valg køres ...", "Your choice is running ..."),
    "ws_run_failed": (
        "Kørslen mislykkedes. Send igen, eller spørg facilitatoren.",
        "The run failed. Send again, or ask the facilitator.",
    ),
    "ws_my_jobs": ("{jobs} pr. 100 i job ved slut", "{jobs} per 100 in a job at the end"),
    "ws_my_diff_jobs": (
        "Mod {ref}: {diff} pr. 100 i job",
        "Against {ref}: {diff} per 100 in a job",
    ),
    "ws_my_diff_self_support": (
        "Mod {ref}: {diff} uger i selvforsørgelse pr. borger",
        "Against {ref}: {diff} weeks of self-support per citizen",
    ),
    "ws_my_diff_cost": (
        "Mod {ref}: nettoudgift {diff} pr. borger",
        "Against {ref}: net cost {diff} per citizen",
    ),
    "ws_answer_vs_yours": (
        "Modellen: {answer}. Dit gæt: {yours}.",
        "The model: {answer}. Your guess: {yours}.",
    ),
    "ws_rank": ("Du er nr. {rank} af {n} på job.", "You are no. {rank} of {n} on jobs."),
    "ws_no_result": ("Du har intet resultat i denne runde.", "You have no result in this round."),
    "ws_lever_caseload": ("Sagsstamme", "Caseload"),
    "ws_lever_caseload_help": (
        "Færre borgere pr. sagsbehandler giver tid til flere samtaler.",
        "Fewer citizens per caseworker leave time for more meetings.",
    ),
    "ws_lever_handover": ("Overdragelse", "Handover"),
    "ws_lever_handover_help": (
        "Hvor meget af relationen et skift af sagsbehandler bevarer (0 = intet, 1 = alt): "
        "et overlapsmøde bevarer planer og borgerens tro på sig selv.",
        "How much of the relationship a change of caseworker keeps (0 = nothing, 1 = all): an "
        "overlap meeting keeps plans and the citizen's belief in themselves.",
    ),
    "ws_lever_company_places": ("Virksomhedsrettede pladser", "Company-oriented places"),
    "ws_lever_company_places_help": (
        "Praktik- og løntilskudspladser ved arbejdsgivere.",
        "Work placements and wage-subsidy places at employers.",
    ),
    "ws_lever_upskilling_places": ("Opkvalificeringspladser", "Upskilling places"),
    "ws_lever_upskilling_places_help": ("Kurser og uddannelse.", "Courses and education."),
    "ws_lever_health_places": ("Sundhedspladser", "Health places"),
    "ws_lever_health_places_help": ("Behandling og støtte.", "Treatment and support."),
    "ws_lever_social_places": ("Socialfaglige pladser", "Social places"),
    "ws_lever_social_places_help": ("Mentor og social støtte.", "Mentor and social support."),
    "ws_unit_share_kept": ("andel bevaret", "share kept"),
    "ws_err_nickname": (
        "Skriv et kaldenavn på 1 til {most} tegn.",
        "Type a nickname of 1 to {most} characters.",
    ),
    "ws_err_nickname_taken": (
        "Kaldenavnet {name} er taget. Vælg et andet.",
        "The nickname {name} is taken. Choose another.",
    ),
    "ws_err_full": (
        "Sessionen er fuld ({n} deltagere).",
        "The session is full ({n} participants).",
    ),
    "ws_err_no_session": (
        "Der er ingen åben session med den kode. Tjek koden på skærmen.",
        "There is no open session with that code. Check the code on the screen.",
    ),
    "ws_err_ended": ("Sessionen er afsluttet.", "The session has ended."),
    "ws_err_no_round": ("Der er ingen sådan runde.", "There is no such round."),
    "ws_err_not_joined": ("Du er ikke med i sessionen.", "You have not joined the session."),
    "ws_err_round_closed": (
        "Runden er lukket; dit svar blev ikke gemt.",
        "The round is closed; your answer was not saved.",
    ),
    "ws_err_not_number": (
        "{text!r} er ikke et tal; intet blev ændret.",
        "{text!r} is not a number; nothing was changed.",
    ),
    "ws_err_range": (
        "{value} er uden for det tilladte: fra {lo} til {hi}. Intet blev ændret.",
        "{value} is outside what is allowed: from {lo} to {hi}. Nothing was changed.",
    ),
    "ws_err_strategy": ("Vælg en af rundens strategier.", "Choose one of the round's strategies."),
    "ws_err_lever": ("Det greb findes ikke i denne runde.", "That lever is not in this round."),
    "ws_err_lever_range": (
        "{lever}: {value} er uden for det tilladte, fra {lo} til {hi}. Intet blev ændret.",
        "{lever}: {value} is outside what is allowed, from {lo} to {hi}. Nothing was changed.",
    ),
    "ws_err_whole": ("{lever}: skriv et helt tal.", "{lever}: type a whole number."),
    "ws_err_too_many": (
        "Flyt højst {n} greb; intet blev ændret.",
        "Move at most {n} levers; nothing was changed.",
    ),
    "ws_err_budget": (
        "Grebene koster {spend} kr. pr. borger pr. år, over budgettet på {budget} kr. "
        "Intet blev ændret.",
        "The levers cost DKK {spend} per citizen per year, over the budget of DKK {budget}. "
        "Nothing was changed.",
    ),
    "ws_err_run_limit": (
        "Du har brugt dine {n} kørsler i denne runde; dit sidste valg står.",
        "You have used your {n} runs in this round; your last choice stands.",
    ),
    "ws_err_busy": (
        "Serveren har for mange kørsler i kø. Prøv igen om lidt.",
        "The server has too many runs waiting. Try again in a moment.",
    ),
    "ws_err_too_many_sessions": (
        "Serveren har allerede {n} åbne sessioner.",
        "The server already has {n} open sessions.",
    ),
}

# Exits at each year the comparison reads ("out_share_job_1y" ... "out_share_pension_4y").
for _name, _entry in catalogue.OUTCOMES.items():
    if _name.startswith("share_") and _name.endswith(("_1y", "_2y", "_4y")):
        TEXT[f"out_{_name}"] = (_entry.da, _entry.en)

# Domain words come from the one catalogue (sim.core.catalogue), namespace by namespace; a
# barrier's words are kept apart, since "health" and "social" also name interventions.
TERMS: dict[str, tuple[str, str]] = {
    name: (entry.da, entry.en)
    for namespace in ("phases", "statuses", "kinds", "strategies", "beliefs", "sectors")
    for name, entry in catalogue.NAMESPACES[namespace].items()
}
TERMS.update(
    {n: (e.da, e.en) for n, e in catalogue.INDICATORS.items()}
    | {n: (e.da, e.en) for n, e in catalogue.BARRIERS.items() if n not in TERMS}
)
BARRIER_TERMS: dict[str, tuple[str, str]] = {
    name: (entry.da, entry.en) for name, entry in catalogue.BARRIERS.items()
}

# Sources in the calibration report, in plain words (the report cites seed texts by number).
SOURCES: dict[str, tuple[str, str]] = {
    "seed 000": (
        "Danneris, 'Er du klar til at arbejde?'",
        "Danneris, 'Er du klar til at arbejde?'",
    ),
    "seed 001": ("LISES-projektet, Aalborg Universitet", "the LISES project, Aalborg University"),
    "seed 002": ("'En dynamisk tilgang til borgeren'", "'En dynamisk tilgang til borgeren'"),
    "seed 003": ("'Arbejde eller offentlig hjælp?'", "'Arbejde eller offentlig hjælp?'"),
    "seed 004": (
        "Væksthuset, temadag om parallelle indsatser",
        "Væksthuset, a seminar on parallel interventions",
    ),
    "BIP press release 2017": ("BIP, pressemeddelelse 2017", "BIP press release 2017"),
    "BIP research director, interview 2019": (
        "BIP's forskningsleder, interview 2019",
        "BIP research director, interview 2019",
    ),
    "Benchmarking unit 2023": ("Benchmarkingenheden 2023", "Benchmarking unit 2023"),
    "DI analysis 2021": ("DI-analyse 2021", "DI analysis 2021"),
    "Rigsrevisionen 1/2010": ("Rigsrevisionen, beretning 1/2010", "Rigsrevisionen report 1/2010"),
    "derived from P7 (BIP, Effektive sagsbehandlerstrategier 2018)": (
        "afledt af P7 (BIP, Effektive sagsbehandlerstrategier 2018)",
        "derived from P7 (BIP, Effektive sagsbehandlerstrategier 2018)",
    ),
}

# What each calibration target measures, in Danish (the report's data has the English).
MEASURES_DA: dict[str, str] = {
    "P2": "Jobchance pr. sagsbehandlerskift (hazardmodel på kvartalspanelet)",
    "P3": "Andel borgere med mindst ét sagsbehandlerskift",
    "P4": "Chance for job eller uddannelse i kvartalet efter, at sagsbehandleren svarede 'ja' "
    "eller 'god chance', mod andre svar, justeret for de målte indikatorer (som BIP så det)",
    "P5_yes": "Sagsbehandleren svarer 'ja' til 'job inden for det næste år?'",
    "P5_good_chance": "Sagsbehandleren svarer 'god chance'",
    "P5_maybe": "Sagsbehandleren svarer 'måske'",
    "P5_doubtful_or_no": "Sagsbehandleren svarer 'tvivlsomt' eller 'nej'",
    "P7_top": "Andel af borgerne, som den bedste fjerdedel af sagsbehandlerne får i job eller "
    "uddannelse",
    "P7_bottom": "Andel af borgerne, som den dårligste fjerdedel af sagsbehandlerne får i job "
    "eller uddannelse",
    "P7_signal": "Hvor tydeligt sagsbehandlerne adskiller sig ud over tilfældighed: andelen af "
    "ombyttede sagsbehandlere, som den virkelige spredning overgår",
    "P7_sd": "Sagsbehandlerens egen betydning for chancen for job eller uddannelse inden for to "
    "år, justeret for borgernes sammensætning (standardafvigelse)",
    "P8": "Sammenhæng mellem hvor ofte sagsbehandlere svarer 'ja'/'god chance' og hvor mange de "
    "får i job eller uddannelse",
    "P9": "Hvor meget virksomhedsrettet plus en anden indsats fører over den næstbedste "
    "kombination i progression pr. kvartal (point)",
    "P10": "Gennemsnitlig progression pr. kvartal uden indsats (point)",
    "P11": "Hvor meget virksomhedsrettet alene fører over den bedste støtteindsats alene "
    "(point pr. kvartal)",
    "P12": "Største progression af opkvalificering, sundhed eller socialfaglig støtte alene "
    "(point pr. kvartal)",
    "P16": "Andel af kohorten, der aldrig får en indsats",
    "P17": "Blandt borgere med en indsats: andelen, der aldrig har haft to på én gang",
    "P18": "Relativ forskel i andelen af senere kvartaler i selvforsørgelse, aktiverede mod "
    "ikke-aktiverede i det første halve år (nuværende praksis)",
    "P18_company_share": "Virksomhedsrettet andel af indsatsugerne i nuværende praksis",
    "P19": "Aktiveringsgrad: timer i indsats pr. mulig time på ydelse (uger omregnet til timer)",
    "P22_still_12m": "Af jobstarter: andelen stadig i arbejde 12 måneder senere",
    "P22_ended_3m": "Af jobstarter: andelen tilbage på ydelse inden 3 måneder",
    "P22_ended_4_12m": "Af jobstarter: andelen tilbage på ydelse i måned 4-12",
}

# Units as sim/core/params.py writes them (English), for the inputs Explore shows and the
# ranges an error names (every unit a parameter has: tests/ui/test_i18n.py).
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
    "DKK per citizen-year": ("kr. pr. borger pr. år", "DKK per citizen-year"),
    "DKK per post-year": ("kr. pr. stilling pr. år", "DKK per post-year"),
    "SD of latent burden": ("SD for den latente byrde", "SD of latent burden"),
    "barriers": ("barrierer", "barriers"),
    "beta concentration": ("beta-koncentration", "beta concentration"),
    "correlation": ("korrelation", "correlation"),
    "elasticity": ("elasticitet", "elasticity"),
    "employers": ("arbejdsgivere", "employers"),
    "employers per 100 citizens": ("arbejdsgivere pr. 100 borgere", "employers per 100 citizens"),
    "latent SD": ("latent SD", "latent SD"),
    "latent per barrier": ("latent pr. barriere", "latent per barrier"),
    "latent per phase": ("latent pr. fase", "latent per phase"),
    "latent per point": ("latent pr. point", "latent per point"),
    "log-hazard SD": ("SD på log-hazard", "log-hazard SD"),
    "log-odds": ("log-odds", "log-odds"),
    "log-odds SD": ("SD på log-odds", "log-odds SD"),
    "log-odds per SD": ("log-odds pr. SD", "log-odds per SD"),
    "log-odds per level": ("log-odds pr. trin", "log-odds per level"),
    "log-odds per point": ("log-odds pr. point", "log-odds per point"),
    "log-odds per year": ("log-odds pr. år", "log-odds per year"),
    "multiplier": ("faktor", "multiplier"),
    "multiplier per barrier": ("faktor pr. barriere", "multiplier per barrier"),
    "multiplier per change": ("faktor pr. skift", "multiplier per change"),
    "multiplier per point": ("faktor pr. point", "multiplier per point"),
    "multiplier per year": ("faktor pr. år", "multiplier per year"),
    "placements": ("praktikpladser", "placements"),
    "points": ("point", "points"),
    "points (1-5)": ("point (1-5)", "points (1-5)"),
    "points per barrier": ("point pr. barriere", "points per barrier"),
    "points/week": ("point pr. uge", "points per week"),
    "probability per meeting": ("sandsynlighed pr. møde", "probability per meeting"),
    "share": ("andel", "share"),
    "share of the cohort per year": ("andel af kohorten pr. år", "share of the cohort per year"),
    "DKK/week": ("kr. pr. uge", "DKK per week"),
    "years": ("år", "years"),
    "years on benefit": ("år på ydelse", "years on benefit"),
}

# The strategies a planner compares, in the order the product talks about them.
STRATEGIES = tuple(catalogue.STRATEGIES)


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


def barrier(name: str, lang: str) -> str:
    """A barrier (a problem the citizen has), never confused with the intervention of its name."""
    pair = BARRIER_TERMS.get(name)
    if pair is None:
        return name.replace("_", " ")
    return pair[0] if lang == "da" else pair[1]


def source(text: str, lang: str) -> str:
    """A calibration source in plain words: each '; '-separated part looked up in SOURCES."""
    parts = [p.strip() for p in str(text).split(";")]
    out = []
    for p in parts:
        pair = SOURCES.get(p)
        out.append(p if pair is None else (pair[0] if lang == "da" else pair[1]))
    return "; ".join(out)


def scenario_name(name: str, lang: str) -> str:
    """A scenario's name as a planner reads it: a shipped strategy's words, else as written."""
    return term(name, lang) if name in STRATEGIES else name


def scenario_description(name: str, description: str, lang: str) -> str:
    """A shipped scenario's description in `lang`; another file's own description as written."""
    key = f"desc_{name}"
    return t(key, lang) if key in TEXT else description


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
