"""How the weekly rules are compiled: numba's `njit`, cached on disk.

A week's work is a few loops over citizens. Written as NumPy expressions they cost one Python
call per array operation, about 200 a week, which at study size (4,000 citizens) took far
longer than the arithmetic itself (benchmarks/speed.py). Compiled loops cost one call per
stage. `cache=True` keeps the machine code in the user's cache directory (`_cache_dir`), so only
the first run of a version of the model on a machine pays for compiling (about 20 s);
`warm_up()` compiles everything ahead of time, as scripts/setup.sh and the command line's first
run do.

Kernels take arrays and the run's coefficient record (sim.core.hazards.coefficients). A kernel
that decides something about each citizen takes the stream's key and draws with
sim.core.draws.uniform, a hash of (key, week, citizen, lane), so a citizen's luck is the same
under every strategy (common random numbers) and nothing is drawn for citizens the decision
does not concern. The few kernels over posts, or over a batch whose size depends on the run
(leavers, absences, placements), take numbers their mechanism drew from
the stream's Generator.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numba


def _cache_dir() -> Path:
    """Where compiled kernels are kept: one directory per version of sim/core's source.

    numba notices when a kernel's own file changes, but not when a rule it calls in another
    file does, and would go on using the stale machine code. Keying the directory on a hash
    of every source file in sim/core makes any change start a fresh cache.
    """
    core = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(core.rglob("*.py")):
        digest.update(path.relative_to(core).as_posix().encode())
        digest.update(path.read_bytes())
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "fremdrift" / f"kernels-{digest.hexdigest()[:16]}"


if not os.environ.get("NUMBA_CACHE_DIR"):
    numba.config.CACHE_DIR = str(_cache_dir())

kernel = numba.njit(cache=True, nogil=True, error_model="numpy")
"""Decorator for a compiled kernel, or a rule Python calls on its own (no fastmath: results
must not depend on how the compiler reorders arithmetic)."""

rule = numba.njit(cache=True, nogil=True, error_model="numpy", inline="always")
"""Decorator for a rule a kernel calls once per citizen whose call costs more than its body.

numba copies the body into each kernel that calls it, before compiling, instead of leaving a
call that LLVM declines to inline. `strategies.plan_one` takes the strategy's tables (a tuple of
arrays): inlined, a meeting's plan took 53 ns instead of 95 (measured on one week's meetings of
4,000 citizens). The arithmetic is the same, in the same order, so every number is too. The
small rules (hazards, draws) LLVM inlines by itself: marking them too gained 3% in the phase
kernel and nothing measurable in a run, so they stay plain kernels. Python can still call a
rule on its own, as the tests do.
"""


def is_warm() -> bool:
    """Whether this version of the model has compiled kernels in the cache already."""
    folder = Path(numba.config.CACHE_DIR)
    return folder.is_dir() and any(folder.rglob("*.nbi"))


def _prune_old_caches(days: float = 14.0) -> None:
    """Remove the kernels of other versions of the source not used for `days` (each a few MB;
    a developer's edits would otherwise pile them up)."""
    import shutil
    import time

    here = Path(numba.config.CACHE_DIR)
    for folder in here.parent.glob("kernels-*"):
        if folder != here and time.time() - folder.stat().st_mtime > days * 86400:
            shutil.rmtree(folder, ignore_errors=True)


def warm_up() -> float:
    """Compile (or load from the cache) every kernel by running a tiny model; returns seconds."""
    import time

    from sim.core.model import FremdriftModel
    from sim.core.params import Params

    _prune_old_caches()
    start = time.perf_counter()
    for name in ("status_quo", "staircase", "parallel", "none", "parallel_phase_sensitive"):
        p = Params().with_values(
            **{"population.n_citizens": 200, "run.weeks": 14, "strategy.name": name}
        )
        model = FremdriftModel(p, 0)
        for _ in range(14):
            model.step()
    return time.perf_counter() - start
