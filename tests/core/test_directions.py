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
def test_parallel_beats_staircase_beats_none(outcome):
    """P9-P12: combined company-oriented work gives the most progression and the most jobs."""
    stair_over_none = paired(strategy("none"), strategy("staircase"), outcome, REPS)
    assert_paired_gain(stair_over_none, f"staircase over none in {outcome}")
    parallel_over_stair = paired(strategy("staircase"), strategy("parallel"), outcome, REPS)
    assert_paired_gain(parallel_over_stair, f"parallel over staircase in {outcome}")


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
