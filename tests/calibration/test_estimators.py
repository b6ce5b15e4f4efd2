"""Each estimator on hand-made tables whose answer is known in advance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from calibration import estimators as est
from sim.core.kinds import DEFAULT_KIND_NAMES
from sim.core.states import BELIEFS, EVENTS, INDICATORS, PHASES, STATUSES


def make_panel(rows: list[dict]) -> pd.DataFrame:
    """A panel shaped like RunResult.panel from a few dicts (unspecified columns default)."""
    out = []
    for r in rows:
        row = {
            "citizen_id": r["citizen_id"],
            "week": r["week"],
            "status": r.get("status", "benefit"),
            "phase": r.get("phase", "standstill"),
            "belief": r.get("belief"),
            "caseworker_id": r.get("caseworker_id", 0),
            "n_caseworker_changes": r.get("changes", 0),
        }
        for name in INDICATORS:
            row[name] = r.get("indicator", 3)
        for k in DEFAULT_KIND_NAMES:
            row[k] = k in r.get("active", ())
        out.append(row)
    df = pd.DataFrame(out)
    df["status"] = pd.Categorical(df["status"], categories=STATUSES)
    df["phase"] = pd.Categorical(df["phase"], categories=PHASES)
    df["belief"] = pd.Categorical(df["belief"], categories=BELIEFS)
    return df


def make_events(rows: list[tuple[int, int, str, str]]) -> pd.DataFrame:
    """(week, citizen, event, value) tuples as an event log."""
    df = pd.DataFrame(rows, columns=["week", "citizen_id", "event", "value"])
    df["event"] = pd.Categorical(df["event"], categories=EVENTS)
    df["value"] = df["value"].astype("string")
    return df


def synthetic_hazard_data(hr: float, n: int = 6000, seed: int = 3):
    """Citizens followed for 12 quarters; each quarter a job with cloglog hazard
    1 - exp(-h0 * hr**changes); changes accumulate at random. The known answer is `hr`."""
    rng = np.random.default_rng(seed)
    panel, events = [], []
    for c in range(n):
        changes, on_benefit = 0, True
        for q in range(13):
            week = q * 13
            panel.append(
                {
                    "citizen_id": c,
                    "week": week,
                    "status": "benefit" if on_benefit else "job",
                    "changes": changes,
                    "indicator": 3,
                }
            )
            if on_benefit and q < 12:
                if rng.random() < -np.expm1(-0.08 * hr**changes):
                    events.append((week + 5, c, "status", "job"))
                    on_benefit = False
                changes += rng.random() < 0.15
    return make_panel(panel), make_events(events)


def test_hazard_ratio_per_change_recovers_a_known_hazard_ratio():
    panel, events = synthetic_hazard_data(hr=0.7)
    got = est.hazard_ratio_per_change(panel, events)
    assert got == pytest.approx(0.7, abs=0.07), f"known HR 0.7, estimated {got:.3f}"


def test_hazard_ratio_per_change_is_one_when_changes_do_not_matter():
    panel, events = synthetic_hazard_data(hr=1.0, seed=4)
    got = est.hazard_ratio_per_change(panel, events)
    assert got == pytest.approx(1.0, abs=0.08), f"no effect built in, estimated {got:.3f}"


def test_person_quarters_count_an_event_in_the_quarter_it_happens():
    panel = make_panel([{"citizen_id": 0, "week": w} for w in (0, 13, 26)])
    events = make_events([(13, 0, "status", "job")])  # week 13 closes the first quarter
    rows = est.person_quarters(panel, events, ("job",))
    assert rows.set_index("week")["event"].to_dict() == {0: 1, 13: 0}


def test_belief_hazard_ratio_compares_the_two_arms():
    rng = np.random.default_rng(5)

    def arm(h: float):
        panel, events = [], []
        for c in range(8000):
            panel += [{"citizen_id": c, "week": w} for w in (0, 13)]
            if rng.random() < -np.expm1(-h):
                events.append((6, c, "status", "education" if c % 3 == 0 else "job"))
        return make_panel(panel), make_events(events)

    got = est.belief_hazard_ratio(arm(0.15 * 1.4), arm(0.15))
    assert got == pytest.approx(1.4, abs=0.1), f"known ratio 1.4, estimated {got:.3f}"


def test_share_any_change_counts_citizens_not_rows():
    panel = make_panel(
        [
            {"citizen_id": 0, "week": 0},
            {"citizen_id": 0, "week": 13, "changes": 2},
            {"citizen_id": 1, "week": 0},
            {"citizen_id": 1, "week": 13},
        ]
    )
    assert est.share_any_change(panel) == 0.5


def test_belief_answer_shares_pool_doubt_and_no_and_skip_citizens_off_benefit():
    answers = ["yes", "good_chance", "maybe", "maybe", "doubtful", "no", "no", "no"]
    rows = [{"citizen_id": i, "week": 0, "belief": a} for i, a in enumerate(answers)]
    rows.append({"citizen_id": 99, "week": 0, "belief": "yes", "status": "job"})
    shares = est.belief_answer_shares(make_panel(rows))
    assert shares == {"yes": 1 / 8, "good_chance": 1 / 8, "maybe": 2 / 8, "doubtful_or_no": 4 / 8}


def caseworker_table(rates: list[float], n: int = 40) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "caseworker_id": range(len(rates)),
            "n_citizens_ever": n,
            "n_to_job": [round(r * n) for r in rates],
            "n_to_education": 0,
            "hired_week": 0,
            "left_week": pd.array([pd.NA] * len(rates), dtype="Int32"),
        }
    )


def test_caseworker_quartiles_average_the_top_and_bottom_quarter():
    cws = caseworker_table([0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4])
    few = caseworker_table([1.0], n=5)  # too few citizens to rank
    brief = caseworker_table([0.0], n=60)  # left after 20 weeks: no time to place anyone
    brief["caseworker_id"], brief["hired_week"], brief["left_week"] = 9, 100, 120
    few["caseworker_id"] = 8
    top, bottom = est.caseworker_quartile_rates(pd.concat([cws, few, brief]), last_week=208)
    assert top == pytest.approx(0.375) and bottom == pytest.approx(0.075), (
        "caseworkers with under 20 citizens or under a year in post are left out of the ranking"
    )


def test_belief_rate_correlation_is_one_when_believers_place_more():
    rates = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3]
    rows = []
    for cw in range(len(rates)):
        for i in range(10):
            answer = "good_chance" if i < cw + 1 else "doubtful"
            rows.append(
                {"citizen_id": cw * 10 + i, "week": 0, "belief": answer, "caseworker_id": cw}
            )
    got = est.belief_rate_correlation(make_panel(rows), caseworker_table(rates), last_week=208)
    assert got == pytest.approx(1.0)


def test_bundle_progression_sorts_quarters_by_what_was_received():
    # Citizen 0: nothing, drops 0.5. Citizen 1: company active at the wave, gains 1.
    # Citizen 2: company active and health started in the quarter, gains 2.
    # Citizen 3: health alone, no change. Citizen 4 leaves benefit: not counted.
    rows = [
        {"citizen_id": 0, "week": 0, "indicator": 3.0},
        {"citizen_id": 0, "week": 13, "indicator": 2.5},
        {"citizen_id": 1, "week": 0, "indicator": 2.0, "active": ("company",)},
        {"citizen_id": 1, "week": 13, "indicator": 3.0},
        {"citizen_id": 2, "week": 0, "indicator": 2.0, "active": ("company",)},
        {"citizen_id": 2, "week": 13, "indicator": 4.0},
        {"citizen_id": 3, "week": 0, "indicator": 3.0},
        {"citizen_id": 3, "week": 13, "indicator": 3.0},
        {"citizen_id": 4, "week": 0, "indicator": 3.0},
        {"citizen_id": 4, "week": 13, "indicator": 1.0, "status": "job"},
    ]
    events = make_events(
        [(4, 2, "intervention_start", "health"), (2, 3, "intervention_start", "health")]
    )
    prog = est.bundle_progression(make_panel(rows), events)
    m = prog["mean_change"]
    assert m["none"] == -0.5 and m["company_only"] == 1.0
    assert m["company_and_other"] == 2.0 and m["health_only"] == 0.0
    assert prog["n"].sum() == 4, "a citizen who left benefit has no progression to measure"
    assert est.combined_lead(prog) == 1.0
    assert est.company_single_lead(prog) == 1.0
    assert est.no_intervention_change(prog) == -0.5
    assert est.best_single_support_change(prog) == 0.0


def test_no_intervention_share_and_one_at_a_time_from_the_event_log():
    events = make_events(
        [
            # Citizen 0: health then company, back to back (one at a time).
            (1, 0, "intervention_start", "health"),
            (10, 0, "intervention_end", "health"),
            (10, 0, "intervention_start", "company"),
            # Citizen 1: company, with social added while it runs (two at once).
            (1, 1, "intervention_start", "company"),
            (3, 1, "intervention_start", "social"),
            (14, 1, "intervention_end", "company"),
            # Citizen 2: one intervention.
            (5, 2, "intervention_start", "upskilling"),
        ]
    )
    assert est.share_no_intervention(events, n_citizens=4) == 0.25
    assert est.share_one_at_a_time(events) == pytest.approx(2 / 3)


def weekly(n_job, n_benefit=100, active=(0, 0, 0, 0, 0)) -> pd.DataFrame:
    weeks = len(n_job)
    df = pd.DataFrame(
        {
            "week": range(weeks),
            "n_benefit": n_benefit,
            "n_job": n_job,
            "n_education": 0,
            "n_flexjob": 0,
        }
    )
    for k, a in zip(DEFAULT_KIND_NAMES, active, strict=True):
        df[f"n_active_{k}"] = a
    return df


def test_self_support_gain_and_activation_rate_from_weekly_counts():
    assert est.relative_self_support_gain(
        weekly([0, 11, 11]), weekly([0, 10, 10])
    ) == pytest.approx(0.1)
    w = weekly([0, 0, 0], n_benefit=100, active=(3, 2, 2, 2, 0))
    assert est.activation_rate(w) == pytest.approx(0.09)
    assert est.company_share_of_activation(w) == pytest.approx(3 / 9)


def test_job_retention_follows_each_job_start_a_year():
    events = make_events(
        [
            (10, 0, "status", "job"),
            (15, 0, "status", "benefit"),  # back within 3 months
            (10, 1, "status", "job"),
            (40, 1, "status", "benefit"),  # back in months 4-12
            (10, 2, "status", "job"),  # still in work
            (10, 3, "status", "job"),
            (70, 3, "status", "benefit"),  # back after a year: still in work at 12 months
            (190, 4, "status", "job"),  # less than a year of follow-up: left out
        ]
    )
    got = est.job_retention(events, last_week=208)
    assert got == {"still_12m": 0.5, "ended_3m": 0.25, "ended_4_12m": 0.25}
