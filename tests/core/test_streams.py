"""Randomness: determinism, named streams, common random numbers, spawned replicate seeds."""

import numpy as np

from sim.core import replicate_seeds, simulate
from sim.core.streams import Streams
from tests.conftest import small


def test_the_same_seed_gives_identical_results():
    a, b = simulate(small(300, 52), 42), simulate(small(300, 52), 42)
    assert a.summary() == b.summary()
    for name in a.event_arrays:
        assert np.array_equal(a.event_arrays[name], b.event_arrays[name])
    assert a.panel.equals(b.panel)


def test_different_seeds_give_different_results():
    assert simulate(small(300, 52), 1).summary() != simulate(small(300, 52), 2).summary()


def test_streams_are_independent_of_one_another_and_stable_by_name():
    s1, s2 = Streams(5), Streams(5)
    assert np.array_equal(s1.phase.random(10), s2.phase.random(10))
    assert not np.array_equal(Streams(5).phase.random(10), Streams(5).job.random(10))


def test_replicate_seeds_are_spawned_not_added():
    seeds = replicate_seeds(9, 3)
    expected = np.random.SeedSequence(9).spawn(3)
    assert [s.spawn_key for s in seeds] == [s.spawn_key for s in expected]
    summaries = [simulate(small(200, 26), s).summary()["share_derailment"] for s in seeds]
    assert len(set(summaries)) > 1


def test_strategies_share_life_events_and_caseworker_turnover_with_the_same_seed():
    """Common random numbers: what the strategy does not touch is identical between runs."""
    base = small(600, 52, **{"caseworkers.p_leave": 0.02})
    a = simulate(base.with_values(**{"strategy.name": "staircase"}), 77)
    b = simulate(base.with_values(**{"strategy.name": "parallel"}), 77)
    assert np.array_equal(a.caseworker_arrays["left_week"], b.caseworker_arrays["left_week"])
    assert np.array_equal(a.caseworker_arrays["optimism"], b.caseworker_arrays["optimism"])
    first_week = [
        r.events[(r.events["week"] == 1) & (r.events["event"] == "phase")] for r in (a, b)
    ]
    # In week 1 nobody has started an intervention yet, so the phase luck is the same.
    assert first_week[0]["citizen_id"].tolist() == first_week[1]["citizen_id"].tolist()
    assert np.array_equal(a.weekly["new_life_events"][:2], b.weekly["new_life_events"][:2])


def test_a_run_without_detail_gives_exactly_the_same_numbers():
    """Sweeps skip the event log and panel; that must not change a single number."""
    params = small(400, 60, **{"strategy.name": "parallel"})
    full, lean = simulate(params, 12), simulate(params, 12, detail=False)
    assert full.summary() == lean.summary()
    for col, values in full.weekly_arrays.items():
        assert np.array_equal(values, lean.weekly_arrays[col]), col
    import pytest

    with pytest.raises(ValueError, match="detail=True"):
        lean.panel  # noqa: B018
