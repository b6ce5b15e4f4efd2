"""Pieces every command shares: argument types, executor flags, the progress bar."""

from __future__ import annotations

import argparse
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

EXIT_BAD_INPUT = 2
EXIT_RUNS_FAILED = 1


def non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative whole number, got {value}")
    return value


def positive_int(text: str) -> int:
    value = non_negative_int(text)
    if value == 0:
        raise argparse.ArgumentTypeError("expected a positive whole number, got 0")
    return value


def add_size_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--citizens", type=positive_int, help="override [population] n_citizens")
    p.add_argument("--weeks", type=positive_int, help="override [run] weeks")


def add_executor_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("where to run (pick one; default: a local process pool)")
    x = g.add_mutually_exclusive_group()
    x.add_argument(
        "--workers",
        type=positive_int,
        help="local worker processes (1 runs in this process; default: one per core)",
    )
    x.add_argument(
        "--dask-local",
        type=positive_int,
        metavar="N",
        help="start a Dask LocalCluster with N worker processes",
    )
    x.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="use a running Dask scheduler, e.g. tcp://10.0.0.5:8786",
    )


def executor_from(args: argparse.Namespace):
    from sim.experiments.executors import make_executor

    return make_executor(workers=args.workers, dask_local=args.dask_local, scheduler=args.scheduler)


def timestamped(base: Path) -> Path:
    """A fresh folder name under runs/ that does not exist yet."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out = base.with_name(f"{base.name}-{stamp}")
    i = 1
    while out.exists():
        out = base.with_name(f"{base.name}-{stamp}-{i}")
        i += 1
    return out


@contextmanager
def progress_bar(console):
    """A rich Progress with runs done, elapsed time and ETA; the caller adds the task."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("elapsed"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        yield progress
