"""Which parameter moves a missed target? One value (or a few) changed at a time at the fit.

The report's identification check moves only the free parameters. When a target stays out of
its band whatever the fit does, the lever is often a parameter the fit holds fixed; this script
runs the study at the fit with each probe's values on the report's fresh seeds, or on seeds of
its own (`--seed-root`), the same seeds for every probe, so differences are the probe's doing.
It writes one row per probe: the loss on the fitted hard targets, how many hard targets are
within their band, the misses, and every hard target's cohort mean.

    .venv/bin/python scripts/probe_fit.py --cohorts 8 \\
        "edu1=dynamics.rel_education_upskilling:1.0" \\
        "edu1+lockin=dynamics.rel_education_upskilling:1.0,dynamics.rel_job_lockin:0.05"

A probe is `name=key:value[,key:value...]`; the row named `fit` (no change) is always first.
`--fitted` takes another fit, for example one read back from git history.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

STUDY = "calibration.study:study_moments"


def parse_probe(text: str) -> tuple[str, dict[str, float | str]]:
    """'name=key:value,key:value' -> (name, {key: value}); a value that is not a number stays
    text (caseworkers.assignment:random)."""
    name, sep, body = text.partition("=")
    if not sep or not name.strip() or not body.strip():
        raise ValueError(f"probe {text!r}: write it as name=key:value[,key:value...]")
    values: dict[str, float | str] = {}
    for part in body.split(","):
        key, sep, raw = part.partition(":")
        if not sep:
            raise ValueError(f"probe {text!r}: {part!r} needs key:value")
        try:
            values[key.strip()] = float(raw)
        except ValueError:
            values[key.strip()] = raw.strip()
    return name.strip(), values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("probes", nargs="*", help="name=key:value[,key:value...]")
    parser.add_argument("--fitted", type=Path, default=ROOT / "calibration" / "fitted.toml")
    parser.add_argument("--cohorts", type=int, default=8, help="fresh cohorts per probe")
    parser.add_argument(
        "--seed-root",
        type=int,
        help="spawn the cohorts' seeds from this root instead of the report's (check_seed), so "
        "that choosing among probes does not tune the model to the seeds the report checks on",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, help="also write the rows to this CSV file")
    args = parser.parse_args(argv)

    from calibration.driver import load_fitted
    from calibration.fit import evaluate_chunk, load_settings
    from calibration.targets import load_targets, loss
    from sim.experiments.executors import LocalPool
    from sim.experiments.worker import replicate_seed_ints

    try:
        probes = [("fit", {})] + [parse_probe(p) for p in args.probes]
    except ValueError as exc:
        print(f"probe_fit: {exc}", file=sys.stderr)
        return 2
    settings = load_settings()
    targets, _ = load_targets()
    fitted_targets = settings.fit_targets(targets)
    hard = [t for t in targets if t.hard]
    base = load_fitted(args.fitted).to_dict()
    root = settings.check_seed if args.seed_root is None else args.seed_root
    seeds = replicate_seed_ints(root, args.cohorts)
    rows = []
    with LocalPool(args.workers) as pool:
        for name, values in probes:
            jobs = [(0, values, s) for s in seeds]
            chunks = [(base, jobs[k :: args.workers], STUDY) for k in range(args.workers)]
            results = [r for part in pool.imap_unordered(evaluate_chunk, chunks) for r in part]
            failed = [r[2] for r in results if not isinstance(r[2], dict)]
            if failed:
                print(f"probe_fit: {name}: {failed[0]}", file=sys.stderr)
                return 1
            mean = {k: float(np.mean([r[2][k] for r in results])) for k in results[0][2]}
            misses = [t.moment for t in hard if not t.within(mean[t.moment])]
            row = {
                "probe": name,
                "values": json.dumps(values),
                "cohorts": len(seeds),
                "loss": round(loss(fitted_targets, mean), 3),
                "hard_within": len(hard) - len(misses),
                "misses": " ".join(misses),
                **{t.moment: round(mean[t.moment], 4) for t in hard},
            }
            rows.append(row)
            print(
                f"{name:28s} loss {row['loss']:7.3f}  within {row['hard_within']}/{len(hard)}  "
                f"misses: {row['misses'] or '-'}",
                flush=True,
            )
    if args.out:
        with args.out.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
