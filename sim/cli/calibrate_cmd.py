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
    add_executor_flags(p)
    p.set_defaults(func=cmd_calibrate)


def cmd_calibrate(args: argparse.Namespace, console) -> int:
    from calibration import driver
    from calibration.fit import load_settings
    from calibration.report import build_report

    settings = load_settings()
    with executor_from(args) as executor:
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
            console.print(
                f"fit: loss {result.loss:.3f} after {result.evaluations} evaluations in "
                f"{result.seconds / 60:.1f} min -> {driver.FITTED_FILE}"
            )
        report = build_report(executor, console=console)
    console.print(f"report: {report}")
    return 0
