"""Pieces every command shares: argument types, executor flags, the progress bar."""

from __future__ import annotations

import argparse
import os
import re
import tempfile
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
RUNS_ROOT = Path("runs")  # where run and compare write when --out is not given
SLUG_LENGTH = 60
NAME_MAX = 255  # bytes in one path component on Linux file systems
PATH_MAX = 4000


class UsageError(Exception):
    """A flag or path the command cannot use; `str()` is the one line the user sees (exit 2)."""


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


def limited(name: str):
    """An argparse type for a whole number within the limit table's bounds for `name`."""
    from sim.experiments.limits import LIMITS

    limit = LIMITS[name]

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if not limit.ok(value):
            raise argparse.ArgumentTypeError(f"{value} is not {limit.allowed()}")
        return value

    parse.__name__ = name  # argparse names the type in its messages
    return parse


def port_number(text: str) -> int:
    value = non_negative_int(text)
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a whole number from 1 to 65535, got {value}")
    return value


def scheduler_address(text: str) -> str:
    from sim.experiments.executors import check_scheduler_address

    try:
        return check_scheduler_address(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_size_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--citizens", type=limited("citizens"), help="override [population] n_citizens")
    p.add_argument("--weeks", type=limited("weeks"), help="override [run] weeks")


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
        type=scheduler_address,
        help="use a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (gives up after 10 s if "
        "it cannot be reached, after 30 s without workers)",
    )


def executor_from(args: argparse.Namespace):
    from sim.experiments.executors import make_executor

    return make_executor(workers=args.workers, dask_local=args.dask_local, scheduler=args.scheduler)


def slug(name: str, limit: int = SLUG_LENGTH) -> str:
    """A folder name from free text: letters, digits, - and _ only, at most `limit` characters.

    Scenario names are free text ("/srv/x", "../../up", 300 characters, a NUL); a folder name
    built from them must stay one plain component under the chosen root.
    """
    text = re.sub(r"[^\w-]+", "-", name)
    text = re.sub(r"-{2,}", "-", text).strip("-_")[:limit].strip("-_")
    return text or "scenario"


def default_out(*names: str, joiner: str = "-", prefix: str = "") -> Path:
    """A new folder under runs/ named after the scenario(s), never outside it.

    Each name is reduced to a slug of at most SLUG_LENGTH characters, so a long first name
    cannot push out the rest (the seed, the other scenarios).
    """
    stem = prefix + joiner.join(slug(n) for n in names)
    out = timestamped(RUNS_ROOT / stem)
    assert out.parent == RUNS_ROOT, out  # a slug has no separators; keep it that way
    return out


def check_output_path(out: Path, flag: str = "--out") -> None:
    """Refuse an output folder that cannot be written, before any run starts.

    Runs take minutes; finding out afterwards that the folder is read-only, under a file, on
    /proc or too long a name would throw that work away.
    """
    text = str(out)
    if "\0" in text:
        raise UsageError(f"{flag}: a path cannot contain a NUL character")
    if len(os.fsencode(text)) > PATH_MAX:
        raise UsageError(f"{flag}: the path is too long (at most {PATH_MAX} bytes)")
    if any(len(os.fsencode(part)) > NAME_MAX for part in out.parts):
        raise UsageError(f"{flag}: a folder name in the path is longer than {NAME_MAX} bytes")
    if os.path.lexists(out) and not out.is_dir():
        raise UsageError(f"{flag} {text}: exists and is not a folder")
    probe_in = [out] if out.is_dir() else []
    parent = Path(os.path.abspath(out)).parent
    while not os.path.lexists(parent):
        parent = parent.parent
    if not parent.is_dir():
        raise UsageError(f"{flag} {text}: {parent.name or parent} is a file, not a folder")
    probe_in.append(parent)
    for folder in probe_in:
        try:
            os.rmdir(tempfile.mkdtemp(prefix=".fremdrift-probe-", dir=folder))
        except OSError as exc:
            raise UsageError(
                f"{flag} {text}: cannot write there ({exc.strerror or type(exc).__name__})"
            ) from None


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
