"""Scientific directions under default parameters, over paired replicates.

Each claim compares two settings run with the same seeds (common random numbers) and requires
the mean paired difference to lie at least two standard errors on the claimed side. These are
directions from the research (DOMAIN.md), not fitted values: the defaults are not calibrated.
"""

import numpy as np
import pytest

from sim.core import replicate_seeds, simulate
from tests.conftest import assert_paired_gain, paired, small

N, WEEKS, REPS = 1500, 208, 6


def strategy(name: str, **more):
    return small(N, WEEKS, **{"strategy.name": name, **more})


def test_without_interventions_readiness_falls():
    """P10: no intervention means regress on most indicators."""
    changes = [
        simulate(strategy("none"), s).summary()["mean_indicator_change"]
        for s in replicate_seeds(3, 4)
    ]
    assert max(changes) < 0, f"mean indicator change without interventions: {changes}"


@pytest.mark.parametrize("outcome", ["mean_indicator_change", "weeks_self_support_per_citizen"])
def test_phase_sensitive_parallel_beats_staircase_beats_none(outcome):
    """P9-P12 and DOMAIN.md section 3: company-oriented work combined with support, offered as
    the citizen's phase allows, gives the most progression and the most self-support."""
    stair_over_none = paired(strategy("none"), strategy("staircase"), outcome, REPS)
    assert_paired_gain(stair_over_none, f"staircase over none in {outcome}")
    sensitive = strategy("parallel", **{"strategy.phase_sensitive": "yes"})
    over_stair = paired(strategy("staircase"), sensitive, outcome, REPS)
    assert_paired_gain(over_stair, f"phase-sensitive parallel over staircase in {outcome}")


def test_blanket_parallel_beats_no_interventions():
    """P10: doing nothing is worse than company-oriented work for everyone."""
    gain = paired(strategy("none"), strategy("parallel"), "weeks_self_support_per_citizen", REPS)
    assert_paired_gain(gain, "blanket parallel over none")


def test_phase_sensitive_parallel_leaves_fewer_derailed_than_blanket_parallel():
    """Seed 004, seed 000: company work pushed on derailed citizens pushes them further back;
    waiting with care support first does not."""
    blanket = strategy("parallel")
    sensitive = strategy("parallel", **{"strategy.phase_sensitive": "yes"})
    fewer = -paired(blanket, sensitive, "share_derailment", REPS)
    assert_paired_gain(fewer, "derailment avoided by phase-sensitive practice")


def test_more_caseworker_turnover_gives_fewer_jobs():
    """P2: each change of caseworker lowers the job chance."""
    calm = strategy("status_quo", **{"caseworkers.p_leave": 0.002})
    churn = strategy("status_quo", **{"caseworkers.p_leave": 0.02})
    fewer = -paired(calm, churn, "share_ever_job", REPS)
    assert_paired_gain(fewer, "jobs lost to turnover")


def test_believing_caseworkers_give_more_jobs():
    """P4, P8: caseworkers who believe in the citizen get more of them into work."""
    doubting = strategy("status_quo", **{"caseworkers.optimism_mean": -1.0})
    believing = strategy("status_quo", **{"caseworkers.optimism_mean": 1.0})
    gain = paired(doubting, believing, "share_ever_job", REPS)
    assert_paired_gain(gain, "jobs gained from belief")
    assert np.all(gain > -0.01)


def test_a_heavier_caseload_gives_fewer_jobs_and_more_changes():
    """P23, P24: trials with caseloads of 45-50 against the average of 82 and worse; a heavy
    caseload thins plans, blurs judgement and drives caseworkers away."""
    light = strategy("status_quo", **{"caseworkers.caseload": 45})
    heavy = strategy("status_quo", **{"caseworkers.caseload": 120})
    fewer_jobs = -paired(light, heavy, "share_ever_job", REPS)
    assert_paired_gain(fewer_jobs, "jobs lost to a heavy caseload")
    more_changes = paired(light, heavy, "mean_caseworker_changes", REPS)
    assert_paired_gain(more_changes, "caseworker changes added by a heavy caseload")


def test_warm_handovers_reduce_the_harm_of_a_change():
    """P2, seed 001: the jobs lost to turnover shrink when handovers keep the relationship."""

    def lost_to_turnover(quality: float) -> np.ndarray:
        calm = strategy("status_quo", **{"caseworkers.p_leave": 0.002})
        churn = strategy("status_quo", **{"caseworkers.p_leave": 0.03})
        both = {"caseworkers.handover_quality": quality}
        calm, churn = calm.with_values(**both), churn.with_values(**both)
        return -paired(calm, churn, "share_ever_job", REPS)

    saved = lost_to_turnover(0.0) - lost_to_turnover(1.0)
    assert_paired_gain(saved, "jobs saved by warm handovers under heavy turnover")


def test_passive_waiting_lowers_readiness():
    """P13: each month of waiting with nothing running lowers the chance of job or education;
    readiness wears down while the citizen waits."""
    no_wear = strategy("parallel", **{"dynamics.indicator_loss_waiting": 0.0})
    lower = -paired(no_wear, strategy("parallel"), "mean_indicator_change", REPS)
    assert_paired_gain(lower, "readiness lost to waiting")


def test_caseworker_differences_exceed_a_shuffled_label_null():
    """P7, P8: caseworkers differ in what they achieve, beyond the luck of who they were
    given. Citizens are dealt out at random here, so any spread beyond the null (the same
    citizens with their caseworker labels shuffled) comes from the caseworkers themselves:
    their optimism, style, experience and employer contacts."""
    from sim.core import simulate

    params = small(4000, 208, **{"caseworkers.assignment": "random", "caseworkers.p_leave": 0.0})
    result = simulate(params, 17)
    final = result.final
    # Each citizen is credited to the one caseworker they had (no turnover here).
    first_wave = result.panel[result.panel["week"] == 0].set_index("citizen_id")
    cw = first_wave["caseworker_id"].to_numpy(dtype=np.int64)
    success = np.isin(final["status"], (1, 2)) | final["ever_job"]

    def spread(labels: np.ndarray) -> float:
        rates = np.bincount(labels, weights=success) / np.bincount(labels)
        return float(rates[np.bincount(labels) > 0].std())

    observed = spread(cw)
    rng = np.random.default_rng(0)
    null = [spread(rng.permutation(cw)) for _ in range(300)]
    assert observed > np.quantile(null, 0.95), (
        f"spread of caseworkers' success rates {observed:.4f}; shuffled null 95th percentile "
        f"{np.quantile(null, 0.95):.4f}"
    )
