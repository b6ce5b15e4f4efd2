"""`fremdrift calibrate`: fit the model to the published figures and write the report."""

from __future__ import annotations

import argparse

from sim.cli.common import add_executor_flags, executor_from, positive_int, progress_bar


def add_parser(sub) -> None:
    p = sub.add_parser(
        "calibrate",
        help="fit the model to the published figures and write calibration/report.md",
        description="Fit the free parameters in calibration/fit.toml to the hard targets in "
        "calibration/targets.toml (method of simulated moments, differential evolution), "
        "write calibration/fitted.toml, then rebuild calibration/report.md on fresh seeds.",
    )
    p.add_argument(
        "--budget",
        type=positive_int,
        help="evaluations of the loss (default: [settings] budget in calibration/fit.toml)",
    )
    p.add_argument(
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
        help="also run ABC-SMC after the fit, for an ensemble "
        "of parameter sets consistent with the targets and write calibration/ensemble.toml; "
        "resumes from calibration/ensemble.db if a run was stopped",
    )
    p.add_argument(
        "--ensemble-only",
        action="store_true",
        help="run only the ensemble (no fit, no report)",
    )
    add_executor_flags(p)
    p.set_defaults(func=cmd_calibrate)


def cmd_calibrate(args: argparse.Namespace, console) -> int:
    from calibration import driver
    from calibration.fit import load_settings
    from calibration.report import build_report

    settings = load_settings()
    with executor_from(args) as executor:
        if args.ensemble_only:
            path = run_ensemble_cmd(settings, executor, console)
            console.print(f"ensemble: {path}")
            return 0
        if not args.report_only:
            budget = args.budget or settings.budget
            x0 = driver.start_point(settings, fresh=args.fresh)
            best = [float("inf")]
            with progress_bar(console) as progress:
                task = progress.add_task("fitting (best loss -)", total=budget)

                def tick(ev) -> None:
                    best[0] = min(best[0], ev.loss)
                    progress.update(
                        task, advance=1, description=f"fitting (best loss {best[0]:.2f})"
                    )

                result = driver.run_fit(
                    settings, executor, budget=budget, on_evaluation=tick, x0=x0
                )
            refined = not args.fresh and driver.FITTED_FILE.exists()
            driver.save_history(result, settings, append=refined)
            driver.write_fitted(result, settings, refined=refined)
            state = "converged" if result.converged else "NOT converged"
            console.print(
                f"fit: loss {result.loss:.3f} after {result.evaluations} evaluations in "
                f"{result.seconds / 60:.1f} min ({state}: {result.message}; population loss "
                f"sd {result.population_sd:.3g}) -> {driver.FITTED_FILE}"
            )
        if args.ensemble:
            console.print(f"ensemble: {run_ensemble_cmd(settings, executor, console)}")
        report = build_report(executor, console=console)
    console.print(f"report: {report}")
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
