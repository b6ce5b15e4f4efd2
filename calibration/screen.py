"""An ensemble drawn around the fit and kept by simulation, when history matching finds no
set that meets every band.

History matching's emulators learn each target from the design's few cohorts per point (the
fit's first three). Where a target varies much between cohorts, as P7_signal does (about 0.065
sd), they learn those cohorts' luck as well: in the refit of 2026-12-01 the fit it started
from read 1.0 for P7_signal on the three against 0.96 on 32 cohorts. When no set it drew
meets every band in simulation (or none is expected to), history matching falls back on the
sets the emulators rank near the best (`emulate._near_best`), and those sets, chosen on the
three cohorts' luck, need not meet the bands in simulation: in the fallback of 2026-12-01
caseworker skill ran from 0.16 to 0.28 against the fit's 0.33, and one set in twenty had
P7_signal under 0.64 on a fresh cohort.

This step takes the fit itself, which the compass search chose on the fit's own cohorts, as
the centre. It draws `screen_draws` sets from a normal cloud around it (sd `screen_spread` of
each range, cut to the ranges; the fit is the first), runs each on the fit's first
`screen_cohorts` cohorts and keeps those whose cohort means meet every fitted hard band: a
rejection sampler in the manner of ABC with the bands as its tolerance, local to the fit. The
kept sets are values near the fit's, chosen on the fit's own cohorts; they are not a
posterior (the cloud is a choice, not a prior). Evaluations go through the fit's cache, so a
killed screen resumes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from calibration.emulate import _scale, meets_every_band
from calibration.fit import Evaluation, Evaluator


@dataclass
class Screen:
    """What the screen drew and kept."""

    kept: list[np.ndarray]  # the sets whose cohort means met every fitted hard band
    drawn: int  # sets simulated (the fit included)
    cohorts: int  # cohorts per set
    spread: float  # sd of the cloud, share of each range
    history: list[Evaluation]  # every simulated set (kept out of the fit's history)


# What a fit's stop message says of the near-best sets, and what an earlier screen added, so
# that a second screen replaces the first's words instead of adding to them.
NEAR_BEST = re.compile(
    r", so the ensemble holds the near-best sets: emulated loss within [^;]* of the best"
)
EARLIER_SCREEN = re.compile(
    r"(?:; |, so )the ensemble was drawn around the fit: \d+ of \d+ sets met every band on "
    r"\d+ of the fit's cohorts"
    r"|; of \d+ sets drawn around the fit, \d+ met every band on the screen's cohorts, so the "
    r"near-best sets stay"
)


def with_screen(message: str, screen: Screen) -> str:
    """A fit's stop message with what the screen kept: in place of the near-best sets if at
    least two sets met every band, else added to them; an earlier screen's words go."""
    message = EARLIER_SCREEN.sub("", message)
    if len(screen.kept) < 2:
        return (
            f"{message}; of {screen.drawn} sets drawn around the fit, {len(screen.kept)} met "
            "every band on the screen's cohorts, so the near-best sets stay"
        )
    return (
        f"{NEAR_BEST.sub('', message)}; the ensemble was drawn around the fit: "
        f"{len(screen.kept)} of {screen.drawn} sets met every band on {screen.cohorts} of the "
        "fit's cohorts"
    )


def screen_around(
    evaluator: Evaluator,
    x_fit: np.ndarray,
    *,
    draws: int,
    spread: float,
    seed: int,
    batch: int = 12,
    on_points: Callable[[int], None] | None = None,
) -> Screen:
    """Simulate `draws` sets around `x_fit` on `evaluator`'s cohorts (the fit first) and keep
    those that meet every hard target `evaluator` carries. Seeded: a rerun draws the same sets
    and reads them from the cache."""
    free = evaluator.free
    lo, width = _scale(free)
    centre = np.clip((np.asarray(x_fit, dtype=float) - lo) / width, 0.0, 1.0)
    rng = np.random.default_rng(seed)
    cloud = np.clip(centre + spread * rng.standard_normal((draws, len(free))), 0.0, 1.0)
    cloud[0] = centre
    start = len(evaluator.history)
    for k in range(0, draws, batch):
        part = cloud[k : k + batch]
        evaluator.map(None, list(lo + part * width))
        if on_points:
            on_points(len(part))
    history = evaluator.history[start:]
    targets = [t for t in evaluator.targets if t.hard]
    kept = [e.x for e in history if meets_every_band(targets, e.moments)]
    return Screen(kept, len(history), len(evaluator.seeds), spread, history)
