"""Is this revision faster than another? Both timed side by side, alternating, in one sitting.

On a shared machine the seconds of one benchmark run swing by a third from hour to hour, so a
change of speed is measured against another revision in the same sitting: the other revision is
checked out into a temporary git worktree, and each round times a study-sized run of both (best
of a few repeats, each in a fresh process after its kernels are loaded), the order alternating
from round to round. Prints one line per size:

    revisions citizens=N weeks=W inflow=F strategy=S rounds=R base=<rev> base_s=... head_s=...
        speedup=base/head paired=... fastest=...

`base_s` and `head_s` are medians over the rounds; `speedup` above 1 means this checkout is
faster. Two more estimates guard against the machine's moods: `paired`, the median over rounds
of each round's base/head (a slow spell that hits both runs of a round cancels), and `fastest`,
the ratio of each side's fastest round (other tenants only ever add time). When the three
disagree by more than about 5%, the sitting was too noisy to tell; on 2026-12-01 the
same pair of revisions read 1.22 in one sitting and 0.78 in the next, and nine rounds later
0.94, 0.94 and 1.00. `--inflow 0.25` opens the population (a yearly inflow of that share of the
cohort), as benchmarks/speed.py's national run does.

Usage: python benchmarks/revisions.py [--base HEAD~1] [--rounds 5] [--repeats 3]
       [--sizes 4000x208,200x208] [--inflow 0] [--strategy status_quo]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TIMER = """
import json, sys, time
sys.path.insert(0, {root!r})
from sim.core import Params, simulate
from sim.core.compiled import warm_up
warm_up()
p = Params().with_values(
    **{{
        "population.n_citizens": {n},
        "run.weeks": {weeks},
        "population.inflow_share_per_year": {inflow},
        "strategy.name": {strategy!r},
    }}
)
best = float("inf")
for r in range({repeats}):
    t0 = time.perf_counter()
    simulate(p, 20261130 + r, detail=False)
    best = min(best, time.perf_counter() - t0)
print(json.dumps(best))
"""


def time_tree(
    root: Path, n: int, weeks: int, repeats: int, inflow: float = 0.0, strategy: str = "status_quo"
) -> float:
    """Best seconds of `repeats` runs of the model in `root`, in a fresh process."""
    code = TIMER.format(
        root=str(root), n=n, weeks=weeks, repeats=repeats, inflow=inflow, strategy=strategy
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    return float(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="HEAD~1", help="the revision to compare against")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", default="4000x208,200x208", help="citizensxweeks, ...")
    parser.add_argument("--inflow", type=float, default=0.0, help="yearly inflow share")
    parser.add_argument("--strategy", default="status_quo", help="the strategy's name")
    args = parser.parse_args()
    sha = subprocess.run(
        ["git", "rev-parse", "--short", args.base],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="fremdrift-base-") as tmp:
        base = Path(tmp) / "tree"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "--quiet", str(base), sha],
            cwd=ROOT,
            check=True,
        )
        try:
            for size in args.sizes.split(","):
                n, weeks = (int(x) for x in size.split("x"))
                times: dict[str, list[float]] = {"base": [], "head": []}
                for r in range(args.rounds):
                    order = [("base", base), ("head", ROOT)]
                    for name, tree in order if r % 2 == 0 else reversed(order):
                        times[name].append(
                            time_tree(tree, n, weeks, args.repeats, args.inflow, args.strategy)
                        )
                b, h = statistics.median(times["base"]), statistics.median(times["head"])
                paired = statistics.median(
                    x / y for x, y in zip(times["base"], times["head"], strict=True)
                )
                fastest = min(times["base"]) / min(times["head"])
                print(
                    f"revisions citizens={n} weeks={weeks} inflow={args.inflow} "
                    f"strategy={args.strategy} "
                    f"rounds={args.rounds} base={sha} "
                    f"base_s={b:.3f} head_s={h:.3f} speedup={b / h:.2f} "
                    f"paired={paired:.2f} fastest={fastest:.2f}",
                    flush=True,
                )
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, check=False
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
