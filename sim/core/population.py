"""The cohort at week 0: barriers in clusters, readiness, phase, time on benefit, job wish.

Drawn once, vectorised, from the `population` stream. The per-agent reference model in
benchmarks/ starts from the same draws, so the two implementations differ only in their steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtri

from sim.core.params import PopulationParams
from sim.core.states import (
    BARRIERS,
    DERAILMENT,
    N_INDICATORS,
    N_SECTORS,
    PROGRESS,
    REGRESS,
    STANDSTILL,
)


@dataclass
class Cohort:
    barriers: np.ndarray  # bool (n, n_barriers)
    indicators: np.ndarray  # float32 (n, n_indicators), 1-5
    phase: np.ndarray  # int8 (n,)
    weeks_prior: np.ndarray  # float32 (n,), weeks on benefit before joining the group
    wish: np.ndarray  # int8 (n,), wished sector
    jobcentre: np.ndarray  # int64 (n,), the jobcentre the citizen belongs to
    jobcentre_shift: np.ndarray  # float (jobcentres,), each jobcentre's shift in burden

    def __len__(self) -> int:
        return int(self.phase.size)


def barrier_shares(p: PopulationParams) -> np.ndarray:
    """Marginal prevalence of each barrier, in the order of `BARRIERS`."""
    return np.array(
        [p.share_no_education, p.share_mental, p.share_health, p.share_substance, p.share_social]
    )


def draw_cohort(
    p: PopulationParams,
    rng: np.random.Generator,
    n: int | None = None,
    shift: np.ndarray | None = None,
) -> Cohort:
    """`n` citizens (the cohort's size unless given), drawn for jobcentres with the burden
    shifts `shift` (drawn here unless given, as for the starting cohort)."""
    n = p.n_citizens if n is None else n
    # Citizens are spread evenly over the jobcentres; each jobcentre shifts the latent burden
    # of its citizens, so some serve citizens with more problems (one jobcentre: no shift).
    jobcentre = (rng.permutation(n) % p.n_jobcentres).astype(np.int64)
    if shift is None:
        shift = p.jobcentre_mix_sd * rng.standard_normal(p.n_jobcentres)
        if p.n_jobcentres == 1:
            shift[:] = 0.0
    # Gaussian copula: one latent burden shared by all barriers gives clusters while each
    # barrier keeps exactly its published prevalence (in a jobcentre with no shift).
    rho = p.barrier_correlation
    burden = rng.standard_normal(n)
    own = rng.standard_normal((n, len(BARRIERS)))
    latent = np.sqrt(rho) * burden[:, None] + np.sqrt(1.0 - rho) * own - shift[jobcentre, None]
    thresholds = ndtri(np.clip(barrier_shares(p), 1e-12, 1 - 1e-12))
    barriers = latent < thresholds[None, :]

    n_barriers = barriers.sum(axis=1)
    base = p.indicator_start_mean - p.indicator_per_barrier * (n_barriers - n_barriers.mean())
    spread = p.indicator_start_sd * rng.standard_normal((n, N_INDICATORS))
    person = 0.5 * p.indicator_start_sd * rng.standard_normal(n)
    indicators = np.clip(base[:, None] + person[:, None] + spread, 1.0, 5.0).astype(np.float32)

    # Phase by rank of readiness: the most ready start in progress, the least in derailment.
    order = np.argsort(-indicators.mean(axis=1), kind="stable")
    phase = np.full(n, STANDSTILL, dtype=np.int8)
    n_prog = round(p.share_start_progress * n)
    n_der = round(p.share_start_derailment * n)
    n_reg = round(p.share_start_regress * n)
    phase[order[:n_prog]] = PROGRESS
    if n_der:
        phase[order[n - n_der :]] = DERAILMENT
    if n_reg:
        phase[order[n - n_der - n_reg : n - n_der]] = REGRESS

    weeks_prior = rng.exponential(p.dur_prior_benefit_mean, n).astype(np.float32)
    wish = rng.integers(0, N_SECTORS, n).astype(np.int8)
    return Cohort(barriers, indicators, phase, weeks_prior, wish, jobcentre, shift)


def draw_arrivals(
    p: PopulationParams, weeks: int, cohort: Cohort, rng: np.random.Generator
) -> tuple[Cohort, np.ndarray] | None:
    """The citizens who will arrive during the run, and the week each arrives, or None in a
    closed cohort.

    Arrivals per week are Poisson with mean `inflow_share_per_year` x cohort / 52; they are
    drawn like the cohort (same barriers, readiness and jobcentres' mix), with less time on
    benefit behind them. Drawn once at the start from their own stream, so every strategy meets
    the same newcomers in the same weeks (common random numbers), and the starting cohort is the
    same with or without inflow.
    """
    if p.inflow_share_per_year == 0:
        return None
    per_week = rng.poisson(p.inflow_share_per_year * p.n_citizens / 52, weeks)
    total = int(per_week.sum())
    if total == 0:
        return None
    arrivals = draw_cohort(p, rng, n=total, shift=cohort.jobcentre_shift)
    arrivals.weeks_prior = rng.exponential(p.inflow_dur_prior_mean, total).astype(np.float32)
    week = np.repeat(np.arange(1, weeks + 1, dtype=np.int32), per_week)
    return arrivals, week


def joined(a: Cohort, b: Cohort) -> Cohort:
    """The citizens of `a`, then those of `b`."""
    return Cohort(
        barriers=np.concatenate([a.barriers, b.barriers]),
        indicators=np.concatenate([a.indicators, b.indicators]),
        phase=np.concatenate([a.phase, b.phase]),
        weeks_prior=np.concatenate([a.weeks_prior, b.weeks_prior]),
        wish=np.concatenate([a.wish, b.wish]),
        jobcentre=np.concatenate([a.jobcentre, b.jobcentre]),
        jobcentre_shift=a.jobcentre_shift,
    )
