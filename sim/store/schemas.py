"""The Arrow schema of every table Fremdrift writes, column by column, with what each means.

Writers cast to these schemas, so a column has the same type in every file and every run (a
count is always an integer, a text always a string), whichever reader opens it: pandas,
polars, duckdb, pyarrow or R's arrow. `docs/data.md` is generated from the same declarations
(`scripts/data_doc.py`) and a test keeps the two equal. The JSON files are declared here too,
key by key, so the document covers every file the tools write and a test checks the keys.

Columns that exist once per intervention kind are declared with `{kind}` in their name and
expanded for the kinds of the run; a sweep's design columns are declared with `{factor}` and
expanded for its factors. An outcome that is read at a fixed week (the shares after 1, 2 and 4
years) declares that week as its `horizon`; it is written into the Parquet field's metadata
(`horizon_weeks`) so a reader of the file alone can tell why the column is null in a shorter run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from sim.core.catalogue import OUTCOMES
from sim.core.recorder import FLOWS
from sim.core.states import INDICATORS, PHASES, STATUSES
from sim.experiments.outcomes import EXIT_STATUSES, HORIZONS, SUMMARY_OUTCOMES, WEEKLY_SERIES

LABEL = pa.dictionary(pa.int8(), pa.string())  # a category: small codes, names as values
HORIZON_KEY = b"horizon_weeks"  # Parquet field metadata: the weeks a run needs for a value


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType | None  # None: the type of the parameter a design column holds
    doc: str
    horizon: int | None = None  # weeks a run must last for this column to have a value

    def field(self) -> pa.Field:
        meta = {HORIZON_KEY: str(self.horizon).encode()} if self.horizon else None
        return pa.field(self.name, self.type, metadata=meta)


@dataclass(frozen=True)
class Key:
    """A key of a JSON file the tools write."""

    name: str
    doc: str


def _expand(columns: list[Column], kinds: tuple[str, ...]) -> list[Column]:
    out = []
    for c in columns:
        if "{kind}" in c.name:
            out += [
                Column(c.name.format(kind=k), c.type, c.doc.format(kind=k), c.horizon)
                for k in kinds
            ]
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
    "new_arrivals": "citizens who joined the group this week (open population only; P26)",
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
        "skill",
        pa.float64(),
        "factor on their citizens' job and education hazards that no other trait explains "
        "(mean 1; P7)",
    ),
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
    return _schema(columns(table, kinds))


def _schema(cols: list[Column]) -> pa.Schema:
    return pa.schema([c.field() for c in cols])


def outcome_doc(name: str) -> str:
    entry = OUTCOMES.get(name)
    return entry.en if entry else name


# -- Outcomes: one row per run, in sweeps and comparisons ---------------------------------------

_SUMMARY_NOTES = {
    "mean_indicator_change": "; mean over the cohort, end of run against week 0",
    "weeks_self_support_per_citizen": "; in job, education or flexjob, over the run",
    "cost_per_citizen": "; over the run",
    "activation_rate": "",
}


def _outcome_columns() -> list[Column]:
    out = []
    for status in EXIT_STATUSES:
        for label, week in HORIZONS.items():
            name = f"share_{status}_{label}"
            doc = f"{outcome_doc(name)}: share of the cohort at week {week}"
            out.append(Column(name, pa.float64(), doc, horizon=week))
    for name in SUMMARY_OUTCOMES:
        note = _SUMMARY_NOTES.get(name, "; share of the cohort")
        out.append(Column(name, pa.float64(), f"{outcome_doc(name)}{note}"))
    return out


OUTCOME_COLUMNS = _outcome_columns()

_ERROR = Column(
    "error",
    pa.string(),
    "null when the run succeeded (its outcomes are then null); else `Type: message "
    "(file:line)` of what it raised, "
    "`WorkerDied: ...` when its worker process died, `RunnerError: ...` when the --runner "
    "could not be loaded",
)
_SEED = Column(
    "seed",
    pa.int64(),
    "the replicate's seed, spawned from the root seed; `fremdrift run --seed` repeats the run",
)
_REPLICATE = Column("replicate", pa.int64(), "replicate number, 0 to replicates - 1")
_POINT = Column("point_id", pa.int64(), "design point, 0 to points - 1")


def _weekly_series() -> list[Column]:
    docs = {c.name: c for c in WEEKLY}
    return [Column(n, docs[n].type, docs[n].doc) for n in WEEKLY_SERIES]


# -- A sweep folder (`fremdrift sweep`) ---------------------------------------------------------

SWEEP_RUNS = [
    Column("run_id", pa.int64(), "the run: point_id x replicates + replicate"),
    _POINT,
    _REPLICATE,
    _SEED,
    _ERROR,
    *OUTCOME_COLUMNS,
]

SWEEP_WEEKLY = [
    Column("run_id", pa.int64(), "the run (runs/); a failed run has no rows"),
    Column("week", pa.int32(), "week number; 0 is the start, before any step"),
    *_weekly_series(),
]

DESIGN = [
    Column("run_id", pa.int64(), "every planned run, finished or not"),
    _POINT,
    _REPLICATE,
    _SEED,
    Column(
        "{factor}",
        None,
        "the value of parameter `{factor}` (a factor of the sweep) at this design point; "
        "typed like the parameter (int64, double, string or bool). Every other parameter has "
        "its base scenario's value, in metadata.json `base.params` (with --ensemble, except "
        "the `{ensemble}` columns)",
    ),
    Column(
        "x:{factor}",
        pa.float64(),
        "the design's raw coordinate for `{factor}`, as SALib samples and analyses it: a range "
        "factor's own value before rounding, or, for a listed factor, a number in [0, k) whose "
        "whole part is the index of the value taken",
    ),
]

# Only in a sweep run with --ensemble (each replicate draws a plausible parameter set).
DESIGN_ENSEMBLE = [
    Column(
        "parameter_set",
        pa.int64(),
        "only with --ensemble: the parameter set this run used, its 0-based position among the "
        "ensemble file's [[set]] entries (metadata.json `ensemble.sets` holds them in order); "
        "the same for a replicate at every design point",
    ),
    Column(
        "{ensemble}",
        pa.float64(),
        "only with --ensemble: the value of parameter `{ensemble}` in this run's parameter set "
        "(a parameter the ensemble varies and the design does not)",
    ),
]

SWEEP_TABLES: dict[str, list[Column]] = {
    "runs/part-*.parquet": SWEEP_RUNS,
    "weekly/part-*.parquet": SWEEP_WEEKLY,
    "design.parquet": DESIGN + DESIGN_ENSEMBLE,
}


def sweep_runs_schema() -> pa.Schema:
    return _schema(SWEEP_RUNS)


def sweep_weekly_schema() -> pa.Schema:
    return _schema(SWEEP_WEEKLY)


def design_schema(
    factors: dict[str, pa.DataType], ensemble: dict[str, pa.DataType] | None = None
) -> pa.Schema:
    """The schema of design.parquet for a sweep whose factors have these parameter types, and,
    run with an ensemble, the parameters it varies besides."""
    cols = []
    for c in DESIGN:
        if "{factor}" not in c.name:
            cols.append(c)
            continue
        for key, kind in factors.items():
            cols.append(Column(c.name.format(factor=key), c.type or kind, c.doc))
    if ensemble is not None:
        for c in DESIGN_ENSEMBLE:
            if "{ensemble}" not in c.name:
                cols.append(c)
                continue
            for key, kind in ensemble.items():
                cols.append(Column(c.name.format(ensemble=key), kind, c.doc))
    return _schema(cols)


def arrow_type(value: Any) -> pa.DataType:
    """The column type of a parameter, from its value in the base scenario."""
    if isinstance(value, bool):
        return pa.bool_()
    if isinstance(value, int):
        return pa.int64()
    if isinstance(value, float):
        return pa.float64()
    return pa.string()


# -- A comparison folder (`fremdrift compare`) --------------------------------------------------

COMPARISON_RUNS = [
    Column("run_id", pa.int64(), "the run: scenario's position x replicates + replicate"),
    Column("scenario", pa.string(), "the scenario's `[meta] name`"),
    _REPLICATE,
    Column(
        "seed",
        pa.int64(),
        "the replicate's seed, the same for every scenario (common random numbers)",
    ),
    _ERROR,
    *OUTCOME_COLUMNS,
]

COMPARISON_WEEKLY = [
    Column("scenario", pa.string(), "the scenario's `[meta] name`"),
    _REPLICATE,
    Column("run_id", pa.int64(), "the run (runs.parquet); a failed run has no rows"),
    Column("week", pa.int32(), "week number; 0 is the start, before any step"),
    *_weekly_series(),
]

DIFFERENCES = [
    Column("scenario", pa.string(), "the scenario, compared with the first one given"),
    Column(
        "outcome",
        pa.string(),
        "an outcome column of runs.parquet, or `cost_per_extra_job`; an outcome with a "
        "horizon longer than the runs has null mean and difference",
    ),
    Column("mean", pa.float64(), "mean over the replicates that succeeded"),
    Column(
        "diff",
        pa.float64(),
        "paired difference with the first scenario (mean over replicates); null for the first. "
        "For cost_per_extra_job: extra cost per extra citizen in a job, DKK",
    ),
    Column("low", pa.float64(), "lower end of the 95% interval of `diff`"),
    Column("high", pa.float64(), "upper end of the 95% interval of `diff`"),
    Column(
        "note",
        pa.string(),
        "for cost_per_extra_job: why the ratio is or is not given (e.g. `no clear difference "
        "in jobs`); empty otherwise",
    ),
]

ENSEMBLE_SUMMARY = [
    Column("scenario", pa.string(), "the scenario, compared with the first one given"),
    Column("outcome", pa.string(), "an outcome column of runs.parquet"),
    Column("diff", pa.float64(), "paired difference with the first scenario, over all replicates"),
    Column("sets", pa.int64(), "parameter sets drawn (each for at least two replicates)"),
    Column(
        "sets_same_sign",
        pa.int64(),
        "sets whose own mean difference has the sign of `diff`: the difference holds in this "
        "many of `sets` plausible parameter sets",
    ),
    Column(
        "parameter_sd",
        pa.float64(),
        "spread of the difference between parameter sets, Monte Carlo noise removed (one-way "
        "random-effects analysis of variance); null with one set",
    ),
    Column(
        "monte_carlo_sd",
        pa.float64(),
        "spread of single replicates' differences within a parameter set (pooled)",
    ),
    Column("set_low", pa.float64(), "the smallest of the sets' mean differences"),
    Column("set_high", pa.float64(), "the largest of the sets' mean differences"),
]

PARAMETER_SETS = [
    Column("scenario", pa.string(), "the scenario's `[meta] name`"),
    _REPLICATE,
    Column(
        "parameter_set",
        pa.int64(),
        "the ensemble's set (`[[set]]` in its file, counted from 0) this replicate ran with; "
        "the same for every scenario",
    ),
]

COMPARISON_TABLES: dict[str, list[Column]] = {
    "runs.parquet": COMPARISON_RUNS,
    "weekly.parquet": COMPARISON_WEEKLY,
    "differences.parquet": DIFFERENCES,
    "ensemble.parquet": ENSEMBLE_SUMMARY,
    "parameter_sets.parquet": PARAMETER_SETS,
}


def comparison_schema(table: str) -> pa.Schema:
    return _schema(COMPARISON_TABLES[f"{table}.parquet"])


# -- The JSON files --------------------------------------------------------------------------

_VERSIONS = Key("versions", "Python's and the libraries' versions (fremdrift, mesa, numpy, ...)")
_PROVENANCE = Key(
    "provenance",
    "when, how and from which code: `created_utc`, `command_line`, `git_commit` (null outside "
    "a checkout); the only part that differs between two identical runs",
)
_SCENARIO = (
    "`name`, `description`, `source` (the file), `params_sha256` (hash of the resolved "
    "parameters), `file_sha256` (hash of the file's own bytes; null when not from a file)"
)

RUN_METADATA = [
    Key("schema_version", "version of this layout (2)"),
    Key("scenario", _SCENARIO),
    Key("seed", "`entropy` and `spawn_key` of the run's SeedSequence"),
    Key("params", "every parameter, group by group, as the run used it"),
    Key("summary", "the headline outcomes, as `sim.run(...).summary()` gives them"),
    _VERSIONS,
    Key("tables", "the table files of the folder"),
    _PROVENANCE,
]

SWEEP_METADATA = [
    Key("schema_version", "version of the sweep layout (2: parameters only in design.parquet)"),
    Key("kind", '"sweep"'),
    Key("sweep", "the sweep file: `name`, `description`, `source`, `sha256` of its text"),
    Key(
        "plan_hash",
        "hash of the sweep file, the base parameters, the replicates and the runner; "
        "`--resume` continues only a folder with the same plan",
    ),
    Key("design", "`kind` (grid, lhs, sobol, morris), `samples`, `levels`, `n_points`"),
    Key("problem", "the SALib problem: `num_vars`, `names`, `bounds` of the x: coordinates"),
    Key("factors", "per factor: `key`, listed `values` or the range `low` to `high`"),
    Key("root_seed", "the seed the replicates' seeds are spawned from"),
    Key("replicates", "replicates per design point"),
    Key("runner", "the run function, MODULE:FUNCTION"),
    Key("n_runs", "design points x replicates"),
    Key(
        "ensemble",
        "null, or with --ensemble: `sets` (the file's parameter sets, in order, without the "
        "`kept` parameters), `parameter_set_of_replicate` (which set each replicate used) and "
        "`kept` (parameters the base scenario sets differently from the calibrated fit, which "
        "keep the base's value)",
    ),
    Key("base", "the base scenario: `name`, `source` and every parameter (`params`)"),
    _VERSIONS,
    Key(
        "provenance",
        "`created_utc`, `command_line` and `git_commit` of the command that created the folder "
        "(a `--resume` keeps them)",
    ),
]

COMPARISON_METADATA = [
    Key("schema_version", "version of this layout (3: no parameter columns in runs.parquet)"),
    Key("kind", '"comparison"'),
    Key("root_seed", "the seed the replicates' seeds are spawned from"),
    Key("replicates", "replicates per scenario"),
    Key("scenarios", f"per scenario, in order: {_SCENARIO}, and every parameter (`params`)"),
    _VERSIONS,
    _PROVENANCE,
]

LOCK_FILE = [
    Key("pid", "the process writing the folder now"),
    Key("host", "the machine it runs on"),
    Key("started", "when it took the lock (local time)"),
]
