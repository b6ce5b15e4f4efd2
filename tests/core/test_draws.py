"""Counter-based draws: uniform, reproducible, independent across streams, weeks, citizens and
lanes, and a pure function of them (so common random numbers hold by construction)."""

import numpy as np
import pytest
from scipy import stats

from sim.core.draws import uniform, uniforms
from sim.core.streams import Streams


def test_draws_are_uniform_on_the_unit_interval():
    key = Streams(3).key("phase")
    u = uniforms(key, 17, np.arange(200_000), 0)
    assert u.min() >= 0.0 and u.max() < 1.0
    assert stats.kstest(u, "uniform").pvalue > 0.001


def test_neighbouring_citizens_weeks_and_lanes_are_uncorrelated():
    key = Streams(4).key("job")
    slots = np.arange(50_000)
    base = uniforms(key, 10, slots, 0)
    for other in (
        uniforms(key, 10, slots + 1, 0),  # the next citizen
        uniforms(key, 11, slots, 0),  # the next week
        uniforms(key, 10, slots, 1),  # the next lane
        uniforms(Streams(4).key("exit"), 10, slots, 0),  # another stream
    ):
        assert abs(np.corrcoef(base, other)[0, 1]) < 0.02
        assert not np.array_equal(base, other)


def test_a_draw_depends_only_on_its_key_week_citizen_and_lane():
    key = Streams(5).key("life")
    alone = uniform(key, 30, 1234, 0)
    among_others = uniforms(key, 30, np.array([7, 1234, 99]), 0)[1]
    assert alone == among_others == uniform(Streams(5).key("life"), 30, 1234, 0)
    assert alone != uniform(Streams(6).key("life"), 30, 1234, 0), "another seed, another draw"


def test_a_share_of_draws_below_p_is_p():
    """What every kernel relies on: the chance that a draw falls below p is p."""
    key = Streams(8).key("refer")
    u = uniforms(key, 3, np.arange(400_000), 2)
    for p in (0.001, 0.05, 0.5):
        share = (u < p).mean()
        assert abs(share - p) < 4 * np.sqrt(p * (1 - p) / u.size)


def test_stream_keys_are_stable_by_name_and_refuse_unknown_names():
    assert Streams(9).key("phase") == Streams(9).key("phase")
    assert Streams(9).key("phase") != Streams(9).key("job")
    with pytest.raises(AttributeError, match="no random stream named 'nonsense'"):
        Streams(9).key("nonsense")
