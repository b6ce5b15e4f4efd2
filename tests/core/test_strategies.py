"""Claims about the strategies' referral rules, on random meeting batches."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.core.kinds import DEFAULT_KIND_NAMES, DEFAULT_KINDS, KindTable
from sim.core.params import StrategyParams
from sim.core.strategies import KindSets, Parallel, PlanContext, Staircase, StatusQuo

SETS = KindSets(KindTable(DEFAULT_KINDS))
BIT = SETS.bit
COMPANY, UPSKILLING, HEALTH, SOCIAL = (
    DEFAULT_KIND_NAMES.index(k) for k in ("company", "upskilling", "health", "social")
)
codes, first_in, need_codes = SETS.codes, SETS.first_in, SETS.need_codes


def batch(seed: int, m: int = 400) -> PlanContext:
    rng = np.random.default_rng(seed)
    kinds = lambda p: codes(rng.random((len(DEFAULT_KINDS), m)) < p)  # noqa: E731
    return PlanContext(
        active=kinds(0.2),
        waiting=kinds(0.1),
        done=kinds(0.2),
        needs=need_codes(rng.random((m, 5)) < 0.4),
        optimism=rng.normal(size=m),
        style=rng.integers(0, 4, m),
        u_refer=rng.random(m),
        u_type=rng.random(m),
        mean_indicator=rng.uniform(1, 5, m),
        phase=rng.integers(0, 4, m),
    )


def kinds_in(code: int) -> list[int]:
    return [k for k in range(len(BIT)) if code & BIT[k]]


@given(st.lists(st.sampled_from([COMPANY, UPSKILLING, HEALTH, SOCIAL]), unique=True))
def test_first_in_finds_the_first_kind_of_the_order_in_a_set(order):
    table = first_in(tuple(order), -1)
    for code in range(16):
        expected = next((k for k in order if k in kinds_in(code)), -1)
        assert table[code] == expected


def test_codes_keep_each_kind_as_its_own_bit():
    rng = np.random.default_rng(1)
    kinds = rng.random((len(BIT), 50)) < 0.5
    code = codes(kinds)
    for k in range(len(BIT)):
        assert np.array_equal((code & BIT[k]) != 0, kinds[k])


def test_barriers_call_for_support_never_for_company_work():
    rng = np.random.default_rng(2)
    needs = need_codes(rng.random((300, 5)) < 0.5)
    assert not np.any(needs & BIT[COMPANY])
    assert np.any(needs & BIT[HEALTH]) and np.any(needs & BIT[SOCIAL])


@settings(max_examples=30, deadline=None)  # the first call may load compiled rules
@given(st.integers(0, 10_000))
def test_the_staircase_refers_one_kind_at_a_time_and_only_the_idle(seed):
    ctx = batch(seed)
    want = Staircase(StrategyParams(name="staircase", p_refer=0.8), SETS).plan(ctx)
    assert all(len(kinds_in(c)) <= 1 for c in want)
    assert not np.any(want[ctx.busy()]), "a busy citizen gets nothing new"


@settings(max_examples=30, deadline=None)  # the first call may load compiled rules
@given(st.integers(0, 10_000))
def test_parallel_refers_company_work_and_support_only_alongside_it(seed):
    ctx = batch(seed)
    want = Parallel(StrategyParams(name="parallel", p_refer=1.0), SETS).plan(ctx)
    taken = ctx.active | ctx.waiting
    assert np.array_equal((want & BIT[COMPANY]) != 0, (taken & BIT[COMPANY]) == 0)
    support = want & (0b1111 ^ BIT[COMPANY])
    in_company = (ctx.active & BIT[COMPANY]) != 0
    assert not np.any(support[~in_company]), "support comes with a running company place"
    assert not np.any(support & ~ctx.needs), "support only where the barriers call for it"
    assert not np.any(want & taken), "nothing already running or waiting is referred again"


@settings(max_examples=30, deadline=None)  # the first call may load compiled rules
@given(st.integers(0, 10_000))
def test_status_quo_adds_at_most_one_kind_and_support_only_to_open_needs(seed):
    ctx = batch(seed)
    want = StatusQuo(StrategyParams(name="status_quo"), SETS).plan(ctx)
    for i in np.flatnonzero(want):
        new = kinds_in(int(want[i]))
        assert len(new) == 1
        if not ctx.busy()[i]:
            continue
        # a busy citizen gets only support alongside a running company place
        assert ctx.active[i] & BIT[COMPANY] and new[0] != COMPANY
        assert ctx.needs[i] & ~ctx.done[i] & BIT[new[0]]
