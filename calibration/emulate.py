"""History matching: emulators of the simulated study, and waves that rule out parameter sets.

Why not search the simulator directly: one evaluation (32 study-sized cohorts and the
studies' estimators) costs about 20 s of one core here, and differential evolution needs
several thousand of them for sixteen free values, days on this machine. History matching
(Craig et al. 1997; Vernon, Goldstein and Bower 2010; Andrianakis et al. 2015 for individual-
based models) spends the simulations where they teach most:

1. Wave 1 runs the study at a space-filling design over the free ranges (a Latin hypercube),
   each point on a few cohorts.
2. A Gaussian-process emulator per fitted target (scikit-learn) predicts the simulated
   moment, with its uncertainty, anywhere in the ranges from the points simulated so far.
3. A point is *implausible* when, for some target, the emulator's prediction lies so far from
   the published value that neither the emulator's uncertainty nor the band around the figure
   can explain it: I = |prediction - value| / sqrt(emulator variance + (half band / 2)^2)
   above `cutoff` (3, the usual choice; the band is read as about two standard deviations of
   the figure's uncertainty). For a one-sided target the gap to the open band counts, with
   `scale / 2` in place of the half band.
4. The next wave is drawn from the part of the ranges not yet ruled out, plus points around
   the emulated best fit; the emulators are refitted on every point simulated so far.

It stops when the non-implausible share of the ranges and the emulated best fit have settled
between two waves (`settled`, `moved`), or after `max_waves`. The ensemble is then drawn:
`ensemble_wave` points uniformly from the final non-implausible part (at the tighter
`ensemble_cutoff`, 2: where a faithful emulator puts every target inside its band, so that
few draws are wasted), each simulated, and kept
when its cohort means meet every fitted hard target's band (rejection sampling under a uniform
prior, with the emulators sparing the simulations they already rule out). The best fit is
chosen by simulation, not by the emulator: the emulated optimum and the best simulated points
are run on the fit's own cohorts, and the lowest loss wins. When no simulated set meets every
band, the ensemble falls back on the near-best sets (`_near_best`), which the driver then
replaces by sets screened around the fit if at least two meet every band (calibration/screen.py).

Everything is seeded: the designs, the candidate draws and the emulators' optimiser restarts,
so a rerun proposes the same points. Each point's moments go to the fit's evaluation cache as
soon as its batch finishes, so a history match killed at any moment resumes without running a
point twice.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from scipy.optimize import differential_evolution
from scipy.stats import qmc

from calibration.fit import Evaluation, Evaluator, FitResult, Free, MatchSettings
from calibration.polish import Polish
from calibration.targets import Target, band_distances

if TYPE_CHECKING:
    from calibration.screen import Screen

# ---------------------------------------------------------------- the emulator


class Emulator:
    """One Gaussian process per moment, on the free values scaled to [0, 1].

    The kernel is a constant times an anisotropic Matern 5/2 (one length per free value: the
    fitted lengths say which values a moment responds to) plus white noise, which absorbs the
    cohort-to-cohort spread of a simulated moment. Predictions include that noise, so the
    implausibility never rules a point out on a difference the simulator itself cannot
    resolve."""

    def __init__(self, moments: list[str], seed: int, tune_points: int = 320) -> None:
        self.moments = moments
        self.seed = seed
        self.tune_points = tune_points
        self.models: dict = {}

    def fit(self, u: np.ndarray, y: dict[str, np.ndarray]) -> Emulator:
        """Tune each moment's kernel by maximum likelihood on at most `tune_points` points (a
        seeded subsample), then condition on every point with that kernel fixed.

        Tuning costs O(n^3) per step of the optimiser, with a gradient per length: at 500
        points it took longer than simulating a wave. Conditioning on all points is one
        factorisation, so no simulated point is wasted."""
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.gaussian_process import GaussianProcessRegressor
        from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel

        d = u.shape[1]
        for m in self.moments:
            ok = np.isfinite(y[m])
            kernel = ConstantKernel(1.0, (1e-2, 1e2)) * Matern(
                length_scale=np.full(d, 0.5), length_scale_bounds=(0.03, 30.0), nu=2.5
            ) + WhiteKernel(0.05, (1e-5, 1.0))
            gp = GaussianProcessRegressor(
                kernel, normalize_y=True, n_restarts_optimizer=1, random_state=self.seed
            )
            x_m, y_m = u[ok], y[m][ok]
            tune = np.arange(len(x_m))
            if len(tune) > self.tune_points:
                rng = np.random.default_rng(self.seed)
                tune = np.sort(rng.choice(len(tune), self.tune_points, replace=False))
            with warnings.catch_warnings():
                # A length at its upper bound means "this value does not matter here": an
                # answer, not a failure.
                warnings.simplefilter("ignore", ConvergenceWarning)
                gp.fit(x_m[tune], y_m[tune])
            if len(tune) < len(x_m):
                gp = GaussianProcessRegressor(gp.kernel_, normalize_y=True, optimizer=None)
                gp.fit(x_m, y_m)
            self.models[m] = gp
        return self

    def predict(self, u: np.ndarray) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        mean, sd = {}, {}
        for m, gp in self.models.items():
            mean[m], sd[m] = gp.predict(u, return_std=True)
        return mean, sd

    def mean(self, u: np.ndarray) -> dict[str, np.ndarray]:
        """The predictions alone (the optimiser's objective; the uncertainty costs a solve
        per point and the optimum does not use it)."""
        return {m: gp.predict(u) for m, gp in self.models.items()}


def implausibility(
    targets: list[Target], mean: dict[str, np.ndarray], sd: dict[str, np.ndarray]
) -> np.ndarray:
    """The largest implausibility over `targets` at each point (see the module docstring)."""
    worst = None
    for t in targets:
        mu, s = mean[t.moment], sd[t.moment]
        if t.one_sided:
            gap = np.maximum(t.lo - mu, 0.0) + np.maximum(mu - t.hi, 0.0)
            spread = t.scale / 2
        else:
            gap = np.abs(mu - t.value)
            spread = np.where(mu >= t.value, t.hi - t.value, t.value - t.lo) / 2
        score = gap / np.sqrt(s**2 + spread**2)
        worst = score if worst is None else np.maximum(worst, score)
    return worst


def meets_every_band(targets: list[Target], moments: dict[str, float]) -> bool:
    """Every target's simulated value inside its band (a direction: on the open side)."""
    return all(t.within(moments.get(t.moment, np.nan)) for t in targets)


def emulated_loss(targets: list[Target], mean: dict[str, np.ndarray]) -> np.ndarray:
    """The fit's loss (sum of squared band distances) of the emulators' predictions."""
    return sum(band_distances(t, mean[t.moment]) ** 2 for t in targets)


# ---------------------------------------------------------------- the waves


@dataclass
class Wave:
    """What one wave did, for the report's convergence section."""

    number: int
    points: int  # simulated in this wave
    plausible_share: float  # of the ranges, after refitting on this wave
    emulated_best: float  # the emulated loss at the emulated optimum
    best_simulated: float  # lowest loss among all points simulated so far
    moved: float  # largest move of the emulated optimum, share of a range (NaN in wave 1)
    predicted_within: float  # share of this wave's moments inside the last emulator's 2 sd


@dataclass
class MatchResult:
    x: np.ndarray
    loss: float
    moments: dict[str, float]
    converged: bool
    message: str
    waves: list[Wave]
    design: list[Evaluation]  # every design point (cohort means of `replicates` cohorts)
    confirmed: list[Evaluation]  # the candidates run on the fit's own cohorts
    ensemble: list[np.ndarray]  # ensemble-wave points within every fitted hard band
    seconds: float
    history: list[Evaluation] = field(default_factory=list)
    ensemble_drawn: int = 0  # points of the ensemble wave
    ensemble_kind: str = "non-implausible"  # "near-best" when nothing meets every band, or
    # "screened" when sets drawn around the fit and simulated did (calibration/screen.py)
    polish: Polish | None = None  # the compass search that ended the fit, if one ran
    screen: Screen | None = None  # the sets drawn around the fit, if the screen ran

    @property
    def evaluations(self) -> int:
        """The fit's evaluations; a screen's are the ensemble's, recorded in ensemble.toml."""
        polished = len(self.polish.history) if self.polish else 0
        return len(self.design) + len(self.confirmed) + polished

    def apply_polish(self, polish: Polish) -> None:
        """Take the compass search's end point as the fit (calibration/polish.py)."""
        self.polish = polish
        self.x, self.loss, self.moments = polish.end.x, polish.end.loss, polish.end.moments
        self.history = self.history + polish.history
        self.seconds += polish.seconds

    def apply_screen(self, screen: Screen) -> None:
        """Take the sets the screen kept as the ensemble, in place of the near-best ones, if
        at least two met every band (a comparison needs two sets to tell them apart)."""
        from calibration.screen import with_screen

        # The screen's simulations stay out of the fit's history, as with `--screen-only`.
        self.screen = screen
        self.message = with_screen(self.message, screen)
        if len(screen.kept) >= 2:
            self.ensemble, self.ensemble_kind = screen.kept, "screened"
            self.ensemble_drawn = screen.drawn

    def fit_result(self) -> FitResult:
        """The fit in the form `write_fitted` and `save_history` take (a wave counts as a
        generation)."""
        return FitResult(
            x=self.x,
            loss=self.loss,
            moments=self.moments,
            evaluations=self.evaluations,
            seconds=self.seconds,
            history=self.history,
            converged=self.converged,
            message=self.message,
            generations=len(self.waves),
        )


def _scale(free: tuple[Free, ...]) -> tuple[np.ndarray, np.ndarray]:
    lo = np.array([f.lo for f in free])
    hi = np.array([f.hi for f in free])
    return lo, hi - lo


def history_match(
    design: Evaluator,
    confirm: Evaluator,
    settings: MatchSettings,
    *,
    x0: np.ndarray | None = None,
    on_wave: Callable[[Wave], None] | None = None,
    on_points: Callable[[int], None] | None = None,
) -> MatchResult:
    """Run the waves with `design` (few cohorts per point), choose the fit with `confirm`
    (the fit's cohorts). Both evaluators carry the fit's targets, fixed values and cache.
    `x0` (the shipped fit) joins the first wave, so a refit never ends worse than it began."""
    start = time.perf_counter()
    free = design.free
    lo, width = _scale(free)
    targets = [t for t in design.targets if t.hard]
    d = len(free)
    rng = np.random.default_rng(settings.root_seed)
    sampler = qmc.LatinHypercube(d, seed=rng)

    u_all = np.empty((0, d))
    evals: list[Evaluation] = []

    def simulate(u: np.ndarray) -> None:
        nonlocal u_all
        for k in range(0, len(u), settings.batch):
            part = u[k : k + settings.batch]
            design.map(None, list(lo + part * width))
            evals.extend(design.history[-len(part) :])
            u_all = np.vstack([u_all, part])
            if on_points:
                on_points(len(part))

    first = sampler.random(settings.first_wave)
    if x0 is not None:
        first = np.vstack([np.clip((np.asarray(x0) - lo) / width, 0, 1), first])
    simulate(first)

    waves: list[Wave] = []
    best_u = None
    share_before = None
    emulator = None
    converged, message = False, f"stopped after max_waves = {settings.max_waves}"
    last = len(first)  # points simulated in the wave just finished
    for number in range(1, settings.max_waves + 1):
        new = slice(len(evals) - last, len(evals))
        within = float("nan")
        if emulator is not None:
            within = _coverage(emulator, u_all[new], evals[new], targets)
        emulator = Emulator([t.moment for t in targets], settings.root_seed + number)
        y = {t.moment: np.array([e.moments.get(t.moment, np.nan) for e in evals]) for t in targets}
        emulator.fit(u_all, y)
        cand = qmc.LatinHypercube(d, seed=rng).random(settings.candidates)
        mean, sd = emulator.predict(cand)
        score = implausibility(targets, mean, sd)
        plausible = score <= settings.cutoff
        share = float(plausible.mean())
        opt_u, opt_loss = _emulated_optimum(emulator, targets, d, settings.root_seed + number)
        moved = float("nan") if best_u is None else float(np.max(np.abs(opt_u - best_u)))
        best_u = opt_u
        wave = Wave(
            number=number,
            points=new.stop - new.start,
            plausible_share=share,
            emulated_best=opt_loss,
            best_simulated=min(e.loss for e in evals),
            moved=moved,
            predicted_within=within,
        )
        waves.append(wave)
        if on_wave:
            on_wave(wave)
        if (
            share_before is not None
            and np.isfinite(moved)
            and abs(share - share_before) <= settings.settled * max(share_before, 1e-9)
            and moved <= settings.moved
        ):
            converged = True
            message = (
                f"settled in wave {number}: the non-implausible share moved from "
                f"{share_before:.3g} to {share:.3g} and the emulated best fit by "
                f"{moved:.3f} of a range"
            )
            break
        share_before = share
        if number == settings.max_waves:
            break
        proposals = _next_wave(cand, score, plausible, opt_u, settings, rng)
        last = len(proposals)
        simulate(proposals)

    # The ensemble: a uniform draw from the final non-implausible part, each point simulated
    # and kept if its cohort means meet every band (rejection sampling, with the emulators
    # sparing the simulations they already rule out).
    drawn = len(evals)
    pool = np.flatnonzero(score <= settings.ensemble_cutoff)
    kind, inside = "non-implausible", []
    if len(pool):
        if len(pool) > settings.ensemble_wave:
            pool = rng.choice(pool, settings.ensemble_wave, replace=False)
        simulate(cand[np.sort(pool)])
        inside = [e.x for e in evals[drawn:] if meets_every_band(targets, e.moments)]
        why = (
            f"none of the {len(evals) - drawn} sets drawn where the emulators expected every "
            "target within its band met every band in simulation"
        )
    else:
        why = (
            f"none of {settings.candidates} draws over the ranges has an implausibility of at "
            f"most {settings.ensemble_cutoff:g} (at most {settings.cutoff:g}: a share of "
            f"{share:.3g})"
        )
    if not inside:
        kind = "near-best"
        inside = _near_best(emulator, targets, u_all, opt_u, opt_loss, settings, rng)
        inside = [lo + u * width for u in inside]
        message += (
            f"; {why}, so the ensemble holds the near-best sets: emulated loss within "
            f"{settings.near_best:g} of the best"
        )

    # Choose the fit by simulation on the fit's own cohorts.
    order = np.argsort([e.loss for e in evals])
    picks = [best_u] + [u_all[i] for i in order[: max(0, settings.confirm - 1)]]
    if x0 is not None and not any(np.allclose(u, first[0]) for u in picks):
        picks.append(first[0])  # the fit it started from competes on the same cohorts
    confirm.map(None, [lo + u * width for u in picks])
    confirmed_evals = confirm.history[-len(picks) :]
    best = min(confirmed_evals, key=lambda e: e.loss)
    return MatchResult(
        x=best.x,
        loss=best.loss,
        moments=best.moments,
        converged=converged,
        message=message,
        waves=waves,
        design=evals,
        confirmed=confirmed_evals,
        ensemble=inside,
        ensemble_drawn=len(evals) - drawn,
        ensemble_kind=kind,
        seconds=time.perf_counter() - start,
        history=evals + confirmed_evals,
    )


def _coverage(emulator: Emulator, u: np.ndarray, evals: list[Evaluation], targets) -> float:
    """Share of the new points' simulated moments within two predicted sd of the emulator
    fitted before they were run: how far the emulator can be trusted out of sample."""
    if len(u) == 0:
        return float("nan")
    mean, sd = emulator.predict(u)
    hits = []
    for t in targets:
        sim = np.array([e.moments.get(t.moment, np.nan) for e in evals])
        ok = np.isfinite(sim)
        hits.extend(np.abs(sim[ok] - mean[t.moment][ok]) <= 2 * sd[t.moment][ok])
    return float(np.mean(hits)) if hits else float("nan")


def _emulated_optimum(emulator: Emulator, targets, d: int, seed: int) -> tuple[np.ndarray, float]:
    """The emulators' best fit: differential evolution on the emulated loss, run to scipy's
    convergence criterion (cheap: the emulators answer a whole population in one call)."""

    def f(u: np.ndarray) -> np.ndarray:
        return emulated_loss(targets, emulator.mean(np.atleast_2d(u.T)))

    result = differential_evolution(
        f, [(0.0, 1.0)] * d, seed=seed, vectorized=True, updating="deferred", tol=1e-6,
        maxiter=300, polish=False,
    )  # fmt: skip
    return np.asarray(result.x), float(result.fun)


def _near_best(emulator, targets, u_all, opt_u, opt_loss, settings, rng) -> list[np.ndarray]:
    """When no set is expected to meet every band, the sets that fit about as well as the
    best: emulated loss within `near_best` of the emulated optimum. Candidates are the points
    simulated so far and a cloud around the optimum (the near-best part is a sliver of the
    ranges that a uniform draw would seldom hit); up to `ensemble_wave` of those qualifying
    are drawn at random. Not a posterior sample: sets consistent with "as good a fit as this
    model gives", which is what a comparison's parameter uncertainty must range over."""
    cloud = np.clip(opt_u + 0.05 * rng.standard_normal((settings.candidates, len(opt_u))), 0, 1)
    cand = np.vstack([u_all, cloud])
    fit = emulated_loss(targets, emulator.mean(cand))
    pool = np.flatnonzero(fit <= opt_loss + settings.near_best)
    if len(pool) > settings.ensemble_wave:
        pool = np.sort(rng.choice(pool, settings.ensemble_wave, replace=False))
    return [cand[i] for i in pool]


def _next_wave(cand, score, plausible, opt_u, settings: MatchSettings, rng) -> np.ndarray:
    """Points for the next wave: most from the non-implausible candidates (least implausible
    first if too few remain), the rest scattered around the emulated best fit."""
    n_local = round(settings.wave * settings.local_share)
    n_space = settings.wave - n_local
    idx = np.flatnonzero(plausible)
    if len(idx) >= n_space:
        spread = rng.choice(idx, n_space, replace=False)
    else:
        spread = np.argsort(score)[:n_space]
    local = np.clip(opt_u + 0.05 * rng.standard_normal((n_local, len(opt_u))), 0, 1)
    return np.vstack([opt_u[None, :], cand[spread], local])[: settings.wave]
