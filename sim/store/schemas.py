"""The Arrow schema of every table Fremdrift writes, column by column, with what each means.

Writers cast to these schemas, so a column has the same type in every file and every run (a
count is always an integer, a text always a string), whichever reader opens it: pandas,
polars, duckdb, pyarrow or R's arrow. `docs/data.md` is generated from the same declarations
(`scripts/data_doc.py`) and a test keeps the two equal.

Columns that exist once per intervention kind are declared with `{kind}` in their name and
expanded for the kinds of the run.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from sim.core.catalogue import OUTCOMES
from sim.core.recorder import FLOWS
from sim.core.states import INDICATORS, PHASES, STATUSES

LABEL = pa.dictionary(pa.int8(), pa.string())  # a category: small codes, names as values


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    doc: str


def _expand(columns: list[Column], kinds: tuple[str, ...]) -> list[Column]:
    out = []
    for c in columns:
        if "{kind}" in c.name:
            out += [Column(c.name.format(kind=k), c.type, c.doc.format(kind=k)) for k in kinds]
        else:
            out.append(c)
    return out


FLOW_DOCS = {
    "new_job": "citizens who started a job this week",
    "new_education": "citizens who started education this week",
    "new_flexjob": "citizens who left for a flexjob this week",
    "new_pension": "citizens who left for disability pension this week",
    "new_return": "citizens who came back to benefit this week (a job ended, education dropped)",
    "new_caseworker_changes": "changes of caseworker this week (P2, P3)",
    "new_life_events": "crises this week",
    "new_intervention_starts": "interventions started this week",
    "new_placements": "company placements made this week",
    "new_contacts_lost": "employer contacts lost this week with caseworkers who left (seed 002)",
    "cost": "intervention places' cost this week, DKK (as the kinds price them)",
    "cost_benefit": "cash benefit paid this week, DKK",
    "cost_flexjob": "flexjob subsidy paid this week, DKK",
    "cost_pension": "disability pension paid this week, DKK",
    "cost_caseworkers": "salaries of the caseworkers holding posts this week, DKK",
    "cost_total": "public spending this week: places, benefit, flexjob, pension and salaries, DKK",
}

WEEKLY = [
    Column("week", pa.int32(), "week number; 0 is the start, before any step"),
    *(Column(f"n_{s}", pa.int64(), f"citizens with status {s}") for s in STATUSES),
    *(Column(f"n_{p}", pa.int64(), f"citizens on benefit in phase {p}") for p in PHASES),
    Column("n_active_{kind}", pa.int64(), "citizens in a running {kind} intervention"),
    Column("n_waiting", pa.int64(), "citizens on at least one waiting list"),
    Column("n_waiting_{kind}", pa.int64(), "citizens on the {kind} waiting list (P13)"),
    Column("n_without_caseworker", pa.int64(), "citizens on benefit whose post is vacant"),
    Column("n_caseworkers", pa.int64(), "posts held by a caseworker"),
    Column("n_contacts", pa.int64(), "caseworker-employer contacts held now"),
    Column("mean_indicator", pa.float64(), "mean readiness (1-5) of citizens on benefit"),
    *(Column(f, pa.float64() if f.startswith("cost") else pa.int64(), FLOW_DOCS[f]) for f in FLOWS),
]

EVENTS = [
    Column("week", pa.int32(), "week of the event"),
    Column("citizen_id", pa.int32(), "the citizen"),
    Column(
        "event",
        LABEL,
        "status, phase, intervention_start, intervention_end, caseworker_change or placement",
    ),
    Column(
        "value",
        pa.string(),
        "the new status or phase, the intervention kind, the new caseworker's id or the "
        "employer's id",
    ),
]

PANEL = [
    Column("citizen_id", pa.int32(), "the citizen"),
    Column("week", pa.int32(), "wave week: 0, 13, 26, ... (BIP measured every quarter, P6)"),
    Column("status", LABEL, "benefit, job, education, flexjob or pension"),
    Column("phase", LABEL, "phase while on benefit; null off benefit"),
    *(
        Column(i, pa.int8(), f"measured indicator {i}, 1-5 (with measurement noise)")
        for i in INDICATORS
    ),
    Column(
        "belief",
        LABEL,
        "the caseworker's answer to 'job within the next year?' (P5); null with no caseworker",
    ),
    Column("caseworker_id", pa.int32(), "the caseworker now; null off benefit or in a vacancy"),
    Column("n_caseworker_changes", pa.int16(), "changes of caseworker so far"),
    Column("{kind}", pa.bool_(), "in a running {kind} intervention at the wave"),
]

CASEWORKERS = [
    Column("caseworker_id", pa.int32(), "the caseworker"),
    Column("post", pa.int32(), "the post (caseload) held"),
    Column("jobcentre", pa.int32(), "the jobcentre of the post (0 with one jobcentre)"),
    Column("caseload", pa.int32(), "citizens on benefit on the post at the end, or when leaving"),
    Column("n_citizens_ever", pa.int32(), "citizens ever held"),
    Column("n_to_job", pa.int32(), "citizens who left for a job while this caseworker's (P7)"),
    Column("n_to_education", pa.int32(), "citizens who left for education while theirs"),
    Column("hired_week", pa.int32(), "week hired (0 for the first team)"),
    Column("left_week", pa.int32(), "week left; null while employed"),
    Column("optimism", pa.float64(), "latent optimism about citizens' chances"),
    Column(
        "experience_years",
        pa.float64(),
        "years of experience at the end of the run, or when leaving",
    ),
    Column("style", pa.string(), "view of the task: firm, stepwise, patient, private_life"),
]

RUN_TABLES: dict[str, list[Column]] = {
    "weekly": WEEKLY,
    "events": EVENTS,
    "panel": PANEL,
    "caseworkers": CASEWORKERS,
}


def columns(table: str, kinds: tuple[str, ...]) -> list[Column]:
    return _expand(RUN_TABLES[table], kinds)


def schema(table: str, kinds: tuple[str, ...]) -> pa.Schema:
    """The Arrow schema of a run table for a run with these intervention kinds."""
    return pa.schema([pa.field(c.name, c.type) for c in columns(table, kinds)])


def outcome_doc(name: str) -> str:
    entry = OUTCOMES.get(name)
    return entry.en if entry else name
