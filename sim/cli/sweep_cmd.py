"""`fremdrift sweep` and `fremdrift sensitivity`."""

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
    executor_from,
    limited,
    positive_int,
    progress_bar,
)
from sim.experiments.outcomes import OUTCOMES
from sim.experiments.worker import DEFAULT_RUNNER


def resamples(text: str) -> int:
    value = positive_int(text)
    if value > 100_000:
        raise argparse.ArgumentTypeError(f"at most 100,000 bootstrap resamples, got {value:,}")
    return value


def add_parsers(sub) -> None:
    p = sub.add_parser(
        "sweep",
        help="run a designed parameter sweep, resumable, locally or on Dask",
        description="Run every design point of a sweep file for each replicate. Results stream "
        "to OUT as Parquet chunks (runs/ one row per run with its outcomes, weekly/ the weekly "
        "series keyed by run_id) with design.parquet (the parameters of every run; join on "
        "run_id) and metadata.json; docs/data.md describes every column. A stopped sweep "
        "continues with --resume; a failed run (one that raises, or one whose worker process "
        "dies) is recorded with its error and the sweep goes on (exit code 1 at the end). Only "
        "one sweep writes a folder at a time.",
    )
    p.add_argument("sweep", type=Path, help="sweep file (TOML), e.g. scenarios/sweeps/example.toml")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    add_size_flags(p)
    p.add_argument("--replicates", type=limited("replicates"), help="override [design] replicates")
    p.add_argument("--chunk-size", type=positive_int, help="runs per chunk (default: automatic)")
    p.add_argument("--resume", action="store_true", help="continue a stopped sweep in --out")
    p.add_argument(
        "--retry-failed",
        action="store_true",
        help="with --resume: run the runs recorded as failed again (by default they stay failed "
        "and are counted in the summary)",
    )
    p.add_argument("--overwrite", action="store_true", help="replace a non-empty --out folder")
    p.add_argument(
        "--ensemble",
        type=Path,
        metavar="FILE",
        help="parameter uncertainty: replicate r of every design point also runs with one of the "
        "plausible parameter sets in FILE (e.g. calibration/ensemble.toml), each set used by at "
        "least two replicates; a factor of the design, and any parameter the base scenario "
        "sets differently from calibration/fitted.toml, keeps its own value; design.parquet "
        "names each run's set and metadata.json the parameters kept",
    )
    p.add_argument(
        "--runner",
        default=DEFAULT_RUNNER,
        metavar="MODULE:FUNCTION",
        help="advanced: the function run(params, seed) -> RunResult to call for each run "
        "(default: %(default)s), e.g. an instrumented copy of the model; it must be importable "
        "by the workers, and a resume must use the same one",
    )
    add_executor_flags(p)
    p.set_defaults(func=cmd_sweep)

    s = sub.add_parser(
        "sensitivity",
        help="Sobol or Morris sensitivity indices of a finished sweep",
        description="First- and total-order Sobol indices (or Morris mu* and sigma) of one "
        "outcome, with bootstrap intervals, from a finished sweep with a sobol or morris design. "
        "Writes sensitivity-OUTCOME.csv and .png into the sweep folder.",
    )
    s.add_argument("folder", type=Path, help="the sweep's output folder")
    s.add_argument(
        "--outcome",
        required=True,
        choices=OUTCOMES,
        metavar="NAME",
        help="outcome to analyse: " + ", ".join(OUTCOMES),
    )
    s.add_argument(
        "--resamples", type=resamples, default=1000, help="bootstrap resamples (1 to 100,000)"
    )
    s.set_defaults(func=cmd_sensitivity)


def cmd_sweep(args: argparse.Namespace, console: Console) -> int:
    from sim.experiments.sweep import make_plan
    from sim.experiments.sweepfile import load_sweep
    from sim.store.sweep_run import run_plan

    if args.retry_failed and not args.resume:
        print("fremdrift: error: --retry-failed goes with --resume", file=sys.stderr)
        return EXIT_BAD_INPUT
    ensemble, fitted = None, None
    if args.ensemble is not None:
        from sim.experiments.ensemble import EnsembleError, fitted_params, load_ensemble

        try:
            ensemble = load_ensemble(args.ensemble)
        except EnsembleError as exc:
            print(f"fremdrift: error: --ensemble: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        fitted = fitted_params()
    plan = make_plan(
        load_sweep(args.sweep),
        citizens=args.citizens,
        weeks=args.weeks,
        replicates=args.replicates,
        runner=args.runner,
        ensemble=ensemble,
        fitted=fitted,
    )
    check_output_path(args.out)
    base = plan.base
    console.print(
        f"Sweep [bold]{escape(plan.sweep.name)}[/]: {plan.sweep.design} design, "
        f"{len(plan.design)} points x {plan.replicates} replicates = {len(plan.specs)} runs of "
        f"{base['population']['n_citizens']:,} citizens x {base['run']['weeks']} weeks"
        + (f", across {len(set(plan.sets))} plausible parameter sets" if plan.sets else "")
    )
    with executor_from(args) as executor, progress_bar(console) as progress:
        console.print(f"Executor: {executor.name} with {executor.workers} workers")
        task = progress.add_task("runs", total=len(plan.specs))

        def started(total: int, done: int) -> None:
            progress.update(task, completed=done)
            if done:
                console.print(f"Resuming: {done} of {total} runs already finished")

        report = run_plan(
            plan,
            args.out,
            executor,
            resume=args.resume,
            overwrite=args.overwrite,
            retry_failed=args.retry_failed,
            chunk_size=args.chunk_size,
            on_start=started,
            on_chunk=lambda n: progress.advance(task, n),
        )
    if report.took_over_from:
        held = report.took_over_from
        console.print(
            f"(took over the lock of a stopped sweep: PID {held.get('pid', '?')}, started "
            f"{held.get('started', '?')})",
            markup=False,
        )
    n_failed = report.n_failed + report.n_failed_before
    before = ""
    if report.n_done_before:
        before = f"; {report.n_done_before} were already done"
        if report.n_failed_before:
            before += f" ({report.n_failed_before} of them failed; --retry-failed runs them again)"
    retried = f"; {report.n_retried} failed runs were run again" if report.n_retried else ""
    # The total only when earlier sittings had runs of their own: otherwise it repeats the count.
    total = f" {n_failed} of {report.n_runs} runs failed in all." if report.n_done_before else ""
    console.print(
        f"Finished: ran {report.n_ran} runs, {report.n_ran - report.n_failed} succeeded, "
        f"{report.n_failed} failed{before}{retried}.{total} Results in {escape(str(args.out))}"
    )
    for run_id, error in report.failures[:10]:
        console.print(f"  run {run_id}: {error}", markup=False, highlight=False)
    if report.n_failed > 10:
        console.print(f"  ... and {report.n_failed - 10} more (see the error column)")
    return EXIT_RUNS_FAILED if n_failed else 0


def cmd_sensitivity(args: argparse.Namespace, console: Console) -> int:
    from sim.experiments.plots import sensitivity_figure
    from sim.experiments.sensitivity import SensitivityError
    from sim.store.sweep_analysis import analyse

    try:
        indices = analyse(args.folder, args.outcome, resamples=args.resamples)
    except SensitivityError as exc:
        print(f"fremdrift: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    csv = args.folder / f"sensitivity-{args.outcome}.csv"
    png = args.folder / f"sensitivity-{args.outcome}.png"
    indices.to_csv(csv, index=False)
    sensitivity_figure(indices, args.outcome, png)
    table = Table(title=f"Sensitivity of {args.outcome} (95% bootstrap intervals)")
    table.add_column("Factor")
    if "ST" in indices:
        table.add_column("First order S1", justify="right")
        table.add_column("Total order ST", justify="right")
        for _, r in indices.iterrows():
            table.add_row(
                r["factor"],
                f"{r['S1']:.3f} [{r['S1_low']:.3f}, {r['S1_high']:.3f}]",
                f"{r['ST']:.3f} [{r['ST_low']:.3f}, {r['ST_high']:.3f}]",
            )
    else:
        table.add_column("mu*", justify="right")
        table.add_column("sigma", justify="right")
        for _, r in indices.iterrows():
            table.add_row(
                r["factor"],
                f"{r['mu_star']:.4g} [{r['mu_star_low']:.4g}, {r['mu_star_high']:.4g}]",
                f"{r['sigma']:.4g}" if math.isfinite(r["sigma"]) else "-",
            )
    console.print(table)
    console.print(f"Wrote {csv} and {png}")
    return 0
