"""The `fremdrift` command line.

Bad input (a scenario or sweep value out of range, a folder that would be overwritten) is
reported in one line naming the file, the key, the value and what is allowed, with exit code 2
and no traceback. Failed runs inside a sweep or comparison give exit code 1 after the summary.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from rich.console import Console

from sim import __version__
from sim.cli import calibrate_cmd, compare_cmd, sweep_cmd, ui_cmd
from sim.cli.common import EXIT_BAD_INPUT, add_size_flags, non_negative_int
from sim.cli.run_cmd import cmd_run, cmd_validate
from sim.experiments.scenario import ScenarioError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fremdrift",
        description="Simulate how vulnerable unemployed citizens move toward work, "
        "or away from it.",
    )
    parser.add_argument("--version", action="version", version=f"fremdrift {__version__}")
    noise = parser.add_mutually_exclusive_group()
    noise.add_argument(
        "-v", "--verbose", action="count", default=0, help="say more (-vv: debugging detail)"
    )
    noise.add_argument("-q", "--quiet", action="store_true", help="only errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p_run = sub.add_parser(
        "run",
        help="run one scenario once and write its tables",
        description="Run a scenario for one seed, print a summary table and write weekly, "
        "events, panel and caseworker tables (Parquet) plus metadata.json to a folder.",
    )
    p_run.add_argument(
        "scenario",
        type=Path,
        help="scenario file (TOML), or a shipped scenario by name (status_quo)",
    )
    p_run.add_argument("--seed", type=non_negative_int, help="root seed (default: [run] seed)")
    add_size_flags(p_run)
    p_run.add_argument(
        "--out",
        type=Path,
        help="output folder (default: runs/NAME-seedSEED-TIMESTAMP, never an existing one)",
    )
    p_run.add_argument("--overwrite", action="store_true", help="replace a non-empty --out folder")
    p_run.set_defaults(func=cmd_run)

    compare_cmd.add_parser(sub)
    sweep_cmd.add_parsers(sub)
    calibrate_cmd.add_parser(sub)
    ui_cmd.add_parser(sub)

    p_val = sub.add_parser(
        "validate",
        help="check scenario and sweep files without running them",
        description="Check scenario or sweep files; prints one line per file. For a sweep, "
        "every design point is checked against the parameter rules.",
    )
    p_val.add_argument("files", type=Path, nargs="+", help="scenario or sweep files (TOML)")
    p_val.set_defaults(func=cmd_validate)
    return parser


def configure_logging(verbose: int, quiet: bool) -> None:
    """The library logs under "sim"; the command line decides how much of it is shown."""
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO)[min(verbose, 1)]
    if verbose >= 2:
        level = logging.DEBUG
    logging.basicConfig(format="fremdrift: %(levelname)s: %(message)s", level=level, force=True)


def main(argv: list[str] | None = None) -> int:
    from sim.store import OutputExistsError
    from sim.store.sweep_store import SweepMismatchError

    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose, args.quiet)
    console = Console(highlight=False, quiet=args.quiet)
    try:
        return args.func(args, console)
    except (ScenarioError, OutputExistsError, SweepMismatchError) as exc:
        print(f"fremdrift: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        hint = "; a sweep continues with --resume" if args.command == "sweep" else ""
        print(f"fremdrift: interrupted{hint}", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
