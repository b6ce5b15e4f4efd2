"""`fremdrift compare`: scenarios side by side with common random numbers."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from sim.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_RUNS_FAILED,
    add_executor_flags,
    add_size_flags,
    check_output_path,
    default_out,
    executor_from,
    limited,
)
from sim.core import catalogue
from sim.experiments.compare import run_comparison
from sim.experiments.limits import LIMITS
from sim.experiments.scenario import load_scenario, with_overrides
from sim.store.run_output import check_target

# The outcomes the table shows, with how each is formatted; labels from the catalogue.
ROWS = tuple(
    (key, catalogue.label("outcomes", key, "en"), kind)
    for key, kind in (
        ("share_job_1y", "pct"),
        ("share_job_2y", "pct"),
        ("share_job_4y", "pct"),
        ("share_education_1y", "pct"),
        ("share_education_2y", "pct"),
        ("share_education_4y", "pct"),
        ("share_flexjob_1y", "pct"),
        ("share_flexjob_2y", "pct"),
        ("share_flexjob_4y", "pct"),
        ("share_pension_1y", "pct"),
        ("share_pension_2y", "pct"),
        ("share_pension_4y", "pct"),
        ("share_self_support", "pct"),
        ("share_derailment", "pct"),
        ("mean_indicator_change", "num"),
        ("weeks_self_support_per_citizen", "num"),
        ("cost_per_citizen", "dkk"),
        ("cost_per_extra_job", "dkk"),
        ("public_cost_per_citizen", "dkk"),
        ("public_cost_per_extra_self_support", "dkk"),
    )
)


def _fmt(value: float, kind: str, signed: bool = False) -> str:
    if value is None or not math.isfinite(value):
        return "-"
    sign = "+" if signed else ""
    if kind == "pct":
        return f"{100 * value:{sign}.1f}%"
    if kind == "dkk":
        return f"{value:{sign},.0f}"
    return f"{value:{sign}.2f}"


def _cell(row, kind: str) -> str:
    if not math.isfinite(row["diff"]):
        return row.get("note") or "-"
    unit = " pt" if kind == "pct" else ""
    scale = 100 if kind == "pct" else 1
    fmt = "num" if kind == "pct" else kind

    def f(v: float) -> str:
        return _fmt(scale * v, fmt, True)

    note = f" ({row['note']})" if row.get("note") else ""
    return f"{f(row['diff'])}{unit} [{f(row['low'])}, {f(row['high'])}]{note}"


def add_parser(sub) -> None:
    p = sub.add_parser(
        "compare",
        help="compare scenarios with common random numbers",
        description="Run two or more scenarios with the same seeds (common random numbers) and "
        "report each against the first: paired differences with 95% confidence intervals, and "
        "the extra cost per extra citizen in a job. Writes runs, weekly series and differences "
        "(Parquet), compare.png and metadata.json.",
    )
    p.add_argument(
        "scenarios",
        type=Path,
        nargs="+",
        metavar="SCENARIO",
        help="scenario files; the first is the reference",
    )
    p.add_argument(
        "--replicates",
        type=limited("replicates"),
        default=None,
        help="replicates per scenario (default: the first file's [run] replicates)",
    )
    add_size_flags(p)
    p.add_argument(
        "--seed", type=limited("seed"), help="root seed (default: the first file's [run] seed)"
    )
    p.add_argument("--out", type=Path, help="output folder (default: a new one under runs/)")
    p.add_argument("--overwrite", action="store_true", help="replace a non-empty --out folder")
    p.add_argument(
        "--report",
        action="store_true",
        help="also write report.pdf and report.html: the planners' brief (set-up, charts, "
        "differences table, costs, assumptions, calibration status), as the UI's report button",
    )
    p.add_argument(
        "--lang",
        choices=("da", "en"),
        default="da",
        help="language of the report (default: da)",
    )
    p.add_argument(
        "--ensemble",
        type=Path,
        metavar="FILE",
        help="also vary the parameters: each replicate draws a parameter set from FILE (e.g. "
        "calibration/ensemble.toml), the same for every scenario, and the result separates "
        "the spread between plausible parameter sets from Monte Carlo noise (ensemble.parquet)",
    )
    add_executor_flags(p)
    p.set_defaults(func=cmd_compare)


def cmd_compare(args: argparse.Namespace, console: Console) -> int:
    from sim.store.comparison_output import write_comparison

    if len(args.scenarios) < 2:
        print("fremdrift: error: compare needs at least two scenario files", file=sys.stderr)
        return EXIT_BAD_INPUT
    scenarios = [
        with_overrides(load_scenario(p), citizens=args.citizens, weeks=args.weeks)
        for p in args.scenarios
    ]
    scenarios = unique_names(scenarios, args.scenarios)
    first = scenarios[0].params
    replicates = args.replicates or first.run.replicates
    n_runs = replicates * len(scenarios)
    if not LIMITS["runs"].ok(n_runs):
        print(
            f"fremdrift: error: {len(scenarios)} scenarios x {replicates:,} replicates = "
            f"{n_runs:,} runs; at most {LIMITS['runs'].hi:,} runs in one comparison",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    root_seed = first.run.seed if args.seed is None else args.seed
    ensemble, kept = None, []
    if args.ensemble is not None:
        from sim.experiments.compare import assign_sets
        from sim.experiments.ensemble import (
            KIND_SUMMARY,
            EnsembleError,
            ensemble_kind,
            fitted_params,
            load_ensemble,
            without_own,
        )

        try:
            ensemble = load_ensemble(args.ensemble)
            kind = ensemble_kind(args.ensemble)
            # What a scenario sets apart from the fit is what it asks about: each keeps its
            # own value, and the sets vary only the rest (as on the UI's Compare page).
            fitted = fitted_params()
            kept = sorted(
                {k for sc in scenarios for k in without_own(ensemble, sc.params, fitted)[1]}
            )
            ensemble = [{k: v for k, v in s.items() if k not in kept} for s in ensemble]
            assign_sets(ensemble, replicates, root_seed, scenarios)  # checks before running
        except (EnsembleError, ValueError) as exc:
            print(f"fremdrift: error: --ensemble: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
    names = [s.name for s in scenarios[:4]]
    out = args.out or default_out(*names, joiner="-vs-", prefix="compare-")
    check_output_path(out)
    check_target(out, args.overwrite)
    console.print(
        f"Comparing {escape(', '.join(s.name for s in scenarios))}: {replicates} replicates each, "
        f"{first.population.n_citizens:,} citizens, {first.run.weeks} weeks, root seed {root_seed}"
    )
    if ensemble is not None:
        summary = KIND_SUMMARY.get(kind, "")
        console.print(
            f"Parameter sets: {len(ensemble)} from {escape(Path(args.ensemble).name)}, "
            f"{escape(kind)}" + (f" ({escape(summary)})" if summary else "")
        )
    if ensemble is not None and kept:
        console.print(
            f"Across the ensemble each scenario keeps its own {escape(', '.join(kept))} (set "
            "apart from calibration/fitted.toml), so that uncertainty is not included"
        )
    with executor_from(args) as executor:
        comparison = run_comparison(
            scenarios, replicates, executor, root_seed=root_seed, ensemble=ensemble
        )
    write_comparison(comparison, scenarios, out, overwrite=args.overwrite)
    print_table(console, comparison, replicates)
    if comparison.ensemble is not None:
        print_ensemble(console, comparison)
    console.print(
        "Wrote runs, weekly series, differences, compare.png and metadata to "
        f"[bold]{escape(str(out))}[/]"
    )
    if args.report:
        written = write_brief(comparison, scenarios[0], root_seed, replicates, args.lang, out)
        console.print(f"Wrote the report: {', '.join(str(p) for p in written)}")
    if comparison.n_failed:
        console.print(
            f"[red]{comparison.n_failed} runs failed[/]; see the error column in runs.parquet"
        )
        return EXIT_RUNS_FAILED
    return 0


def write_brief(comparison, first, root_seed: int, replicates: int, lang: str, out: Path):
    """The planners' report (the UI's report button), for the comparison as run here."""
    from sim.ui.brief import Setup
    from sim.ui.report import write_report

    p = first.params
    setup = Setup(
        scenario=first.name,
        description=first.description,
        seed=root_seed,
        replicates=replicates,
        citizens=p.population.n_citizens,
        weeks=p.run.weeks,
    )
    return write_report(comparison, setup, lang, out)


def unique_names(scenarios, paths):
    """Scenarios whose names tell them apart in the tables: the file's stem is added to a
    repeated name, then a number if that is not enough (the same file given twice)."""
    names = [s.name for s in scenarios]
    if len(set(names)) == len(names):
        return scenarios
    names = [f"{s.name} ({p.stem})" for s, p in zip(scenarios, paths, strict=True)]
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if names.count(name) > 1:
            seen[name] = seen.get(name, 0) + 1
            names[i] = f"{name} #{seen[name]}"
    return [
        type(s)(name, s.description, s.params, s.source)
        for s, name in zip(scenarios, names, strict=True)
    ]


def print_table(console: Console, comparison, replicates: int) -> None:
    """One table per scenario against the reference: narrow enough for any terminal."""
    d = comparison.differences
    ref = comparison.scenarios[0]
    for name in comparison.scenarios[1:]:
        table = Table(
            title=f"{escape(name)} against {escape(ref)}: means of {replicates} replicates, "
            "paired difference with 95% interval"
        )
        table.add_column("Outcome")
        table.add_column(escape(ref), justify="right")
        table.add_column(escape(name), justify="right")
        table.add_column("Difference [95% CI]", justify="right")
        for key, label, kind in ROWS:
            rows = d[d["outcome"] == key].set_index("scenario")
            table.add_row(
                label,
                _fmt(rows.loc[ref, "mean"], kind),
                _fmt(rows.loc[name, "mean"], kind),
                _cell(rows.loc[name], kind),
            )
        console.print(table)


def ensemble_sentence(row, kind: str) -> str:
    """One line a planner can read: the difference, how often it holds, and why it varies."""
    unit = " pt" if kind == "pct" else ""
    scale = 100 if kind == "pct" else 1
    fmt = "num" if kind == "pct" else kind
    diff = _fmt(scale * row["diff"], fmt, True)
    return (
        f"{diff}{unit}; same sign in {row['sets_same_sign']} of {row['sets']} parameter sets "
        f"(between sets sd {_fmt(scale * row['parameter_sd'], fmt)}{unit}, "
        f"Monte Carlo sd {_fmt(scale * row['monte_carlo_sd'], fmt)}{unit} per replicate)"
    )


def print_ensemble(console: Console, comparison) -> None:
    """The difference across the ensemble: parameter uncertainty beside Monte Carlo noise."""
    e = comparison.ensemble
    ref = comparison.scenarios[0]
    for name in comparison.scenarios[1:]:
        table = Table(title=f"{escape(name)} against {escape(ref)} across parameter sets")
        table.add_column("Outcome")
        table.add_column("Difference, robustness and sources of uncertainty")
        rows = e[e["scenario"] == name].set_index("outcome")
        for key, label, kind in ROWS:
            if key in rows.index:
                table.add_row(label, ensemble_sentence(rows.loc[key], kind))
        console.print(table)
