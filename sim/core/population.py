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
    weeks_prior: np.ndarray  # float32 (n,), weeks on benefit before week 0
    wish: np.ndarray  # int8 (n,), wished sector
    jobcentre: np.ndarray  # int64 (n,), the jobcentre the citizen belongs to


def barrier_shares(p: PopulationParams) -> np.ndarray:
    """Marginal prevalence of each barrier, in the order of `BARRIERS`."""
    return np.array(
        [p.share_no_education, p.share_mental, p.share_health, p.share_substance, p.share_social]
    )


def draw_cohort(p: PopulationParams, rng: np.random.Generator) -> Cohort:
    n = p.n_citizens
    # Citizens are spread evenly over the jobcentres; each jobcentre shifts the latent burden
    # of its citizens, so some serve citizens with more problems (one jobcentre: no shift).
    jobcentre = (rng.permutation(n) % p.n_jobcentres).astype(np.int64)
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
    return Cohort(barriers, indicators, phase, weeks_prior, wish, jobcentre)
