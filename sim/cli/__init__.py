"""The `fremdrift` command line.

Bad input (a scenario or sweep value out of range, a folder that would be overwritten) is
reported in one line naming the file, the key, the value and what is allowed, with exit code 2
and no traceback. Failed runs inside a sweep or comparison give exit code 1 after the summary;
so do failures of the machine (disk full, a Dask cluster gone), again in one line.

SIGTERM is handled like Ctrl-C: the command unwinds, so its worker pools are stopped on the
way out instead of being left behind.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import signal
import sys
from pathlib import Path

from rich.console import Console

from sim import __version__
from sim.cli import calibrate_cmd, compare_cmd, sweep_cmd, ui_cmd, workshop_cmd
from sim.cli.common import EXIT_BAD_INPUT, EXIT_RUNS_FAILED, UsageError, add_size_flags, limited
from sim.cli.run_cmd import cmd_run, cmd_validate
from sim.experiments.scenario import ScenarioError


class Parser(argparse.ArgumentParser):
    """argparse, but a bad flag gives one line (the usage is one `--help` away), exit 2."""

    def error(self, message: str):
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
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
    p_run.add_argument("--seed", type=limited("seed"), help="root seed (default: [run] seed)")
    add_size_flags(p_run)
    p_run.add_argument(
        "--out",
        type=Path,
        help="output folder (default: runs/NAME-seedSEED-TIMESTAMP, never an existing one; "
        "NAME is the scenario name reduced to letters, digits, - and _)",
    )
    p_run.add_argument("--overwrite", action="store_true", help="replace a non-empty --out folder")
    p_run.set_defaults(func=cmd_run)

    compare_cmd.add_parser(sub)
    sweep_cmd.add_parsers(sub)
    calibrate_cmd.add_parser(sub)
    ui_cmd.add_parser(sub)
    workshop_cmd.add_parser(sub)

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


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C so that pools and servers are stopped."""


def _terminate(signum, frame) -> None:
    raise Terminated


def _compile_first(command: str, console: Console) -> None:
    """The model's weekly step is compiled on a machine's first run (sim.core.compiled); say
    so and do it before the command starts, rather than leave its first run silent for 20 s
    (and every worker of a pool compiling the same kernels at once)."""
    from sim.core.compiled import is_warm, warm_up

    if command in ("validate",) or is_warm():
        return
    console.print(
        "fremdrift: compiling the model for this machine (first run of this version only, "
        "about 20 s)"
    )
    warm_up()


def main(argv: list[str] | None = None) -> int:
    from sim.experiments.executors import ExecutorError
    from sim.store import OutputExistsError
    from sim.store.sweep_store import SweepLockedError, SweepMismatchError

    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose, args.quiet)
    console = Console(highlight=False, quiet=args.quiet)
    previous = signal.getsignal(signal.SIGTERM)
    try:
        signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread (a test calling main in a thread): leave it be
        previous = None
    try:
        _compile_first(args.command, console)
        return args.func(args, console)
    except (
        ScenarioError,
        OutputExistsError,
        SweepMismatchError,
        SweepLockedError,
        UsageError,
    ) as exc:
        print(f"fremdrift: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ExecutorError as exc:
        print(f"fremdrift: error: {exc}", file=sys.stderr)
        return EXIT_RUNS_FAILED
    except OSError as exc:
        print(f"fremdrift: error: {_os_error(exc, args.command)}", file=sys.stderr)
        return EXIT_RUNS_FAILED
    except (KeyboardInterrupt, Terminated) as exc:
        hint = "; a sweep continues with --resume" if args.command == "sweep" else ""
        what = "stopped" if isinstance(exc, Terminated) else "interrupted"
        print(f"fremdrift: {what}{hint}", file=sys.stderr)
        return 143 if isinstance(exc, Terminated) else 130
    except Exception as exc:  # a bug: still one line, the traceback on request
        if os.environ.get("FREMDRIFT_DEBUG"):
            raise
        print(
            f"fremdrift: internal error: {type(exc).__name__}: {exc} (set FREMDRIFT_DEBUG=1 to "
            "see where; please report it)",
            file=sys.stderr,
        )
        return EXIT_RUNS_FAILED
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _os_error(exc: OSError, command: str) -> str:
    """A failure of the machine in one line: what went wrong and, for a sweep, what is kept."""
    what = exc.strerror or type(exc).__name__
    where = f" ({exc.filename})" if exc.filename else ""
    if command == "sweep":
        hint = "; finished runs are kept, continue with --resume"
        if exc.errno == errno.ENOSPC:
            hint = "; finished runs are kept, free some space and continue with --resume"
        return f"{what}{where}{hint}"
    return f"{what}{where}"


if __name__ == "__main__":
    sys.exit(main())
