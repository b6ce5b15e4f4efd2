"""`fremdrift run` and `fremdrift validate`."""

from __future__ import annotations

import argparse
import sys
import time

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from sim.cli.common import EXIT_BAD_INPUT, check_output_path, default_out
from sim.core import catalogue
from sim.experiments.api import run
from sim.experiments.scenario import ScenarioError, load_scenario, with_overrides
from sim.experiments.sweepfile import is_sweep_file, load_sweep

# The headline outcomes `run` prints, with how each is formatted; labels from the catalogue.
SUMMARY_ROWS = tuple(
    (key, catalogue.label("outcomes", key, "en"), kind)
    for key, kind in (
        ("share_benefit", "pct"),
        ("share_job", "pct"),
        ("share_education", "pct"),
        ("share_flexjob", "pct"),
        ("share_pension", "pct"),
        ("share_ever_job", "pct"),
        ("share_progress", "pct"),
        ("share_standstill", "pct"),
        ("share_regress", "pct"),
        ("share_derailment", "pct"),
        ("mean_indicator_change", "num"),
        ("share_any_caseworker_change", "pct"),
        ("share_never_intervention", "pct"),
        ("activation_rate", "pct"),
        ("weeks_self_support_per_citizen", "num"),
        ("cost_per_citizen", "dkk"),
    )
)


def _format(value: float, kind: str) -> str:
    if kind == "pct":
        return f"{100 * value:.1f}%"
    if kind == "dkk":
        return f"{value:,.0f}"
    return f"{value:.2f}"


def cmd_run(args: argparse.Namespace, console: Console) -> int:
    from sim.store import write_run

    scenario = with_overrides(
        load_scenario(args.scenario), citizens=args.citizens, weeks=args.weeks
    )
    seed = scenario.params.run.seed if args.seed is None else args.seed
    out = args.out or default_out(scenario.name, f"seed{seed}")
    from sim.store.run_output import check_target

    check_output_path(out)  # refuse before spending time on the run
    check_target(out, args.overwrite)
    p = scenario.params
    console.print(
        f"[bold]{escape(scenario.name)}[/]: {p.population.n_citizens:,} citizens, "
        f"{p.run.weeks} weeks, "
        f"strategy {p.strategy.name}, seed {seed}"
    )
    started = time.perf_counter()
    result = run(scenario, seed)
    elapsed = time.perf_counter() - started
    write_run(result, scenario, out, overwrite=args.overwrite)
    summary = result.summary()
    table = Table(title=f"Summary after {p.run.weeks} weeks")
    table.add_column("Outcome")
    table.add_column("Value", justify="right")
    for key, label, kind in SUMMARY_ROWS:
        table.add_row(label, _format(summary[key], kind))
    console.print(table)
    console.print(
        f"Ran in {elapsed:.1f} s. Wrote weekly, events, panel, caseworkers and "
        f"metadata to [bold]{escape(str(out))}[/]"
    )
    return 0


def cmd_validate(args: argparse.Namespace, console: Console) -> int:
    bad = 0
    for path in args.files:
        try:
            if is_sweep_file(path):
                from sim.experiments.sweep import make_plan

                plan = make_plan(load_sweep(path))
                what = (
                    f"sweep {plan.sweep.name}: {plan.sweep.design} design, "
                    f"{len(plan.design)} points x {plan.replicates} replicates = "
                    f"{len(plan.specs)} runs"
                )
            else:
                s = load_scenario(path)
                what = f"{s.name} (strategy {s.params.strategy.name})"
        except ScenarioError as exc:
            print(f"invalid {exc}", file=sys.stderr)
            bad += 1
        else:
            console.print(f"valid {path}: {what}", markup=False, highlight=False)
    return EXIT_BAD_INPUT if bad else 0
