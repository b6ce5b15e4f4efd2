"""Designs: sizes, bounds, seeding, and how listed values are drawn."""

import numpy as np
import pytest

from sim.experiments.design import build_design
from sim.experiments.sweepfile import parse_sweep
from tests.experiments.sweep_files import sweep_text


def design_of(tmp_path, **kw):
    path = tmp_path / "s.toml"
    path.write_text(sweep_text(tmp_path, **kw))
    return build_design(parse_sweep(path.read_bytes(), str(path)))


def test_a_grid_is_the_full_factorial(tmp_path):
    d = design_of(
        tmp_path,
        kind="grid",
        factors={
            "caseworkers.p_leave": "{ low = 0.001, high = 0.01, levels = 4 }",
            "strategy.name": '["staircase", "parallel"]',
            "caseworkers.caseload": "[45, 82, 100]",
        },
    )
    assert len(d) == 4 * 2 * 3
    combos = {tuple(p.values()) for p in d.points}
    assert len(combos) == 24, "every combination exactly once"
    levels = sorted({p["caseworkers.p_leave"] for p in d.points})
    assert levels == pytest.approx([0.001, 0.004, 0.007, 0.01])


def test_latin_hypercube_stays_in_bounds_and_is_stratified(tmp_path):
    d = design_of(
        tmp_path,
        kind="lhs",
        samples=20,
        factors={
            "caseworkers.p_leave": "{ low = 0.001, high = 0.02 }",
            "caseworkers.caseload": "{ low = 40, high = 120 }",
        },
    )
    leave = np.array([p["caseworkers.p_leave"] for p in d.points])
    assert leave.min() >= 0.001 and leave.max() <= 0.02
    bins = np.floor((leave - 0.001) / (0.019 / 20)).astype(int)
    assert sorted(np.minimum(bins, 19)) == list(range(20)), "one sample per stratum"
    assert all(isinstance(p["caseworkers.caseload"], int) for p in d.points)


def test_designs_are_reproducible_from_the_seed(tmp_path):
    kw = dict(
        kind="sobol",
        samples=8,
        factors={
            "caseworkers.p_leave": "{ low = 0.001, high = 0.02 }",
            "strategy.name": '["staircase", "parallel"]',
        },
    )
    a, b = design_of(tmp_path, seed=1, **kw), design_of(tmp_path, seed=1, **kw)
    c = design_of(tmp_path, seed=2, **kw)
    assert a.points == b.points and a.points != c.points


def test_sobol_and_morris_have_saltelli_and_trajectory_sizes(tmp_path):
    f = {
        "caseworkers.p_leave": "{ low = 0.001, high = 0.02 }",
        "employers.openness_mean": "{ low = 0.1, high = 0.6 }",
        "strategy.name": '["staircase", "parallel", "none"]',
    }
    assert len(design_of(tmp_path, kind="sobol", samples=8, factors=f)) == 8 * (3 + 2)
    assert len(design_of(tmp_path, kind="morris", samples=5, factors=f)) == 5 * (3 + 1)


def test_listed_values_are_all_drawn_in_sampled_designs(tmp_path):
    d = design_of(
        tmp_path,
        kind="lhs",
        samples=60,
        factors={"strategy.name": '["staircase", "parallel", "none"]'},
    )
    assert {p["strategy.name"] for p in d.points} == {"staircase", "parallel", "none"}
