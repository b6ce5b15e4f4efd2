"""The `fremdrift` command line.

Bad input (a scenario value out of range, a folder that would be overwritten) is reported in one
line naming the file, the key, the value and what is allowed, with exit code 2 and no
traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

from sim.experiments.api import run
from sim.experiments.scenario import ScenarioError, load_scenario, with_overrides

EXIT_BAD_INPUT = 2


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative whole number, got {value}")
    return value


def _positive_int(text: str) -> int:
    value = _non_negative_int(text)
    if value == 0:
        raise argparse.ArgumentTypeError("expected a positive whole number, got 0")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fremdrift",
        description="Simulate how vulnerable unemployed citizens move toward work, "
        "or away from it.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p_run = sub.add_parser(
        "run",
        help="run one scenario once and write its tables",
        description="Run a scenario for one seed, print a summary table and write weekly, "
        "events, panel and caseworker tables (Parquet) plus metadata.json to a folder.",
    )
    p_run.add_argument(
        "scenario", type=Path, help="scenario file (TOML), e.g. scenarios/parallel.toml"
    )
    p_run.add_argument(
        "--seed", type=_non_negative_int, help="root seed (default: the file's [run] seed)"
    )
    p_run.add_argument("--citizens", type=_positive_int, help="override [population] n_citizens")
    p_run.add_argument("--weeks", type=_positive_int, help="override [run] weeks")
    p_run.add_argument(
        "--out",
        type=Path,
        help="output folder (default: runs/NAME-seedSEED-TIMESTAMP, never an existing one)",
    )
    p_run.add_argument("--overwrite", action="store_true", help="replace a non-empty --out folder")
    p_run.set_defaults(func=cmd_run)

    p_val = sub.add_parser(
        "validate",
        help="check scenario files without running them",
        description="Check that scenario files are valid; prints one line per file.",
    )
    p_val.add_argument("files", type=Path, nargs="+", help="scenario files (TOML)")
    p_val.set_defaults(func=cmd_validate)
    return parser


SUMMARY_ROWS = (
    ("share_benefit", "On benefit at the end", "pct"),
    ("share_job", "In a job at the end", "pct"),
    ("share_education", "In education at the end", "pct"),
    ("share_flexjob", "In a flexjob at the end", "pct"),
    ("share_pension", "On disability pension at the end", "pct"),
    ("share_ever_job", "Had a job at some point", "pct"),
    ("share_progress", "In progress at the end", "pct"),
    ("share_standstill", "In standstill at the end", "pct"),
    ("share_regress", "In regress at the end", "pct"),
    ("share_derailment", "In derailment at the end", "pct"),
    ("mean_indicator_change", "Mean change in readiness (1-5 scale)", "num"),
    ("share_any_caseworker_change", "Had at least one change of caseworker", "pct"),
    ("share_never_intervention", "Never got an intervention", "pct"),
    ("activation_rate", "Weeks in an intervention / weeks on benefit", "pct"),
    ("weeks_self_support_per_citizen", "Weeks in job, education or flexjob per citizen", "num"),
    ("cost_per_citizen", "Intervention cost per citizen (DKK)", "dkk"),
)


def _format(value: float, kind: str) -> str:
    if kind == "pct":
        return f"{100 * value:.1f}%"
    if kind == "dkk":
        return f"{value:,.0f}"
    return f"{value:.2f}"


def _default_out(name: str, seed: int) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    base = Path("runs") / f"{name}-seed{seed}-{stamp}"
    out, i = base, 1
    while out.exists():
        out = base.with_name(f"{base.name}-{i}")
        i += 1
    return out


def cmd_run(args: argparse.Namespace, console: Console) -> int:
    from sim.store import write_run

    scenario = with_overrides(
        load_scenario(args.scenario), citizens=args.citizens, weeks=args.weeks
    )
    seed = scenario.params.run.seed if args.seed is None else args.seed
    out = args.out or _default_out(scenario.name, seed)
    from sim.store.run_output import _check_target

    _check_target(out, args.overwrite)  # refuse before spending time on the run
    p = scenario.params
    console.print(
        f"[bold]{scenario.name}[/]: {p.population.n_citizens:,} citizens, {p.run.weeks} weeks, "
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
        f"metadata to [bold]{out}[/]"
    )
    return 0


def cmd_validate(args: argparse.Namespace, console: Console) -> int:
    bad = 0
    for path in args.files:
        try:
            s = load_scenario(path)
        except ScenarioError as exc:
            print(f"invalid {exc}", file=sys.stderr)
            bad += 1
        else:
            print(f"valid {path}: {s.name} (strategy {s.params.strategy.name})")
    return EXIT_BAD_INPUT if bad else 0


def main(argv: list[str] | None = None) -> int:
    from sim.store import OutputExistsError

    parser = build_parser()
    args = parser.parse_args(argv)
    console = Console(highlight=False)
    try:
        return args.func(args, console)
    except (ScenarioError, OutputExistsError) as exc:
        print(f"fremdrift: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("fremdrift: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
