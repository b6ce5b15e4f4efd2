"""Compare survives its workers: a worker killed from outside costs a rerun, not the page.

`kill -9` of one of the server's pool workers used to break Compare for every user until a
restart (a raw BrokenProcessPool traceback with server paths in every later comparison).
"""

import os
import signal
import time

import pandas as pd
import pytest

from sim.experiments.executors import LocalPool
from sim.experiments.scenario import Scenario
from sim.ui import compare as page
from sim.ui import pool
from tests.conftest import small

NAMES = ["staircase", "parallel"]


@pytest.fixture
def server_pool(monkeypatch):
    """A fresh server pool of two workers for this test, shut down after it."""
    fresh = LocalPool(2)
    monkeypatch.setattr(pool, "_pool", fresh)
    yield fresh
    fresh.close()


def workers(p: LocalPool) -> list[int]:
    return [pid for pid, proc in p._pool._processes.items() if proc.is_alive()]


def test_compare_works_again_after_a_worker_is_killed(server_pool):
    base = Scenario("small", "", small(150, 26))
    first = page.compare(base, NAMES, 2)
    assert page.pool() is server_pool
    (victim, *_) = workers(server_pool)
    os.kill(victim, signal.SIGKILL)  # idle worker killed from outside
    time.sleep(0.5)
    again = page.compare(base, NAMES, 2)
    pd.testing.assert_frame_equal(first.runs, again.runs, obj="the same numbers after the kill")
    assert server_pool.replaced == 1, "the broken pool was replaced"
    assert victim not in workers(server_pool)


def test_a_worker_killed_during_a_compare_is_rerun_not_shown(server_pool):
    base = Scenario("small", "", small(150, 26))
    reference = page.compare(base, NAMES, 4)
    killed = []

    def kill_one(done, total):
        if not killed:
            killed.append(workers(server_pool)[0])
            os.kill(killed[0], signal.SIGKILL)

    result = page.compare(base, NAMES, 4, on_progress=kill_one)
    assert killed and result.n_failed == 0, "runs lost with the killed worker are run again"
    pd.testing.assert_frame_equal(reference.runs, result.runs)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_failure_message_is_short_and_holds_no_server_detail(lang):
    exc = RuntimeError("/srv/secret/path.py line 3: BrokenProcessPool")
    text = pool.failure_message(lang, exc)
    assert text == pool.MESSAGES[lang] and "/" not in text and "Broken" not in text
    assert len(text) < 200
