"""Hash every output of a set of runs, to show that a change of code changed no number.

A speed-up should leave the model's numbers bit for bit as they were (issue 17). The golden test
pins a few summaries of closed cohorts; this hashes everything a run returns (the weekly table,
the caseworker table, the final state, the summary, and with detail the event log and the panel)
for closed and open populations, five strategies, two caseworker set-ups, detail on and off, and
two seeds each: 36 runs. Write the hashes before a change and check them after it:

    python scripts/fingerprint.py --write /tmp/before.json     (on the old revision)
    python scripts/fingerprint.py --check /tmp/before.json     (on the new one; exit 1 if any
                                                                 output moved, naming it)

`--citizens` and `--weeks` size the runs (700 and 156 by default, about 6 s in all).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.core import FremdriftModel, Params, result_of  # noqa: E402

CONFIGS: dict[str, dict] = {
    "status_quo": {"strategy.name": "status_quo"},
    "staircase": {"strategy.name": "staircase"},
    "parallel": {"strategy.name": "parallel"},
    "phase_sensitive": {"strategy.name": "parallel_phase_sensitive"},
    "none": {"strategy.name": "none"},
    "open": {"population.inflow_share_per_year": 0.4},
    "open_parallel": {"population.inflow_share_per_year": 0.25, "strategy.name": "parallel"},
    "by_difficulty_open": {
        "caseworkers.assignment": "by_difficulty",
        "population.inflow_share_per_year": 0.3,
    },
    "heavy_caseload": {"caseworkers.caseload": 80, "caseworkers.continuity_rule": "standstill"},
}


def digest(obj) -> str:
    """A short hash of a table, an array or a dict of them."""
    h = hashlib.sha256()
    if hasattr(obj, "to_csv"):
        h.update(obj.to_csv().encode())
    elif isinstance(obj, dict):
        for key in sorted(obj):
            h.update(key.encode())
            h.update(digest(obj[key]).encode())
    else:
        h.update(np.ascontiguousarray(obj).tobytes())
    return h.hexdigest()[:16]


def fingerprints(citizens: int, weeks: int) -> dict[str, dict[str, str]]:
    out = {}
    for name, extra in CONFIGS.items():
        params = Params().with_values(
            **{"population.n_citizens": citizens, "run.weeks": weeks, **extra}
        )
        for detail in (True, False):
            for seed in (1, 2):
                model = FremdriftModel(params, seed, detail=detail)
                for _ in range(weeks):
                    model.step()
                r = result_of(model)
                parts = {
                    "weekly": digest(r.weekly),
                    "caseworkers": digest(r.caseworkers),
                    "final": digest(model.final_state()),
                    "summary": digest(json.dumps(r.summary(), sort_keys=True).encode()),
                }
                if detail:
                    parts["events"] = digest(r.events)
                    parts["panel"] = digest(r.panel)
                out[f"{name}/detail={detail}/seed={seed}"] = parts
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path, help="write the hashes to this file")
    mode.add_argument("--check", type=Path, help="compare with hashes written before")
    parser.add_argument("--citizens", type=int, default=700)
    parser.add_argument("--weeks", type=int, default=156)
    args = parser.parse_args(argv)
    now = fingerprints(args.citizens, args.weeks)
    if args.write:
        args.write.write_text(json.dumps(now, indent=1, sort_keys=True))
        print(f"fingerprint: {len(now)} runs written to {args.write.name}")
        return 0
    before = json.loads(args.check.read_text())
    moved = [
        f"{run}: {part}"
        for run in sorted(set(before) | set(now))
        for part in sorted(set(before.get(run, {})) | set(now.get(run, {})))
        if before.get(run, {}).get(part) != now.get(run, {}).get(part)
    ]
    if moved:
        print(f"fingerprint: {len(moved)} outputs moved:", *moved, sep="\n  ")
        return 1
    print(f"fingerprint: all {len(now)} runs as before")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
