"""`fremdrift calibrate`: fit the model to the published figures and write the report."""

from __future__ import annotations

import argparse
import sys

from sim.cli.common import (
    EXIT_RUNS_FAILED,
    UsageError,
    add_executor_flags,
    executor_from,
    positive_int,
    progress_bar,
)


def add_parser(sub) -> None:
    p = sub.add_parser(
        "calibrate",
        help="fit the model to the published figures and write calibration/report.md",
        description="Fit the free parameters in calibration/fit.toml to the hard targets in "
        "calibration/targets.toml, write calibration/fitted.toml and the ensemble of "
        "parameter sets consistent with the targets (calibration/ensemble.toml), then rebuild "
        "calibration/report.md on fresh seeds. The default search is history matching with "
        "Gaussian-process emulators (calibration/emulate.py); --method de runs differential "
        "evolution on the simulator itself instead (many times slower). A stopped search "
        "resumes from calibration/fit_cache.csv.",
    )
    p.add_argument(
        "--method",
        choices=("match", "de"),
        help="match: history matching, waves of simulations guided by emulators (default); "
        "de: differential evolution on the simulator, to scipy's convergence criterion",
    )
    p.add_argument(
        "--budget",
        type=positive_int,
        help="with --method de: evaluations of the loss (default: [settings] budget in "
        "calibration/fit.toml)",
    )
    # one of these at most: each skips the others' work
    only = p.add_mutually_exclusive_group()
    only.add_argument(
        "--report-only",
        action="store_true",
        help="do not fit; rebuild the report from calibration/fitted.toml",
    )
    p.add_argument(
        "--fresh",
        action="store_true",
        help="start the search from the hand-tuned start in fit.toml, not the shipped fit",
    )
    p.add_argument(
        "--ensemble",
        action="store_true",
        help="also run ABC-SMC after the fit, for an ensemble of parameter sets consistent "
        "with the targets, and write it to calibration/ensemble.toml in place of the history "
        "match's; resumes from calibration/ensemble.db if a run was stopped",
    )
    only.add_argument(
        "--ensemble-only",
        action="store_true",
        help="run only the ensemble (no fit, no report)",
    )
    only.add_argument(
        "--screen-only",
        action="store_true",
        help="do not fit; draw the ensemble around calibration/fitted.toml by simulation "
        "([history_matching] screen_* in calibration/fit.toml) and write "
        "calibration/ensemble.toml (no report)",
    )
    add_executor_flags(p)
    p.set_defaults(func=cmd_calibrate)


def refuse_unused_flags(args: argparse.Namespace) -> None:
    """A flag the chosen mode would silently ignore is an error (exit 2): `--screen-only
    --fresh` must not look as if it had refitted from the start."""
    fitting = [
        flag
        for flag, given in (
            ("--method", args.method is not None),
            ("--budget", args.budget is not None),
            ("--fresh", args.fresh),
        )
        if given
    ]
    modes = (
        ("--screen-only", args.screen_only, ["--ensemble"] if args.ensemble else []),
        ("--ensemble-only", args.ensemble_only, ["--ensemble"] if args.ensemble else []),
        ("--report-only", args.report_only, []),
    )
    for mode, chosen, also in modes:
        unused = fitting + also
        if chosen and unused:
            them = "it" if len(unused) == 1 else "them"
            raise UsageError(
                f"{mode} does not fit, so {', '.join(unused)} would do nothing; leave {them} out"
            )
    if args.budget is not None and args.method != "de":
        raise UsageError(
            "--budget counts the evaluations of --method de; history matching (the default) "
            "takes its waves and points from [history_matching] in calibration/fit.toml"
        )


def cmd_calibrate(args: argparse.Namespace, console) -> int:
    from calibration import driver
    from calibration.fit import load_settings
    from calibration.report import build_report

    refuse_unused_flags(args)
    settings = load_settings()
    with executor_from(args) as executor:
        if args.ensemble_only:
            path = run_ensemble_cmd(settings, executor, console)
            console.print(f"ensemble: {path}")
            return 0
        if args.screen_only:
            return _screen_only(settings, executor, console)
        if not args.report_only:
            x0 = driver.start_point(settings, fresh=args.fresh)
            if args.method == "de":
                result = _fit_de(args, settings, executor, console, x0)
            else:
                result = _fit_match(settings, executor, console, x0)
            state = "converged" if result.converged else "NOT converged"
            console.print(
                f"fit: loss {result.loss:.3f} after {result.evaluations} evaluations in "
                f"{result.seconds / 60:.1f} min ({state}: {result.message}) -> "
                f"{driver.FITTED_FILE}"
            )
        if args.ensemble:
            console.print(f"ensemble: {run_ensemble_cmd(settings, executor, console)}")
        report = build_report(executor, console=console)
    console.print(f"report: {report}")
    return 0


def _fit_de(args, settings, executor, console, x0):
    """Differential evolution on the simulator, with a progress bar of evaluations."""
    from calibration import driver

    budget = args.budget or settings.budget
    best = [float("inf")]
    with progress_bar(console) as progress:
        task = progress.add_task("fitting (best loss -)", total=budget)

        def tick(ev) -> None:
            best[0] = min(best[0], ev.loss)
            progress.update(task, advance=1, description=f"fitting (best loss {best[0]:.2f})")

        result = driver.run_fit(settings, executor, budget=budget, on_evaluation=tick, x0=x0)
    refined = not args.fresh and driver.FITTED_FILE.exists()
    driver.save_history(result, settings, append=refined)
    driver.write_fitted(result, settings, refined=refined)
    return result


def _fit_match(settings, executor, console, x0):
    """History matching with a progress bar of simulated points; writes fitted.toml, the
    history of every point and the ensemble."""
    from calibration import driver

    m = settings.match
    # an upper bound: the waves may settle early, and the ensemble wave may need fewer points
    total = m.first_wave + (x0 is not None) + (m.max_waves - 1) * m.wave + m.ensemble_wave
    total += m.confirm + 1
    with progress_bar(console) as progress:
        task = progress.add_task("history matching, wave 1", total=total)

        def points(n: int) -> None:
            progress.update(task, advance=n)

        def wave(w) -> None:
            progress.update(
                task,
                description=f"history matching, wave {w.number + 1} (plausible "
                f"{100 * w.plausible_share:.1f}% of the ranges, best loss "
                f"{w.best_simulated:.2f})",
            )

        # The polish's length is not known ahead (it walks while a step helps): a counter of
        # its points, shown once it starts.
        polish = progress.add_task("polish from the chosen candidate", total=None, visible=False)
        polished = [0]

        def polish_points(n: int) -> None:
            polished[0] += n
            progress.update(polish, advance=n, visible=True)

        # Drawn only when history matching finds no set that meets every band.
        screen = progress.add_task(
            "ensemble: sets around the fit", total=m.screen_draws, visible=False
        )

        def screen_points(n: int) -> None:
            progress.update(screen, advance=n, visible=True)

        def move(mv) -> None:
            way = "up" if mv.direction > 0 else "down"
            progress.update(
                polish, description=f"polish: {mv.parameter} {way} (loss {mv.loss:.2f})"
            )

        result, match = driver.run_match(
            settings,
            executor,
            x0=x0,
            on_wave=wave,
            on_points=points,
            on_move=move,
            on_polish_points=polish_points,
            on_screen_points=screen_points,
        )
        progress.update(task, completed=total)
        progress.update(polish, total=polished[0])
    driver.save_history(result, settings)
    driver.write_fitted(result, settings, match=match)
    console.print(f"ensemble: {driver.write_match_ensemble(match, settings)}")
    return result


def _screen_only(settings, executor, console) -> int:
    """The ensemble drawn around the shipped fit, with a progress bar of simulated sets."""
    from calibration import driver

    if settings.match.screen_draws < 1:
        raise UsageError(
            "--screen-only: calibration/fit.toml [history_matching] screen_draws is 0; set it "
            "to the number of sets to draw around the fit"
        )
    if not driver.FITTED_FILE.exists():
        raise UsageError("--screen-only: no calibration/fitted.toml to screen around; fit first")
    with progress_bar(console) as progress:
        task = progress.add_task("ensemble: sets around the fit", total=settings.match.screen_draws)
        screen = driver.rescreen(
            settings, executor, on_points=lambda n: progress.update(task, advance=n)
        )
    if len(screen.kept) < 2:
        print(
            f"fremdrift: of {screen.drawn} sets drawn around the fit, {len(screen.kept)} met "
            "every band; calibration/ensemble.toml is left as it was",
            file=sys.stderr,
        )
        return EXIT_RUNS_FAILED
    path = driver.write_screen_ensemble(screen, settings)
    driver.note_screen(screen)
    console.print(
        f"ensemble: {len(screen.kept)} of {screen.drawn} sets around the fit met every band "
        f"on {screen.cohorts} cohorts -> {path.name}; rebuild the report with "
        "`fremdrift calibrate --report-only`",
        markup=False,
    )
    return 0


def run_ensemble_cmd(settings, executor, console):
    """ABC-SMC with a progress bar of generations; writes calibration/ensemble.toml."""
    from calibration.ensemble import EnsembleSettings, run_ensemble, write_ensemble
    from calibration.fit import FIT_FILE

    ens = EnsembleSettings.from_toml(FIT_FILE)
    with progress_bar(console) as progress:
        task = progress.add_task("ensemble (tolerance -)", total=ens.max_generations)

        def tick(gen) -> None:
            progress.update(
                task,
                completed=gen.t + 1,
                description=f"ensemble (tolerance {gen.epsilon:.2f}, "
                f"acceptance {100 * gen.acceptance_rate:.1f}%)",
            )

        history = run_ensemble(settings, ens, executor, on_generation=tick)
    return write_ensemble(history, settings, ens)
