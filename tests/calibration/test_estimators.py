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
                    # varies between citizens, so the readiness control is not a second
                    # constant (a singular design the hazard model fits slowly)
                    "indicator": 2 + c % 3,
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


# ---------------------------------------------------------------- the studies' own estimators
# Synthetic panels built with arrays (thousands of citizens in milliseconds), each with a known
# effect, so every estimator is checked to find that effect and to find none where none is.


def vector_panel(status, belief, indicators, caseworker=None) -> pd.DataFrame:
    """A panel from arrays shaped (waves, citizens): waves every 13 weeks from week 0.
    `indicators` is one score per citizen (all six indicators equal but for a tiny offset)
    or one per citizen and indicator, shape (citizens, 6); either is the same at each wave."""
    n_waves, n = status.shape
    cw = np.zeros((n_waves, n), dtype=int) if caseworker is None else caseworker
    df = pd.DataFrame(
        {
            "citizen_id": np.tile(np.arange(n), n_waves),
            "week": np.repeat(np.arange(n_waves) * 13, n),
            "status": pd.Categorical(status.ravel(), categories=STATUSES),
            "phase": pd.Categorical(["standstill"] * status.size, categories=PHASES),
            "belief": pd.Categorical(belief.ravel(), categories=BELIEFS),
            "caseworker_id": cw.ravel(),
            "n_caseworker_changes": 0,
        }
    )
    scores = np.asarray(indicators, dtype=float)
    if scores.ndim == 1:
        scores = scores[:, None] + 0.01 * np.arange(len(INDICATORS))
    for i, name in enumerate(INDICATORS):
        df[name] = np.broadcast_to(scores[:, i], (n_waves, n)).ravel()
    for k in DEFAULT_KIND_NAMES:
        df[k] = False
    return df


def belief_data(effect: float, n: int = 4000, seed: int = 11):
    """Citizens differ in readiness (measured by the indicators); caseworkers answer yes or
    good chance more often for readier citizens, and readier citizens leave faster. The
    quarterly job-or-education hazard is multiplied by `effect` in a quarter after a positive
    answer; the answer itself is drawn afresh each quarter, so it varies within a citizen."""
    rng = np.random.default_rng(seed)
    waves = 9
    readiness = rng.integers(1, 6, n).astype(float)
    p_positive = 0.1 + 0.15 * (readiness - 1)
    positive = rng.random((waves, n)) < p_positive
    belief = np.where(positive, "good_chance", "doubtful").astype(object)
    base = 0.02 * np.exp(0.35 * (readiness - 3))
    status = np.full((waves, n), "benefit", dtype=object)
    events = []
    on_benefit = np.ones(n, dtype=bool)
    for w in range(waves - 1):
        status[w] = np.where(on_benefit, "benefit", "job")
        hazard = 1 - np.exp(-base * np.where(positive[w], effect, 1.0))
        leave = on_benefit & (rng.random(n) < hazard)
        events += [(w * 13 + 5, c, "status", "job") for c in np.flatnonzero(leave)]
        on_benefit &= ~leave
    status[-1] = np.where(on_benefit, "benefit", "job")
    # Six indicators, each measuring readiness with a little error of its own (as six survey
    # answers would); identical columns would make the controls collinear.
    scores = readiness[:, None] + rng.normal(0, 0.2, (n, len(INDICATORS)))
    return vector_panel(status, belief, scores), make_events(events)


def test_belief_contrast_recovers_a_known_effect_once_readiness_is_controlled():
    panel, events = belief_data(effect=1.33)
    raw = est.belief_contrast(panel, events, "none")
    ready = est.belief_contrast(panel, events, "readiness")
    same = est.belief_contrast(panel, events, "citizen")
    assert ready == pytest.approx(1.33, abs=0.12), f"known 1.33, readiness-adjusted {ready:.3f}"
    assert same == pytest.approx(1.33, abs=0.15), f"known 1.33, within-citizen {same:.3f}"
    assert raw > ready + 0.15, (
        f"without controls the believed-in readier citizens inflate it ({raw:.2f})"
    )


def test_belief_contrast_finds_no_effect_where_belief_only_follows_readiness():
    panel, events = belief_data(effect=1.0, seed=12)
    ready = est.belief_contrast(panel, events, "readiness")
    same = est.belief_contrast(panel, events, "citizen")
    assert ready == pytest.approx(1.0, abs=0.1), f"no effect built in, adjusted {ready:.3f}"
    assert same == pytest.approx(1.0, abs=0.12), f"no effect built in, within-citizen {same:.3f}"
    assert est.belief_contrast(panel, events, "none") > 1.2, "the raw contrast is confounded"


def test_belief_contrast_rejects_an_unknown_adjustment():
    panel, events = belief_data(effect=1.0, n=50)
    with pytest.raises(ValueError, match="readiness"):
        est.belief_contrast(panel, events, "phase")


def test_one_event_conditional_logit_agrees_with_statsmodels():
    from statsmodels.discrete.conditional_models import ConditionalLogit

    rng = np.random.default_rng(2)
    sizes = rng.integers(2, 8, 400)
    groups = np.repeat(np.arange(sizes.size), sizes)
    x = rng.normal(size=(groups.size, 2))
    y = np.zeros(groups.size)
    start = 0
    for s in sizes:
        score = np.exp(x[start : start + s] @ np.array([0.5, -0.3]))
        y[start + rng.choice(s, p=score / score.sum())] = 1
        start += s
    ours = est.conditional_logit_one_event(x, y, groups)
    theirs = ConditionalLogit(y, x, groups=groups).fit(disp=0).params
    np.testing.assert_allclose(ours, theirs, atol=1e-3)  # statsmodels stops at its own tolerance


def test_forced_belief_arms_give_one_when_belief_does_nothing():
    panel, events = belief_data(effect=1.0, n=3000, seed=13)
    got = est.belief_hazard_ratio((panel, events), (panel, events))
    assert got == pytest.approx(1.0), "identical arms: the causal ratio is exactly one"


def test_belief_answer_shares_can_pool_the_waves_or_take_the_first():
    rows = [
        {"citizen_id": 0, "week": 0, "belief": "yes"},
        {"citizen_id": 1, "week": 0, "belief": "maybe"},
        {"citizen_id": 0, "week": 13, "belief": "no"},
        {"citizen_id": 1, "week": 13, "belief": "no"},
    ]
    panel = make_panel(rows)
    first = est.belief_answer_shares(panel, waves="first")
    pooled = est.belief_answer_shares(panel, waves="pooled")
    assert first == {"yes": 0.5, "good_chance": 0.0, "maybe": 0.5, "doubtful_or_no": 0.0}
    assert pooled == {"yes": 0.25, "good_chance": 0.0, "maybe": 0.25, "doubtful_or_no": 0.5}
    with pytest.raises(ValueError, match="pooled"):
        est.belief_answer_shares(panel, waves="last")


def caseworker_data(sd_effect: float, sorted_by_readiness: bool, seed: int, n_cw: int = 80):
    """4,000 citizens with 50 each on 80 caseworkers; the chance of a job within two years is
    0.15 plus 0.04 per readiness point above 3, plus the caseworker's own effect (normal with
    `sd_effect`). With `sorted_by_readiness` the readier citizens go to the same caseworkers:
    raw rates then differ by composition alone."""
    rng = np.random.default_rng(seed)
    n = 50 * n_cw
    readiness = rng.integers(1, 6, n).astype(float)
    order = np.argsort(readiness + rng.random(n)) if sorted_by_readiness else rng.permutation(n)
    cw = np.empty(n, dtype=int)
    cw[order] = np.repeat(np.arange(n_cw), 50)
    p = 0.15 + 0.04 * (readiness - 3) + rng.normal(0, sd_effect, n_cw)[cw]
    hit = rng.random(n) < np.clip(p, 0, 1)
    status = np.full((1, n), "benefit", dtype=object)
    panel = vector_panel(status, np.full((1, n), "maybe", dtype=object), readiness, cw[None, :])
    events = make_events([(40, c, "status", "job") for c in np.flatnonzero(hit)])
    return panel, events


def test_caseworker_component_recovers_a_known_spread_between_caseworkers():
    panel, events = caseworker_data(sd_effect=0.08, sorted_by_readiness=False, seed=21)
    got = est.caseworker_effect_component(panel, events)
    assert got["sd"] == pytest.approx(0.08, abs=0.025), f"known sd 0.08, estimated {got['sd']:.3f}"
    assert got["signal"] >= 0.95, "a real spread stands out from every shuffle of the labels"


def test_caseworker_component_sees_no_spread_from_composition_or_noise_alone():
    sds, signals = [], []
    for seed in range(12):
        panel, events = caseworker_data(sd_effect=0.0, sorted_by_readiness=True, seed=100 + seed)
        got = est.caseworker_effect_component(panel, events, n_shuffles=40)
        sds.append(got["sd"])
        signals.append(got["signal"])
    assert np.mean(sds) < 0.015, f"identical caseworkers, mean sd {np.mean(sds):.3f}"
    assert 0.2 < np.mean(signals) < 0.8, (
        f"without caseworker effects the observed spread is an ordinary shuffle "
        f"(mean percentile {np.mean(signals):.2f})"
    )
    panel, events = caseworker_data(sd_effect=0.0, sorted_by_readiness=True, seed=5)
    top, bottom = (
        panel.assign(hit=panel["citizen_id"].isin(events["citizen_id"]))
        .groupby("caseworker_id")["hit"]
        .mean()
        .agg(["max", "min"])
    )
    assert top - bottom > 0.15, "the raw ranking of the same data shows a wide spread"


def activation_data(delta: float, n: int = 20000, seed: int = 31):
    """Waves at weeks 0..104; everyone on benefit until the landmark (week 26). Readier
    citizens are activated more often (in week 10) and are more often self-supporting later;
    activation adds `delta` to the chance of being in a job at each later wave."""
    rng = np.random.default_rng(seed)
    readiness = rng.integers(1, 6, n).astype(float)
    activated = rng.random(n) < 0.2 + 0.1 * (readiness - 1)
    base = 0.05 + 0.05 * (readiness - 1)
    waves = 9
    status = np.full((waves, n), "benefit", dtype=object)
    later = rng.random((waves - 3, n)) < base + delta * activated
    status[3:] = np.where(later, "job", "benefit")
    events = make_events(
        [(10, c, "intervention_start", "health") for c in np.flatnonzero(activated)]
    )
    panel = vector_panel(status, np.full((waves, n), "maybe", dtype=object), readiness)
    return panel, events, (base[~activated]).mean()


def test_activation_effect_recovers_a_known_gain_of_the_activated():
    panel, events, control_mean = activation_data(delta=0.05)
    got = est.activation_effect(panel, events)
    want = 0.05 / control_mean
    assert got == pytest.approx(want, abs=0.04), f"known {want:.3f}, estimated {got:.3f}"


def test_activation_effect_is_zero_when_activation_does_nothing_despite_selection():
    panel, events, _ = activation_data(delta=0.0, seed=32)
    got = est.activation_effect(panel, events)
    assert got == pytest.approx(0.0, abs=0.04), f"no effect built in, estimated {got:.3f}"
    with pytest.raises(ValueError, match="landmark"):
        est.activation_effect(panel, events, landmark=27)


def test_activation_rate_in_hours_converts_intervention_weeks_by_kind():
    w = weekly([0, 0, 0], n_benefit=100, active=(2, 0, 4, 0, 0))  # company 2, health 4
    hours = {"company": 15.0, "upskilling": 12.0, "health": 3.0, "social": 3.0, "resource": 6.0}
    assert est.activation_rate_hours(w, hours) == pytest.approx((2 * 15 + 4 * 3) / (100 * 37))
    assert est.activation_rate_hours(weekly([0, 0], active=(0, 0, 0, 0, 0))) == 0.0, (
        "nobody activated: no hours"
    )
    with pytest.raises(ValueError, match="resource"):
        est.activation_rate_hours(
            w, {k: 1.0 for k in ("company", "upskilling", "health", "social")}
        )


def test_cloglog_fit_agrees_with_statsmodels_and_refuses_a_singular_design():
    import statsmodels.api as sm

    rng = np.random.default_rng(8)
    x = np.column_stack([np.ones(20000), rng.normal(size=20000), rng.integers(0, 4, 20000)])
    eta = -3.0 + 0.4 * x[:, 1] - 0.25 * x[:, 2]
    y = (rng.random(20000) < -np.expm1(-np.exp(eta))).astype(float)
    ours = est.cloglog_coefficients(x, y)
    link = sm.families.links.CLogLog()
    theirs = sm.GLM(y, x, family=sm.families.Binomial(link=link)).fit().params
    np.testing.assert_allclose(ours, theirs, atol=1e-6)
    assert ours[1] == pytest.approx(0.4, abs=0.05) and ours[2] == pytest.approx(-0.25, abs=0.05)
    twice = np.column_stack([x, x[:, 1]])  # the same column twice: no unique answer
    assert np.isnan(est.cloglog_coefficients(twice, y)).all()


def test_wave_dummies_given_as_groups_fit_as_dummy_columns_would():
    """The hazard models' wave dummies are passed as codes (summed over runs of rows, not
    multiplied as columns): the same coefficients, in the order dense columns then codes 1...,
    whatever order the rows come in; codes that skip a number are refused."""
    rng = np.random.default_rng(9)
    n = 20000
    wave = rng.integers(0, 5, n)  # unsorted, as the rows of a real panel may be
    x = np.column_stack([np.ones(n), rng.normal(size=n)])
    eta = -3.0 + 0.4 * x[:, 1] + np.array([0.0, 0.3, -0.2, 0.5, 0.1])[wave]
    y = (rng.random(n) < -np.expm1(-np.exp(eta))).astype(float)
    dummies = (wave[:, None] == np.arange(1, 5)).astype(float)
    as_columns = est.cloglog_coefficients(np.column_stack([x, dummies]), y)
    as_groups = est.cloglog_coefficients(x, y, groups=wave)
    np.testing.assert_allclose(as_groups, as_columns, rtol=1e-9, atol=1e-12)
    # the constant and x, then the dummies of waves 1 to 4: index 3 is wave 2's
    assert as_groups[3] == pytest.approx(-0.2, abs=0.1)
    with pytest.raises(ValueError, match="every code"):
        est.cloglog_coefficients(x, y, groups=np.where(wave == 2, 5, wave))
