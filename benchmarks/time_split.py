"""Where a run's time goes: inside the compiled kernels, or in the Python between them.

A run's cost has two parts that respond to different designs (issue 17). The kernels' time grows
with the citizens; the Python between them (the mechanisms' glue: drawing per-post numbers,
hiring caseworkers as Mesa agents, the contact network, the weekly table) is roughly a fixed
cost per simulated week. Fusing kernels shrinks the first; a replicate axis, stepping R runs as
one, would share the second among R runs. This measures both for one configuration, so that a
choice between them rests on numbers.

It times every kernel the mechanisms call from Python by replacing the module-level names with
timed wrappers for the duration of the measurement (a kernel called from another kernel is
counted in its caller; the kernels must be compiled first, which `main` does with `warm_up`).
The wrappers add about a microsecond per call, some 25 calls a week; `calls_per_week` also
counts the calls of the model's set-up. Prints, per configuration:

    time_split citizens=N weeks=W inflow=F run_s=... kernels_s=... glue_s=... glue_share=...
    time_split_stage citizens=N stage=<mechanism> seconds=... kernels_s=... glue_s=...
    time_split_top citizens=N kernel=<module.name> seconds=... calls_per_week=...   (5 lines)

The stage lines say which mechanism's glue costs most (model set-up is not a stage: it is the
run's time less the stages').

Usage: python benchmarks/time_split.py [--citizens 2000 4000] [--repeats 3] [--inflow 0.25]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import pkgutil
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numba  # noqa: E402

import sim.core  # noqa: E402
import sim.core.mechanisms  # noqa: E402
from sim.core import Params, simulate  # noqa: E402
from sim.core.compiled import warm_up  # noqa: E402
from sim.core.mechanisms import MECHANISMS  # noqa: E402

SEED = 20261130


def _core_modules() -> list:
    modules = []
    for package in (sim.core, sim.core.mechanisms):
        for info in pkgutil.iter_modules(package.__path__):
            modules.append(importlib.import_module(f"{package.__name__}.{info.name}"))
    return modules


@contextlib.contextmanager
def timed_kernels(seconds: Counter, calls: Counter, stages: Counter):
    """Within the block, every kernel a sim.core module calls by its module-level name adds its
    wall time to `seconds` and one to `calls`, keyed `module.kernel`, and every mechanism's
    step adds its wall time to `stages` and its kernels' to `stages["<name>:kernels"]`;
    everything is restored afterwards."""
    replaced = []
    current = ["set-up"]

    def timed(key, dispatcher):
        def call(*args):
            start = time.perf_counter()
            try:
                return dispatcher(*args)
            finally:
                spent = time.perf_counter() - start
                seconds[key] += spent
                calls[key] += 1
                stages[f"{current[0]}:kernels"] += spent

        return call

    def timed_step(mechanism, step):
        def call(self, model):
            current[0] = mechanism.name
            start = time.perf_counter()
            try:
                return step(self, model)
            finally:
                stages[mechanism.name] += time.perf_counter() - start
                current[0] = "set-up"

        return call

    try:
        for mechanism in MECHANISMS:
            replaced.append((mechanism, "step", mechanism.step))
            mechanism.step = timed_step(mechanism, mechanism.step)
        for module in _core_modules():
            for name, value in list(vars(module).items()):
                if isinstance(value, numba.core.registry.CPUDispatcher):
                    key = f"{value.py_func.__module__.rsplit('.', 1)[-1]}.{name}"
                    replaced.append((module, name, value))
                    setattr(module, name, timed(key, value))
        yield
    finally:
        for module, name, value in replaced:
            setattr(module, name, value)


def split(
    citizens: int, weeks: int, repeats: int, inflow: float = 0.0
) -> tuple[dict[str, float], Counter, Counter, Counter]:
    """Per run (mean over `repeats` status-quo runs without detail): the wall time, the time in
    kernels and the rest; and, summed over the repeats, the per-kernel seconds and calls and
    the per-stage seconds (see `timed_kernels`). `inflow` is the open population's yearly
    inflow as a share of the cohort (benchmarks/speed.py's national run has 0.25)."""
    p = Params().with_values(
        **{
            "population.n_citizens": citizens,
            "run.weeks": weeks,
            "population.inflow_share_per_year": inflow,
        }
    )
    seconds, calls, stages = Counter(), Counter(), Counter()
    simulate(p, SEED, detail=False)  # first run of the process: page everything in
    with timed_kernels(seconds, calls, stages):
        start = time.perf_counter()
        for r in range(repeats):
            simulate(p, SEED + r, detail=False)
        wall = (time.perf_counter() - start) / repeats
    in_kernels = sum(seconds.values()) / repeats
    parts = {"run_s": wall, "kernels_s": in_kernels, "glue_s": wall - in_kernels}
    return parts, seconds, calls, stages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, nargs="+", default=[2000, 4000])
    parser.add_argument("--weeks", type=int, default=208)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--inflow", type=float, default=0.0, help="yearly inflow, share of the cohort (0.25)"
    )
    args = parser.parse_args()
    warm_up()
    for n in args.citizens:
        parts, seconds, calls, stages = split(n, args.weeks, args.repeats, args.inflow)
        print(
            f"time_split citizens={n} weeks={args.weeks} inflow={args.inflow} "
            f"run_s={parts['run_s']:.3f} "
            f"kernels_s={parts['kernels_s']:.3f} glue_s={parts['glue_s']:.3f} "
            f"glue_share={parts['glue_s'] / parts['run_s']:.2f}",
            flush=True,
        )
        names = sorted((m.name for m in MECHANISMS), key=lambda name: -stages[name])
        for name in names:
            total = stages[name] / args.repeats
            inside = stages[f"{name}:kernels"] / args.repeats
            print(
                f"time_split_stage citizens={n} stage={name} seconds={total:.4f} "
                f"kernels_s={inside:.4f} glue_s={total - inside:.4f}",
                flush=True,
            )
        for key, total in seconds.most_common(5):
            per_week = calls[key] / (args.repeats * args.weeks)
            print(
                f"time_split_top citizens={n} kernel={key} "
                f"seconds={total / args.repeats:.4f} calls_per_week={per_week:.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
