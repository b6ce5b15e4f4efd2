"""A workshop round with 12 participants: from their choices to every result ready.

Uses the workshop server's own machinery (session, server-wide queue, the shared worker pool),
without a browser: the pool is started first, as the facilitator's *Open a session* does, then
12 participants each send a different choice at once and the facilitator closes the round. A
choice runs when it is sent, so closing the round waits for whatever is still running.

Prints one line, measured in one run:

    workshop_round participants=12 citizens=C weeks=W replicates=R runs=N workers=K
        sent_to_ready_seconds=A close_to_ready_seconds=B

Usage: python benchmarks/workshop_round.py [--citizens 2000] [--weeks 208] [--replicates 5]
(default: the shipped guide's size).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.experiments.worker import DEFAULT_RUNNER, check_runner  # noqa: E402
from sim.ui import pool  # noqa: E402
from sim.ui.workshop.rounds import load_workshop  # noqa: E402
from sim.ui.workshop.runs import RunQueue  # noqa: E402
from sim.ui.workshop.session import Registry  # noqa: E402

PARTICIPANTS = 12


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--citizens", type=int)
    ap.add_argument("--weeks", type=int)
    ap.add_argument("--replicates", type=int)
    args = ap.parse_args()
    w = load_workshop().sized(args.citizens, args.weeks, args.replicates)
    p = pool.shared()
    for _ in p.imap_unordered(check_runner, [(DEFAULT_RUNNER,)] * (2 * p.workers)):
        pass  # the workers are up and have imported the model, as after Open a session
    reg = Registry(RunQueue(pool.shared, workers=p.workers))
    s = reg.open_session("benchmark", w)
    for k in range(PARTICIPANTS):
        reg.join(s.code, f"p{k}", f"P{k}")
    choose = next(k for k, r in enumerate(w.rounds) if r.kind == "choose")
    s.start_round(choose)
    while s.pending_runs():  # the reference runs first, when the round opens
        time.sleep(0.01)
    strategies = w.rounds[choose].strategies
    sent = time.perf_counter()
    for k in range(PARTICIPANTS):
        s.choose(f"p{k}", strategies[k % len(strategies)], {"caseload": str(82 - k)}, "en")
    s.close_round()
    closed = time.perf_counter()
    while s.pending_runs():
        time.sleep(0.01)
    ready = time.perf_counter()
    params = w.scenario.params
    print(
        f"workshop_round participants={PARTICIPANTS} citizens={params.population.n_citizens} "
        f"weeks={params.run.weeks} replicates={w.replicates} "
        f"runs={PARTICIPANTS * w.replicates} workers={p.workers} "
        f"sent_to_ready_seconds={ready - sent:.1f} close_to_ready_seconds={ready - closed:.1f}"
    )
    p.close()


if __name__ == "__main__":
    main()
