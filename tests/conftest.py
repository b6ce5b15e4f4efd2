"""Shared helpers: small parameter sets and paired replicate runs."""

from __future__ import annotations

import numpy as np
import pytest
from packaging.version import Version

from sim.core import Params, replicate_seeds, simulate


def small(n: int = 500, weeks: int = 52, **dotted) -> Params:
    """Default parameters at a test-friendly size, with "group.field" overrides."""
    return Params().with_values(**{"population.n_citizens": n, "run.weeks": weeks, **dotted})


def paired(params_a: Params, params_b: Params, key: str, reps: int, root: int = 11):
    """Per-replicate differences b - a of summary[key], run with common random numbers."""
    diffs = []
    for seed in replicate_seeds(root, reps):
        a = simulate(params_a, seed).summary()[key]
        b = simulate(params_b, seed).summary()[key]
        diffs.append(b - a)
    return np.asarray(diffs)


def assert_paired_gain(diffs: np.ndarray, claim: str, z: float = 2.0) -> None:
    """The mean paired difference is positive and at least z standard errors from zero."""
    mean = diffs.mean()
    se = diffs.std(ddof=1) / np.sqrt(diffs.size)
    assert mean > z * se, f"{claim}: mean paired difference {mean:.4f}, SE {se:.4f}, diffs {diffs}"


@pytest.fixture
def small_params():
    return small


def pytest_configure(config):
    """Refuse two-worker runs that would silently stop grouping modules (scripts/test.sh).

    pytest-xdist groups `xdist_group` tests by adding "@group" to their ids at collection. With
    pytest 9.2 that no longer takes effect (pytest-dev/pytest-xdist#1386): the tests run, but a
    module's wheel or UI server is built once per worker, twice at once. pyproject.toml keeps
    pytest below 9.2; this says so if an upgrade slips through.
    """
    if config.getoption("dist", None) != "loadgroup" or hasattr(config, "workerinput"):
        return
    if Version(pytest.__version__).release[:2] >= (9, 2):
        raise pytest.UsageError(
            f"pytest {pytest.__version__} breaks --dist loadgroup (pytest-dev/pytest-xdist#1386): "
            "install pytest below 9.2 (bash scripts/setup.sh --test) or run serially with -n 0"
        )
