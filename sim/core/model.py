"""FremdriftModel: a cohort of vulnerable citizens, their caseworkers and local employers.

One step is one week. The step runs these mechanisms (sim.core.mechanisms, one module each),
in this order (a test keeps this list and `STEP_ORDER` identical):

1. arrivals: in an open population, new citizens join the group and meet a caseworker.
2. life_events: crises push citizens on benefit one phase back and shake their self-belief.
3. caseworker_turnover: caseworkers leave (more often the heavier their caseload; the post
   falls vacant for a while, with no follow-up unless a colleague covers), vacant posts are
   filled, caseworkers fall sick, cases are transferred (a continuity rule can keep citizens in
   standstill where they are); every citizen who meets a new caseworker counts a change, loses
   self-belief and may lose waiting-list places, less of both after a warm handover.
4. meetings_and_plans: every 13 weeks each caseworker answers "job within the next year?" for
   each citizen (noisier for a new or overloaded caseworker); citizens due a meeting meet
   their caseworker, and the strategy refers them to interventions (waiting lists), fewer the
   heavier the caseload; phase-sensitive practice fast-tracks progress and spares derailment
   company work.
5. interventions: running interventions tick down and end; free places are filled from the
   waiting lists, first come first served; a company-oriented place also needs an employer
   with a free placement slot among the caseworker's contacts.
6. employer_matching: employers open vacancies; placements may turn into jobs, as readily as
   the citizen is ready; citizens ready for a job (slower in a placement: lock-in) look
   through their caseworker's contacts or find one on their own.
7. phase_transitions: readiness indicators drift with the phase and the interventions and wear
   down while waiting; self-belief follows the caseworker's belief, continuity and placements;
   each citizen moves at most one phase, forward or back.
8. exits_and_returns: exits to education, flexjob and pension; jobs end and education is
   dropped, returning citizens to benefit.
9. public_costs: benefit, flexjob subsidy, pension and caseworker salaries for the week.
10. record: weekly counts, and every 13 weeks a wave of the study-shaped panel.

State lives in the containers of sim.core.state (`model.citizens`, `model.caseworkers`,
`model.posts`, `model.employers`); the agents in sim.core.agents are views on their slots. The
weekly passes visit `model.arrived`, the citizens who have arrived by the week (views on the
first slots of `model.citizens`).
"""

from __future__ import annotations

import mesa
import numpy as np

from sim.core import hazards
from sim.core.actions import form_beliefs, hire
from sim.core.agents import Caseworker, Citizen, Employer
from sim.core.arrays import true_at
from sim.core.kinds import KindTable
from sim.core.mechanisms import MECHANISMS
from sim.core.mechanisms.record import record_panel_wave, record_week
from sim.core.mechanisms.turnover import caseload
from sim.core.network import ContactNetwork
from sim.core.params import ParamError, Params
from sim.core.population import Cohort, draw_arrivals, draw_cohort, joined
from sim.core.recorder import Recorder
from sim.core.state import LONG_AGO, NOBODY, Caseworkers, Citizens, Employers, Posts
from sim.core.states import (
    BENEFIT,
    HEALTH_BARRIER,
    MENTAL,
    N_SECTORS,
    NO_BELIEF,
    NOT_ARRIVED,
    STYLES,
    WEEKS_PER_YEAR,
)
from sim.core.strategies import KindSets, make_strategy
from sim.core.streams import Streams

STEP_ORDER: tuple[str, ...] = tuple(m.name for m in MECHANISMS)


class FremdriftModel(mesa.Model):
    """The weekly model; build it from `Params` and a seed, then call `step()` per week.

    `MECHANISMS` is the week's schedule; a subclass may extend it (docs/ODD.md, section 5).
    """

    MECHANISMS: tuple[type, ...] = MECHANISMS

    def __init__(
        self,
        params: Params | None = None,
        seed: int | str | np.random.SeedSequence | None = None,
        *,
        rng: int | np.random.SeedSequence | np.random.Generator | None = None,
        detail: bool = True,
        scenario=None,
        **levers,
    ):
        """Build a cohort at week 0.

        `params` defaults to the model's defaults (a scenario's `params` for calibrated ones);
        `levers` override single parameters by flat name, as Mesa's tools pass them
        (`FremdriftModel(citizens=500, strategy="parallel", caseload=60)`; see
        `Params.with_values`). `seed` (or Mesa's `rng`, an int, a SeedSequence or a
        Generator to draw one from) defaults to `params.run.seed`, so a model is reproducible
        unless asked otherwise. `detail=False` skips the event log, the quarterly panel and
        the DataCollector (same numbers, faster). `scenario` is accepted for Mesa's
        SolaraViz, which passes one on reset, and not used: Fremdrift's scenarios are files.
        """
        params = params or Params()
        if levers:
            params = params.with_values(**levers)
        streams = Streams(_root_seed(params, seed, rng))
        super().__init__(rng=streams.int_seed("mesa"))
        self.params = params
        self.streams = streams
        self.kinds = KindTable(params.interventions.kinds)
        self.co = hazards.coefficients(params, self.kinds)
        self.by_code = self.kinds.by_code(
            params.dynamics.indicator_gain, params.dynamics.rel_gain_without_company
        )
        self.kind_sets = KindSets(self.kinds)
        self.week = 0
        self.strategy = make_strategy(params.strategy, self.kind_sets)
        n = params.population.n_citizens
        # Places and employers are sized for the starting cohort; an open population's later
        # arrivals have their slots from the start (NOT_ARRIVED until their week).
        cohort = draw_cohort(params.population, streams.population)
        inflow = draw_arrivals(params.population, params.run.weeks, cohort, streams.inflow)
        ti_arrive = np.zeros(n, dtype=np.int32)
        if inflow is not None:
            cohort = joined(cohort, inflow[0])
            ti_arrive = np.concatenate([ti_arrive, inflow[1]])
        self.recorder = Recorder(len(cohort), params.run.weeks, self.kinds.names, detail=detail)
        # Where the compiled kernels write the citizens they pick out (movers, leavers, ...).
        self.scratch = np.empty((4, len(cohort)), dtype=np.int64)
        self.capacity = self.kinds.capacity(n)
        self.mechanisms = [m() for m in type(self).MECHANISMS]
        self.employers = self._setup_employers(n)
        self.citizens = self._setup_citizens(cohort, ti_arrive)
        # While the caseworkers are set up (which replaces whole fields of `citizens`), the
        # passes see every slot; from then on only those who have arrived (`arrived`).
        self._in_arrival_order = False
        self._setup_caseworkers()
        self._in_arrival_order = bool(np.all(np.diff(ti_arrive) >= 0))
        self._arrived_week: int | None = None
        c = self.citizens
        form_beliefs(self, true_at((c.status == BENEFIT) & (c.caseworker >= 0)))
        self.n_active = np.zeros(len(self.kinds), dtype=np.int64)
        record_panel_wave(self, 0)
        record_week(self)
        # Mesa's own tools (batch_run, SolaraViz plots) read the weekly counts from here.
        self.datacollector = mesa.DataCollector(
            model_reporters={c: _weekly_reporter(c) for c in self.recorder.columns}
        )
        if detail:
            self.datacollector.collect(self)

    # ------------------------------------------------------------------ set-up

    def _setup_employers(self, n: int) -> Employers:
        e = self.params.employers
        rng = self.streams.employers
        n_jobcentres = self.params.population.n_jobcentres
        m = max(n_jobcentres, round(e.n_per_100_citizens * n / 100))
        sector = rng.integers(0, N_SECTORS, m).astype(np.int64)
        public = rng.random(m) < e.share_public
        a = e.openness_mean * e.openness_concentration
        b = (1 - e.openness_mean) * e.openness_concentration
        openness = rng.beta(a, b, m)
        slots = rng.poisson(e.slots_mean, m).astype(np.int64)
        mentor = rng.random(m) < e.share_with_mentor
        employers = Employers(
            sector=sector,
            public=public,
            openness=openness,
            slots=slots,
            slots_used=np.zeros(m, dtype=np.int64),
            vacancies=np.zeros(m, dtype=np.int64),
            mentor=mentor,
            jobcentre=np.arange(m, dtype=np.int64) % n_jobcentres,
        )
        self.network = ContactNetwork(sector, openness + 0.05, employers.jobcentre)
        self.employer_agents = [Employer(self, i) for i in range(m)]
        return employers

    def _setup_citizens(self, cohort: Cohort, ti_arrive: np.ndarray) -> Citizens:
        d = self.params.dynamics
        k = len(self.kinds)
        n = len(cohort)
        barriers = cohort.barriers
        n_barriers = barriers.sum(axis=1).astype(np.int8)
        health_problem = barriers[:, HEALTH_BARRIER] | barriers[:, MENTAL]
        flex_base, pension_base = hazards.static_exit_rates(d, n_barriers, health_problem)
        # Citizen-major layouts, (citizens, kinds) and (citizens, indicators): the compiled
        # kernels visit one citizen at a time, so each citizen's row is one cache line.
        indicators = np.ascontiguousarray(cohort.indicators)
        citizens = Citizens(
            barriers=barriers,
            n_barriers=n_barriers,
            needs=self.kind_sets.need_codes(barriers),
            years_prior=cohort.weeks_prior / WEEKS_PER_YEAR,
            wish=cohort.wish.astype(np.int64),
            jobcentre=cohort.jobcentre,
            slot=np.arange(n),
            p_life=hazards.life_event_prob(d, barriers),
            flex_base=flex_base,
            pension_base=pension_base,
            indicators_start=indicators.copy(),
            ti_arrive=ti_arrive,
            status=np.where(ti_arrive > 0, NOT_ARRIVED, BENEFIT).astype(np.int8),
            ti_status=ti_arrive.copy(),
            phase=cohort.phase,
            indicators=indicators,
            mean_indicator=indicators.mean(axis=1),
            ever_job=np.zeros(n, dtype=bool),
            ever_education=np.zeros(n, dtype=bool),
            job_fit=np.zeros(n, dtype=bool),
            post=np.zeros(n, dtype=np.int64),  # dealt out in _setup_caseworkers
            caseworker=np.full(n, NOBODY, dtype=np.int64),
            last_caseworker=np.full(n, NOBODY, dtype=np.int64),
            belief=np.full(n, NO_BELIEF, dtype=np.int8),
            n_changes=np.zeros(n, dtype=np.int16),
            ti_change=np.full(n, LONG_AGO, dtype=np.int32),
            dur_left=np.zeros((n, k), dtype=np.int16),
            ti_waiting=np.full((n, k), NOBODY, dtype=np.int32),
            done=np.zeros((n, k), dtype=bool),
            n_starts=np.zeros(n, dtype=np.int32),
            dur_passive=np.zeros(n, dtype=np.int32),
            placement_employer=np.full(n, NOBODY, dtype=np.int64),
            placement_fit=np.zeros(n, dtype=bool),
            rel_after=np.ones(n, dtype=np.float64),
            ti_after_end=np.full(n, LONG_AGO, dtype=np.int32),
        )
        self._citizen_agents: list[Citizen] | None = None
        if self.recorder.detail:
            self._citizen_agents = [Citizen(self, i) for i in range(n)]
        return citizens

    def _setup_caseworkers(self) -> None:
        cw = self.params.caseworkers
        c = self.citizens
        n_jobcentres = self.params.population.n_jobcentres
        # Each jobcentre has as many posts as its citizens need at the planned caseload (the
        # starting cohort's: arrivals later make caseloads heavier, as they would).
        present = c.status == BENEFIT
        per_jobcentre = np.bincount(c.jobcentre[present], minlength=n_jobcentres)
        n_posts_of = np.ceil(per_jobcentre / cw.caseload).astype(np.int64)
        n_posts = int(n_posts_of.sum())
        self.posts = Posts(
            holder=np.full(n_posts, NOBODY, dtype=np.int64),
            ti_vacant_end=np.zeros(n_posts, dtype=np.int64),
            caseload=np.zeros(n_posts, dtype=np.int64),
            covered=np.zeros(n_posts, dtype=bool),
            jobcentre=np.repeat(np.arange(n_jobcentres, dtype=np.int64), n_posts_of),
        )
        # Each jobcentre's practice: how readily its meetings end in a referral (log-odds).
        shift = cw.jobcentre_practice_sd * self.streams.caseworkers.standard_normal(n_jobcentres)
        self.practice = np.exp(shift) if n_jobcentres > 1 else np.ones(1)
        self.caseworkers = Caseworkers.empty(n_posts * 4 + 16)
        self.caseworker_agents: dict[int, Caseworker] = {}
        for post in range(n_posts):
            hire(self, post)
        assign_posts(self, n_posts_of)
        c.last_caseworker = np.where(present, self.posts.holder[c.post], NOBODY)
        c.caseworker = c.last_caseworker.copy()
        self.posts.caseload = caseload(self)
        np.add.at(self.caseworkers.cum_citizens, c.last_caseworker[present], 1)

    # ------------------------------------------------------------------ agents

    @property
    def citizen_agents(self) -> list[Citizen]:
        """The Citizen agents, by citizen_id.

        A model built with `detail=False` (sweeps) creates them on first use: a batch run
        that only reads the arrays does not pay for thousands of Python objects, and anyone
        who asks still gets real, registered Mesa agents.
        """
        if self._citizen_agents is None:
            self._citizen_agents = [Citizen(self, i) for i in range(self.citizens.n)]
        return self._citizen_agents

    @property
    def agents(self):
        _ = self.citizen_agents
        return super().agents

    @property
    def agents_by_type(self):
        _ = self.citizen_agents
        return super().agents_by_type

    # ------------------------------------------------------------------ queries

    @property
    def n(self) -> int:
        """Citizens in the cohort."""
        return self.citizens.n

    @property
    def arrived(self) -> Citizens:
        """The citizens who have arrived by this week, as views on the first slots of
        `citizens` (same indices; writes go through): what the weekly passes visit.

        Slots are in order of arrival (the cohort at week 0, then arrivals by week), so those
        present are a prefix. A slot still to come holds nothing the week's rules could concern
        (status NOT_ARRIVED, nothing running or waited for), so passing it over changes no
        number (tests/core/test_open_population.py); in a national run with inflow, a third of
        the slots wait for their week on average. In a closed cohort this is `citizens` itself.

        A mechanism may use either container (docs/ODD.md, section 5), but must not replace a
        field of `citizens` with a new array during a step: the views would go on pointing at
        the old one until the next week.
        """
        if not self._in_arrival_order:
            return self.citizens
        if self._arrived_week != self.week:
            ti_arrive = self.citizens.ti_arrive
            week = ti_arrive.dtype.type(self.week)  # in the column's dtype: no cast of it
            n = int(np.searchsorted(ti_arrive, week, side="right"))
            self._arrived_now = self.citizens.head(n)
            self._arrived_week = self.week
        return self._arrived_now

    def arriving(self, week: int) -> np.ndarray:
        """The citizens who join the group in `week` (in arrival order, the last of
        `arrived`)."""
        c = self.citizens
        lo, hi = 0, c.n
        if self._in_arrival_order:
            # Bounds in the array's own dtype: a list of Python ints would make NumPy cast
            # the whole week column to int64 first, a pass over every slot each week.
            bounds = np.array([week, week + 1], dtype=c.ti_arrive.dtype)
            lo, hi = np.searchsorted(c.ti_arrive, bounds)
        found = (c.ti_arrive[lo:hi] == week) & (c.status[lo:hi] == NOT_ARRIVED)
        return lo + true_at(found)

    def caseload(self) -> np.ndarray:
        """Citizens on benefit per post, counted now (`posts.caseload` is the count the
        turnover stage left for the week's meetings)."""
        return caseload(self)

    def most_skill(self) -> float:
        """The largest skill factor of any caseworker hired so far, and at least 1 (a vacancy's
        factor): what the job and education kernels scale their skip bounds by."""
        cws = self.caseworkers
        return max(1.0, float(cws.skill[: cws.n].max(initial=1.0)))

    def caseworker_of(self, i: int) -> int:
        """The caseworker a citizen on benefit has now, or -1 (off benefit or a vacancy)."""
        c = self.citizens
        if c.status[i] != BENEFIT:
            return NOBODY
        return int(self.posts.holder[c.post[i]])

    def citizens_of_post(self, post: int) -> np.ndarray:
        c = self.citizens
        return true_at((c.status == BENEFIT) & (c.post == post))

    # ------------------------------------------------------------------ the week

    def step(self) -> None:
        """One week. At the horizon (`params.run.weeks`) the model stops: `running` turns
        False and further steps change nothing."""
        if self.week >= self.params.run.weeks:
            self.running = False
            return
        self.week += 1
        for mechanism in self.mechanisms:
            mechanism.step(self)
        if self.recorder.detail:
            self.datacollector.collect(self)
        if self.week >= self.params.run.weeks:
            self.running = False

    # ------------------------------------------------------------------ results

    def caseworker_table(self) -> dict[str, np.ndarray]:
        cws = self.caseworkers
        n = cws.n
        load = caseload(self)
        active = cws.ti_left[:n] < 0
        held = cws.caseload_at_end[:n].copy()
        held[active] = load[cws.post[:n][active]]
        return {
            "caseworker_id": np.arange(n, dtype=np.int32),
            "post": cws.post[:n].astype(np.int32),
            "jobcentre": self.posts.jobcentre[cws.post[:n]].astype(np.int32),
            "caseload": held.astype(np.int32),
            "n_citizens_ever": cws.cum_citizens[:n].astype(np.int32),
            "n_to_job": cws.cum_to_job[:n].astype(np.int32),
            "n_to_education": cws.cum_to_education[:n].astype(np.int32),
            "hired_week": cws.ti_hired[:n].astype(np.int32),
            "left_week": cws.ti_left[:n].astype(np.int32),
            "optimism": cws.optimism[:n],
            "skill": cws.skill[:n],
            "experience_years": cws.experience[:n]
            + (np.where(active, self.week, cws.ti_left[:n]) - cws.ti_hired[:n]) / WEEKS_PER_YEAR,
            "style": np.asarray(STYLES, dtype=object)[cws.style[:n]],
        }

    def final_state(self) -> dict[str, np.ndarray]:
        c = self.citizens
        return {
            "status": c.status.copy(),
            "phase": c.phase.copy(),
            "indicators": c.indicators.copy(),
            "indicators_start": c.indicators_start.copy(),
            "n_changes": c.n_changes.copy(),
            "n_starts": c.n_starts.copy(),
            "ever_job": c.ever_job.copy(),
            "ever_education": c.ever_education.copy(),
            "barriers": c.barriers,
        }


def assign_posts(model: FremdriftModel, n_posts_of: np.ndarray) -> None:
    """Deal the citizens of each jobcentre out to its posts, evenly.

    `random`: in a random order. `by_difficulty`: teams by specialism, as jobcentres organise
    them (P7, seed 002): the citizens with most problems and least readiness go to the most
    experienced caseworkers, in blocks, so caseloads differ in who is on them.
    """
    c = model.citizens
    cws = model.caseworkers
    order = model.streams.caseworkers.permutation(c.n)
    if model.params.caseworkers.assignment == "by_difficulty":
        difficulty = c.n_barriers[order] + (3.0 - c.mean_indicator[order])
        order = order[np.argsort(-difficulty, kind="stable")]
    first_post = np.concatenate([[0], np.cumsum(n_posts_of)])
    order = order[c.status[order] == BENEFIT]  # the starting cohort; arrivals come later
    for j, n_posts in enumerate(n_posts_of):
        members = order[c.jobcentre[order] == j]
        posts = np.arange(first_post[j], first_post[j + 1])
        if model.params.caseworkers.assignment == "by_difficulty":
            seasoned = np.argsort(-cws.experience[model.posts.holder[posts]], kind="stable")
            rank = np.arange(members.size) * n_posts // max(members.size, 1)
            c.post[members] = posts[seasoned][rank]
        else:
            c.post[members] = posts[np.arange(members.size) % n_posts]


def _weekly_reporter(column: str):
    """A DataCollector reporter: this week's value of one column of the weekly table."""

    def report(model: FremdriftModel) -> float:
        return float(model.recorder.weekly[column][model.week])

    return report


def _root_seed(
    params: Params,
    seed: int | str | np.random.SeedSequence | None,
    rng: int | np.random.SeedSequence | np.random.Generator | None,
) -> int | np.random.SeedSequence:
    """The root seed from Mesa's `seed` or `rng` (one of them), else the scenario's."""
    if seed is not None and rng is not None:
        raise ValueError("pass either seed or rng, not both")
    chosen = seed if seed is not None else rng
    if chosen is None:
        return params.run.seed
    if isinstance(chosen, str):
        # A seed typed into a UI's text field arrives as text.
        if not chosen.strip().isdigit():
            raise ParamError("seed", chosen, "a whole number from 0 up")
        return int(chosen)
    if isinstance(chosen, np.random.Generator):
        return int(chosen.integers(0, 2**63 - 1))
    return chosen
