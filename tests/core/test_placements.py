"""Placements as the sources describe them, measured the way the review measured them: job
starts per citizen-week in a company-oriented place, by the phase the citizen was in.

A placement is not a door to a job whatever the citizen's state (seed 004): the further back
the citizen, the less it helps, and in derailment it does harm. While it runs the citizen's own
search slows (lock-in, P20).
"""

from __future__ import annotations

import itertools

import numpy as np

from sim.core import FremdriftModel, replicate_seeds
from sim.core.states import BENEFIT, DERAILMENT, JOB, PHASES
from tests.conftest import assert_paired_gain, small

N, WEEKS = 2000, 156


def citizen_weeks(params, seed) -> dict[str, np.ndarray]:
    """One row per citizen-week on benefit: the phase and the interventions at the start of
    the week, and whether the week ended in a job or a move forward."""
    model = FremdriftModel(params, seed, detail=False)
    company = model.kinds.company
    care = [k for k in model.kinds.support if k not in model.kinds.education]
    rows: dict[str, list] = {k: [] for k in ("phase", "placed", "care_only", "job", "forward")}
    for _ in range(params.run.weeks):
        c = model.citizens
        on = np.flatnonzero(c.status == BENEFIT)
        active = c.dur_left[on].T > 0
        placed = c.placement_employer[on] >= 0
        care_only = active[care].any(axis=0) & ~active[company]
        phase = c.phase[on].copy()
        model.step()
        rows["phase"].append(phase)
        rows["placed"].append(placed)
        rows["care_only"].append(care_only)
        rows["job"].append(c.status[on] == JOB)
        rows["forward"].append((c.status[on] == BENEFIT) & (c.phase[on] < phase))
    return {k: np.concatenate(v) for k, v in rows.items()}


def rate(mask: np.ndarray, event: np.ndarray) -> float:
    return float(event[mask].mean()) if mask.any() else float("nan")


def test_a_placement_leads_to_a_job_less_the_further_back_the_citizen_is():
    weeks = [citizen_weeks(small(N, WEEKS, strategy="parallel"), s) for s in replicate_seeds(5, 2)]
    w = {k: np.concatenate([x[k] for x in weeks]) for k in weeks[0]}
    per_phase = [rate(w["placed"] & (w["phase"] == p), w["job"]) for p in range(len(PHASES))]
    shown = dict(zip(PHASES, np.round(np.array(per_phase) * 1000, 2), strict=True))
    assert all(a > b for a, b in itertools.pairwise(per_phase)), (
        f"job starts per 1,000 placement weeks by phase: {shown}"
    )
    # The review found a derailed citizen in a placement hired ~40 times as often as one
    # outside; now a placement adds less in derailment than in standstill, relative to no place.
    outside = [rate(~w["placed"] & (w["phase"] == p), w["job"]) for p in (1, DERAILMENT)]
    lift_standstill = per_phase[1] / outside[0]
    lift_derailment = per_phase[DERAILMENT] / max(outside[1], 1e-9)
    assert lift_derailment < 3 * lift_standstill, (lift_standstill, lift_derailment)


def test_a_placement_in_derailment_holds_recovery_back():
    """Derailed citizens in a company place move forward less often than the same citizens
    would without the harm of demands they cannot meet (seed 004), paired by seed.

    The raw contrast with derailed citizens in care alone is confounded by who is placed:
    over eight replicates it came out 0.021 against 0.019 forward moves a week, the wrong way,
    under both the old and the counter-based random numbers, so it is not the claim tested.
    """
    harmless = small(N, WEEKS, strategy="parallel", **{"dynamics.push_placement_derailment": 0})
    harmful = harmless.with_values(**{"dynamics.push_placement_derailment": -0.6})
    diffs = []
    for seed in replicate_seeds(6, 4):
        a, b = citizen_weeks(harmless, seed), citizen_weeks(harmful, seed)
        placed_a = (a["phase"] == DERAILMENT) & a["placed"]
        placed_b = (b["phase"] == DERAILMENT) & b["placed"]
        diffs.append(rate(placed_a, a["forward"]) - rate(placed_b, b["forward"]))
    assert_paired_gain(np.asarray(diffs), "forward moves from derailment lost in a placement")


def test_lock_in_lowers_job_starts_during_a_placement():
    """P20: during a work placement the exit rate to ordinary jobs falls.

    Hiring by the placement's own employer is switched off, so that the job starts measured in
    placement weeks are the ordinary ones lock-in acts on, and the search is made brisk enough
    (every ready citizen finds a job) for a few hundred of them a run; the first year only,
    while the two arms' citizens are still mostly the same people.
    """
    brisk = {
        "dynamics.p_hire_from_placement": 0.0,
        "dynamics.p_job_ready": 0.03,
        "employers.p_open_market": 1.0,
    }
    locked = small(4000, 52, strategy="parallel", **brisk)
    free = locked.with_values(**{"interventions.kinds": {"company": {"lockin": False}}})
    diffs = []
    for seed in replicate_seeds(7, 6):
        a, b = citizen_weeks(free, seed), citizen_weeks(locked, seed)
        diffs.append(rate(a["placed"], a["job"]) - rate(b["placed"], b["job"]))
    assert_paired_gain(np.asarray(diffs), "job starts per placement week lost to lock-in")
