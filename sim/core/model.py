"""FremdriftModel: a cohort of vulnerable citizens, their caseworkers and local employers.

One step is one week. The step runs these stages, in this order (a test keeps this list and
`STEP_ORDER` identical):

1. life_events: crises push citizens on benefit one phase back.
2. caseworker_turnover: caseworkers leave (their post falls vacant for a while, with no
   follow-up), vacant posts are filled, caseworkers fall sick, cases are transferred; every
   citizen who meets a new caseworker counts a change.
3. meetings_and_plans: every 13 weeks each caseworker answers "job within the next year?" for
   each citizen; citizens due a meeting meet their caseworker, and the strategy refers them to
   interventions (waiting lists).
4. interventions: running interventions tick down and end; free places are filled from the
   waiting lists, first come first served; a company-oriented place also needs an employer
   with a free placement slot among the caseworker's contacts.
5. employer_matching: employers open vacancies; placements may turn into jobs; citizens who
   are ready for a job look through their caseworker's contacts or find one on their own.
6. phase_transitions: readiness indicators drift with the phase and the interventions; each
   citizen moves at most one phase, forward or back.
7. exits_and_returns: exits to education, flexjob and pension; jobs end and education is
   dropped, returning citizens to benefit.
8. record: weekly counts, and every 13 weeks a wave of the study-shaped panel.

State lives in NumPy arrays, one slot per citizen; the agents in sim.core.agents are views.
"""

from __future__ import annotations

import itertools
import math

import mesa
import numpy as np

from sim.core import hazards
from sim.core.agents import Caseworker, Citizen, Employer
from sim.core.network import ContactNetwork, rank_within
from sim.core.params import Params
from sim.core.population import draw_cohort
from sim.core.recorder import Recorder
from sim.core.states import (
    BENEFIT,
    COMPANY,
    DERAILMENT,
    DOUBTFUL,
    EDUCATION,
    EV_CHANGE,
    EV_END,
    EV_PHASE,
    EV_PLACEMENT,
    EV_START,
    EV_STATUS,
    FLEXJOB,
    GOOD_CHANCE,
    HEALTH,
    HEALTH_BARRIER,
    INTERVENTIONS,
    JOB,
    MENTAL,
    N_INDICATORS,
    N_SECTORS,
    NO_BELIEF,
    PENSION,
    PHASES,
    SOCIAL,
    STANDSTILL,
    STATUSES,
    STYLES,
    UPSKILLING,
    WEEKS_PER_QUARTER,
    WEEKS_PER_YEAR,
)
from sim.core.strategies import BIT, PlanContext, codes, make_strategy, need_codes
from sim.core.streams import Streams

STEP_ORDER: tuple[str, ...] = (
    "life_events",
    "caseworker_turnover",
    "meetings_and_plans",
    "interventions",
    "employer_matching",
    "phase_transitions",
    "exits_and_returns",
    "record",
)

LONG_AGO = -(10**6)

# Which indicators each intervention works on (rows: INTERVENTIONS, columns: INDICATORS:
# job_search, market_knowledge, health_coping, cooperation, determination, self_belief).
TARGETS = np.array(
    [
        [1.0, 1.0, 0.0, 0.0, 0.5, 1.0],  # company: search, knowledge of the market, belief
        [0.0, 1.0, 0.0, 0.0, 0.5, 0.5],  # upskilling
        [0.0, 0.0, 1.0, 0.0, 0.5, 0.0],  # health
        [0.0, 0.0, 0.5, 1.0, 0.5, 0.0],  # social
    ],
    dtype=np.float32,
)


def vacancy_weeks(u: float, q: float) -> int:
    """Weeks a post stays empty: geometric with mean q / (1 - q), from one uniform draw."""
    if q == 0:
        return 0
    return math.floor(math.log(max(u, 1e-300)) / math.log(q))


def true_at(mask: np.ndarray) -> np.ndarray:
    """Indices where a 1-D mask is True: np.flatnonzero without its ravel and wrapper, which
    cost more than the search itself at a few thousand citizens and ~25 calls a week."""
    return mask.nonzero()[0]


def mean_over_rows(a: np.ndarray) -> np.ndarray:
    """`a.mean(axis=0)`, bit for bit, without numpy's Python-level wrapper around it."""
    out = np.add.reduce(a, axis=0)
    return np.true_divide(out, np.intp(a.shape[0]), out=out, casting="unsafe")


class FremdriftModel(mesa.Model):
    """The weekly model; build it from `Params` and a seed, then call `step()` per week."""

    def __init__(
        self,
        params: Params | None = None,
        seed: int | np.random.SeedSequence = 0,
        *,
        detail: bool = True,
    ):
        """`detail=False` skips the event log and the quarterly panel (same numbers, faster)."""
        params = params or Params()
        streams = Streams(seed)
        super().__init__(rng=streams.int_seed("mesa"))
        self.params = params
        self.streams = streams
        self.tables = hazards.Tables.of(params.dynamics)
        self.week = 0
        self.strategy = make_strategy(params.strategy)
        n = params.population.n_citizens
        self.n = n
        self.recorder = Recorder(n, params.run.weeks, detail=detail)
        self._setup_employers()
        self._setup_citizens()
        self._setup_caseworkers()
        self._form_beliefs(true_at(self.has_caseworker()))
        self.n_active = np.zeros(4, dtype=np.int64)
        self._record_panel_wave(0)
        self.record_week()

    # ------------------------------------------------------------------ set-up

    def _setup_employers(self) -> None:
        e = self.params.employers
        rng = self.streams.employers
        m = max(1, round(e.n_per_100_citizens * self.params.population.n_citizens / 100))
        self.n_employers = m
        self.emp_sector = rng.integers(0, N_SECTORS, m).astype(np.int64)
        self.emp_public = rng.random(m) < e.share_public
        a = e.openness_mean * e.openness_concentration
        b = (1 - e.openness_mean) * e.openness_concentration
        self.emp_openness = rng.beta(a, b, m)
        self.emp_slots = rng.poisson(e.slots_mean, m).astype(np.int64)
        self.emp_slots_used = np.zeros(m, dtype=np.int64)
        self.emp_vacancies = np.zeros(m, dtype=np.int64)
        self.emp_mentor = rng.random(m) < e.share_with_mentor
        self.network = ContactNetwork(self.emp_sector, self.emp_openness + 0.05)
        self.employer_agents = [Employer(self, i) for i in range(m)]

    def _setup_citizens(self) -> None:
        n = self.n
        cohort = draw_cohort(self.params.population, self.streams.population)
        self.barriers = cohort.barriers
        self.n_barriers = cohort.barriers.sum(axis=1).astype(np.int8)
        self.needs = need_codes(cohort.barriers)
        # Type-major layouts, (kinds, citizens): per-kind work and "any kind" tests then run
        # over contiguous rows instead of reducing a short inner axis 100,000 times.
        self.indicators = np.ascontiguousarray(cohort.indicators.T)
        self.indicators_start = self.indicators.copy()
        self.phase = cohort.phase
        self.years_prior = cohort.weeks_prior / WEEKS_PER_YEAR
        self.wish = cohort.wish.astype(np.int64)
        self.ids = np.arange(n)  # a citizen's slot staggers their meeting weeks
        self.status = np.zeros(n, dtype=np.int8)
        self.ti_status = np.zeros(n, dtype=np.int32)
        self.belief = np.full(n, NO_BELIEF, dtype=np.int8)
        self.n_changes = np.zeros(n, dtype=np.int16)
        self.ti_change = np.full(n, LONG_AGO, dtype=np.int32)
        self.passive = np.zeros(n, dtype=np.int32)
        self.active_rem = np.zeros((4, n), dtype=np.int16)
        self.waiting_since = np.full((4, n), -1, dtype=np.int32)
        self.done = np.zeros((4, n), dtype=bool)
        self.n_starts = np.zeros(n, dtype=np.int32)
        self.placement_emp = np.full(n, -1, dtype=np.int64)
        self.placement_fit = np.zeros(n, dtype=bool)
        self.after_mult = np.ones(n, dtype=np.float64)
        self.after_until = np.full(n, LONG_AGO, dtype=np.int32)
        self.job_fit = np.zeros(n, dtype=bool)
        self.ever_job = np.zeros(n, dtype=bool)
        self.ever_education = np.zeros(n, dtype=bool)
        self.p_life = hazards.life_event_prob(self.params.dynamics, self.barriers)
        health_problem = self.barriers[:, HEALTH_BARRIER] | self.barriers[:, MENTAL]
        self.flex_base, self.pension_base = hazards.static_exit_rates(
            self.params.dynamics, self.n_barriers, health_problem
        )
        self.mean_ind = self.indicators.mean(axis=0)
        self._citizen_agents: list[Citizen] | None = None
        if self.recorder.detail:
            self._materialise_citizens()
        self.capacity = np.array(
            [
                round(getattr(self.params.interventions, f"capacity_{k}") * n / 100)
                for k in INTERVENTIONS
            ],
            dtype=np.int64,
        )
        self.duration = np.array(
            [getattr(self.params.interventions, f"dur_{k}") for k in INTERVENTIONS], dtype=np.int16
        )
        self.cost = np.array(
            [getattr(self.params.interventions, f"cost_{k}") for k in INTERVENTIONS]
        )

    def _setup_caseworkers(self) -> None:
        cw = self.params.caseworkers
        n_posts = math.ceil(self.n / cw.caseload)
        self.n_posts = n_posts
        self.post_holder = np.full(n_posts, -1, dtype=np.int64)
        self.post_vacant_until = np.zeros(n_posts, dtype=np.int64)
        self.n_cw = 0
        cap = n_posts * 4 + 16
        self.cw_post = np.zeros(cap, dtype=np.int64)
        self.cw_optimism = np.zeros(cap)
        self.cw_style = np.zeros(cap, dtype=np.int64)
        self.cw_hired = np.zeros(cap, dtype=np.int64)
        self.cw_left = np.full(cap, -1, dtype=np.int64)
        self.cw_absent_until = np.zeros(cap, dtype=np.int64)
        self.cw_n_ever = np.zeros(cap, dtype=np.int64)
        self.cw_n_job = np.zeros(cap, dtype=np.int64)
        self.cw_n_edu = np.zeros(cap, dtype=np.int64)
        self.cw_caseload_at_end = np.zeros(cap, dtype=np.int64)
        self.caseworker_agents: dict[int, Caseworker] = {}
        for post in range(n_posts):
            self._hire(post)
        # Citizens are dealt out to posts evenly, in a random order.
        order = self.streams.caseworkers.permutation(self.n)
        self.post = np.empty(self.n, dtype=np.int64)
        self.post[order] = np.arange(self.n) % n_posts
        self.seen_cw = self.post_holder[self.post].copy()
        self.holder = self.seen_cw.copy()
        self.load = self.caseload()
        np.add.at(self.cw_n_ever, self.seen_cw, 1)

    def _grow_caseworker_arrays(self) -> None:
        for name in (
            "cw_post", "cw_optimism", "cw_style", "cw_hired", "cw_left", "cw_absent_until",
            "cw_n_ever", "cw_n_job", "cw_n_edu", "cw_caseload_at_end",
        ):  # fmt: skip
            old = getattr(self, name)
            fill = -1 if name == "cw_left" else 0
            new = np.full(old.size * 2, fill, dtype=old.dtype)
            new[: old.size] = old
            setattr(self, name, new)

    def _hire(self, post: int) -> int:
        """A new caseworker takes `post`, with a fresh outlook, style and employer contacts."""
        p = self.params.caseworkers
        rng = self.streams.caseworkers
        if self.n_cw == self.cw_post.size:
            self._grow_caseworker_arrays()
        c = self.n_cw
        self.n_cw += 1
        optimism = p.optimism_mean + p.optimism_sd * rng.standard_normal()
        self.cw_post[c] = post
        self.cw_optimism[c] = optimism
        # Optimists lean to the firm, company-first view of the task (seed 002).
        weights = (1.0 + max(optimism, 0.0), 1.0, 1.0 + max(-optimism, 0.0), 1.0)
        u = rng.random() * sum(weights)
        self.cw_style[c] = next(
            (s for s, edge in enumerate(itertools.accumulate(weights)) if u < edge), len(STYLES) - 1
        )
        self.cw_hired[c] = self.week
        self.post_holder[post] = c
        self.network.add_caseworker(c, int(rng.poisson(p.n_contacts_mean)), self.streams.network)
        self.caseworker_agents[c] = Caseworker(self, c)
        return c

    # ------------------------------------------------------------------ agents

    def _materialise_citizens(self) -> list[Citizen]:
        if self._citizen_agents is None:
            self._citizen_agents = [Citizen(self, i) for i in range(self.n)]
        return self._citizen_agents

    @property
    def citizen_agents(self) -> list[Citizen]:
        """The Citizen agents, by citizen_id.

        A model built with `detail=False` (sweeps) creates them on first use: a batch run
        that only reads the arrays does not pay for thousands of Python objects, and anyone
        who asks still gets real, registered Mesa agents.
        """
        return self._materialise_citizens()

    @property
    def agents(self):
        self._materialise_citizens()
        return super().agents

    @property
    def agents_by_type(self):
        self._materialise_citizens()
        return super().agents_by_type

    # ------------------------------------------------------------------ queries

    def on_benefit(self) -> np.ndarray:
        return self.status == BENEFIT

    def caseworker_of(self, i: int) -> int:
        """The caseworker a citizen on benefit has now, or -1 (off benefit or a vacancy)."""
        if self.status[i] != BENEFIT:
            return -1
        return int(self.post_holder[self.post[i]])

    def active_matrix(self) -> np.ndarray:
        """bool (4, n): which interventions each citizen is in this week."""
        return self.active_rem > 0

    def has_caseworker(self) -> np.ndarray:
        return self.on_benefit() & (self.holder >= 0)

    def caseload(self) -> np.ndarray:
        """Citizens on benefit per post."""
        return np.bincount(self.post[self.on_benefit()], minlength=self.n_posts)

    def _on_posts(self, posts: np.ndarray) -> np.ndarray:
        """bool (n,): citizens attached to any of `posts`."""
        mask = np.zeros(self.n_posts, dtype=bool)
        mask[posts] = True
        return mask[self.post]

    def citizens_of_post(self, post: int) -> np.ndarray:
        return true_at(self.on_benefit() & (self.post == post))

    # ------------------------------------------------------------------ the week

    def step(self) -> None:
        self.week += 1
        for stage in STEP_ORDER:
            getattr(self, stage)()

    def life_events(self) -> None:
        u = self.streams.life.random(self.n, dtype=np.float32)
        hit = self.on_benefit() & (u < self.p_life)
        self.recorder.flow("new_life_events", hit.sum())
        worse = true_at(hit & (self.phase < DERAILMENT))
        self.phase[worse] += 1
        self.recorder.event(self.week, worse, EV_PHASE, self.phase[worse])

    def caseworker_turnover(self) -> None:
        p = self.params.caseworkers
        t = self.week
        rng = self.streams.turnover
        u_leave, u_vac, u_sick = rng.random((3, self.n_posts))
        holders = self.post_holder
        # Citizens on benefit per post: hiring and leaving do not change it, only the case
        # transfers at the end of this stage do.
        load = self.caseload()
        leaving = true_at((holders >= 0) & (u_leave < p.p_leave))
        if leaving.size:
            q = p.dur_vacancy_mean / (1.0 + p.dur_vacancy_mean)
            for post in leaving:
                c = holders[post]
                self.cw_left[c] = t
                self.cw_caseload_at_end[c] = load[post]
                self.network.remove_caseworker(c)
                self.caseworker_agents.pop(c).remove()
                holders[post] = -1
                self.post_vacant_until[post] = t + vacancy_weeks(u_vac[post], q)
            orphaned = self._on_posts(leaving) & self.on_benefit()
            self.belief[orphaned] = NO_BELIEF
        filled = true_at((holders < 0) & (self.post_vacant_until <= t))
        for post in filled:
            self._hire(post)
        present = holders >= 0
        sick = present & (u_sick < p.p_sick_leave)
        sick &= self.cw_absent_until[np.maximum(holders, 0)] <= t
        self.cw_absent_until[holders[sick]] = t + p.dur_sick_leave
        self._grow_contacts()
        moved = self._transfer_cases(load)
        # Posts and holders change only in this stage, so one gather serves the whole week.
        self.holder = self.post_holder[self.post]
        self.load = self.caseload() if moved else load
        if filled.size:
            self._meet_current_caseworker(true_at(self._on_posts(filled)))

    def _grow_contacts(self) -> None:
        p = self.params.caseworkers
        rng = self.streams.network
        u, pick = rng.random((2, self.n_posts))
        growing = true_at((self.post_holder >= 0) & (u < p.p_new_contact))
        # New contacts favour open employers, like the contacts a caseworker starts with.
        emps = np.searchsorted(self.network.cum_weight, pick[growing], side="right")
        for post, e in zip(growing, np.minimum(emps, self.n_employers - 1), strict=True):
            self.network.add_contact(int(self.post_holder[post]), int(e))

    def _transfer_cases(self, load: np.ndarray) -> bool:
        """Reorganisation moves some citizens to a post with room under the cap (`load` is
        the caseload per post before). Returns whether anyone moved."""
        p = self.params.caseworkers
        u = self.streams.transfer.random(self.n, dtype=np.float32)
        movers = true_at(self.on_benefit() & (u < p.p_case_transfer))
        u_to = self.streams.transfer.random(movers.size)
        if not movers.size:
            return False
        room = true_at((load < p.caseload_cap) & (self.post_holder >= 0))
        if not room.size:
            return False
        target = room[np.minimum((u_to * room.size).astype(np.int64), room.size - 1)]
        moved = target != self.post[movers]
        self.post[movers[moved]] = target[moved]
        self._meet_current_caseworker(movers[moved])
        return bool(moved.any())

    def _meet_current_caseworker(self, idx: np.ndarray) -> None:
        """Citizens on benefit whose post holder differs from the caseworker they last had."""
        idx = idx[self.status[idx] == BENEFIT]
        holder = self.post_holder[self.post[idx]]
        new = idx[(holder >= 0) & (holder != self.seen_cw[idx])]
        if not new.size:
            return
        cw = self.post_holder[self.post[new]]
        had = self.seen_cw[new] >= 0
        self.n_changes[new] += had.astype(np.int16)
        self.ti_change[new] = self.week
        self.seen_cw[new] = cw
        np.add.at(self.cw_n_ever, cw, 1)
        self.recorder.flow("new_caseworker_changes", had.sum())
        self.recorder.event(self.week, new, EV_CHANGE, cw)
        # A new caseworker forms a view at once, and may drop plans the last one made.
        self._form_beliefs(new)
        u = self.streams.waiting.random(new.size)
        lose = u < self.params.interventions.p_lose_waiting_on_change
        self.waiting_since[:, new[lose]] = -1

    def _form_beliefs(self, idx: np.ndarray) -> None:
        """The caseworker answers "job within the next year?" for the citizens `idx`."""
        noise = self.streams.belief.standard_normal(idx.size, dtype=np.float32)
        cw = self.post_holder[self.post[idx]]
        latent = hazards.belief_latent(
            self.params.caseworkers,
            self.cw_optimism[cw],
            self.mean_ind[idx],
            self.phase[idx],
            self.n_barriers[idx],
            noise,
        )
        answer = hazards.belief_answer(self.params.caseworkers, latent)
        forced = self.params.caseworkers.belief_forced
        if forced != "none":
            # The noise above is still drawn, so both arms of the experiment share all luck.
            answer[:] = GOOD_CHANCE if forced == "believe" else DOUBTFUL
        self.belief[idx] = answer

    def meetings_and_plans(self) -> None:
        t = self.week
        p = self.params.caseworkers
        with_cw = self.has_caseworker()
        if t % WEEKS_PER_QUARTER == 0:
            self._form_beliefs(true_at(with_cw))
        holder = self.holder
        present = with_cw & (self.cw_absent_until[np.maximum(holder, 0)] <= t)
        load = self.load
        interval = np.ceil(
            p.dur_meeting_interval * np.maximum(1.0, load / p.caseload_recommended)
        ).astype(np.int64)
        due = present & ((t + self.ids) % interval[self.post] == 0)
        u_refer, u_type = self.streams.refer.random((2, self.n), dtype=np.float32)
        idx = true_at(due)
        if not idx.size:
            return
        cw = holder[idx]
        ctx = PlanContext(
            active=codes(self.active_rem[:, idx] > 0),
            waiting=codes(self.waiting_since[:, idx] >= 0),
            done=codes(self.done[:, idx]),
            needs=self.needs[idx],
            optimism=self.cw_optimism[cw],
            style=self.cw_style[cw],
            u_refer=u_refer[idx],
            u_type=u_type[idx],
            mean_indicator=self.mean_ind[idx],
            phase=self.phase[idx],
        )
        want = self.strategy.plan(ctx)
        for k in range(4):
            self.waiting_since[k, idx[(want & BIT[k]) != 0]] = t

    def interventions(self) -> None:
        rem = self.active_rem
        ending = rem == 1
        np.subtract(rem, rem > 0, out=rem)  # one week less where running (a masked ufunc is slow)
        if ending.any():
            cols, rows = np.nonzero(ending)
            self._end_interventions(rows, cols)
        # Free places and waiting lists of all four kinds in one pass; most weeks most kinds
        # have either no free place or nobody waiting, and are skipped.
        free = self.capacity - np.count_nonzero(rem, axis=1)
        waiting = self.waiting_since >= 0
        n_waiting = np.count_nonzero(waiting, axis=1)
        for k in true_at((free > 0) & (n_waiting > 0)):
            self._start_from_waiting_list(int(k), int(free[k]), true_at(waiting[k]))
        active = self.active_matrix()
        busy = active[0] | active[1] | active[2] | active[3]
        self.passive += 1
        self.passive[busy | (self.status != BENEFIT)] = 0
        self.n_active = np.count_nonzero(active, axis=1)  # also read by record_week
        self.recorder.flow("cost", float(self.n_active @ self.cost))

    def _end_interventions(self, rows: np.ndarray, cols: np.ndarray, *, completed=True) -> None:
        d = self.params.dynamics
        t = self.week
        self.active_rem[cols, rows] = 0
        self.recorder.event(t, rows, EV_END, cols)
        company = cols == COMPANY
        placed = rows[company]
        emp = self.placement_emp[placed]
        if completed:
            self.done[cols, rows] = True
            # After-effects of P21: a private placement helps most, then public, then other.
            mult = np.full(rows.size, d.rel_job_after_other)
            public = self.emp_public[np.maximum(emp, 0)]
            mult[company] = np.where(public, d.rel_job_after_public, d.rel_job_after_private)
            still = self.after_until[rows] > t
            current = np.where(still, self.after_mult[rows], 1.0)
            self.after_mult[rows] = np.maximum(current, mult)
            self.after_until[rows] = t + d.dur_after_effect
        has_emp = emp >= 0
        np.subtract.at(self.emp_slots_used, emp[has_emp], 1)
        self.placement_emp[placed] = -1

    def _start_from_waiting_list(self, k: int, free: int, waiting: np.ndarray) -> None:
        """Fill `free` places of kind k from `waiting`, the citizens on its list."""
        t = self.week
        if k != COMPANY and waiting.size <= free:
            queue = waiting  # everyone waiting starts: order does not matter
        else:
            queue = waiting[np.argsort(self.waiting_since[k, waiting], kind="stable")]
        queue = self._find_placements(queue, free) if k == COMPANY else queue[:free]
        if not queue.size:
            return
        self.waiting_since[k, queue] = -1
        self.active_rem[k, queue] = self.duration[k]
        self.n_starts[queue] += 1
        self.recorder.flow("new_intervention_starts", queue.size)
        self.recorder.event(t, queue, EV_START, k)

    def _find_placements(self, queue: np.ndarray, free: int) -> np.ndarray:
        """Who in the queue gets a placement this week, through the caseworker's contacts.

        The caseworkers work down the queue in order, and stop once the free places are
        taken. So the queue is tried in blocks, first come first served, until `free`
        placements are made or the queue is exhausted: a long waiting list does not cost
        draws for people who are never reached this week.
        """
        e = self.params.employers
        start, size = 0, 8 * free + 32
        if queue.size > size:
            # A long queue: keep only citizens whose caseworker knows an employer with a free
            # slot; nobody else can be placed, so trying them would only spend draws.
            open_contacts = self.network.contacts_where(self.emp_slots > self.emp_slots_used)
            holder = self.holder[queue]
            queue = queue[(holder >= 0) & (open_contacts[np.maximum(holder, 0)] > 0)]
        placed_parts, chosen_parts = [], []
        while free > 0 and start < queue.size:
            block = queue[start : start + size]
            start += block.size
            size *= 2  # seldom needed twice; doubling bounds the work on a long queue
            # Drawn for the block only: a place depends on queue position, which differs
            # between strategies anyway, so full-length vectors would buy no common luck.
            u_seek, u_pick, u_accept = self.streams.placement.random((3, block.size))
            emp = self.network.pick(
                self.holder[block], self.wish[block], u_seek, u_pick, e.p_seek_fit
            )
            ok = emp >= 0
            ok[ok] &= u_accept[ok] < self.emp_openness[emp[ok]]
            cand = true_at(ok)
            room = self.emp_slots - self.emp_slots_used
            cand = cand[rank_within(emp[cand]) < room[emp[cand]]][:free]
            if cand.size:
                placed, chosen = block[cand], emp[cand]
                np.add.at(self.emp_slots_used, chosen, 1)
                placed_parts.append(placed)
                chosen_parts.append(chosen)
                free -= cand.size
        if not placed_parts:
            return queue[:0]
        placed = np.concatenate(placed_parts)
        chosen = np.concatenate(chosen_parts)
        self.placement_emp[placed] = chosen
        self.placement_fit[placed] = self.emp_sector[chosen] == self.wish[placed]
        self.recorder.flow("new_placements", placed.size)
        self.recorder.event(self.week, placed, EV_PLACEMENT, chosen)
        return placed

    def employer_matching(self) -> None:
        e = self.params.employers
        d = self.params.dynamics
        t = self.week
        u_new, u_gone = self.streams.employers.random((2, self.n_employers))
        self.emp_vacancies += u_new < e.p_vacancy
        self.emp_vacancies -= (self.emp_vacancies > 0) & (u_gone < e.p_vacancy_filled_elsewhere)

        # Whether a citizen is ready, and whether they find a job on their own, use full
        # vectors (common random numbers); the details of the search are drawn for the few.
        u_ready, u_open = self.streams.job.random((2, self.n), dtype=np.float32)
        benefit = self.on_benefit()
        # Placements that turn into jobs.
        in_place = benefit & (self.placement_emp >= 0)
        p_hire = d.p_hire_from_placement * self.emp_openness[np.maximum(self.placement_emp, 0)]
        hired = true_at(in_place & (u_ready < p_hire))
        hired_fit = self.placement_fit[hired]
        # Citizens ready for a job look through the caseworker's contacts, then on their own.
        active = self.active_matrix()
        lockin = active[UPSKILLING] | active[HEALTH] | active[SOCIAL]
        after = np.where(self.after_until > t, self.after_mult, 1.0).astype(np.float32)
        rate = hazards.job_rate(
            d,
            phase=self.phase,
            mean_indicator=self.mean_ind,
            belief=self.belief,
            n_changes=self.n_changes,
            years_prior=self.years_prior,
            lockin=lockin,
            after_mult=after,
            tables=self.tables,
        )
        ready = true_at(benefit & ~in_place & (u_ready < hazards.rate_to_prob(rate)))
        u_seek, u_pick, u_accept = self.streams.job.random((3, ready.size))
        emp = self.network.pick(self.holder[ready], self.wish[ready], u_seek, u_pick, e.p_seek_fit)
        ok = emp >= 0
        ok[ok] &= u_accept[ok] < self.emp_openness[emp[ok]]
        cand = true_at(ok)
        rank = rank_within(emp[cand])
        cand = cand[rank < self.emp_vacancies[emp[cand]]]
        via_network = np.zeros(ready.size, dtype=bool)
        via_network[cand] = True
        np.subtract.at(self.emp_vacancies, emp[cand], 1)
        # A job found on one's own is taken to fit the citizen's wish: they chose it.
        own = ~via_network & (u_open[ready] < e.p_open_market)
        fit = np.where(via_network, self.emp_sector[np.maximum(emp, 0)] == self.wish[ready], True)
        new_job = np.concatenate([hired, ready[via_network | own]])
        new_fit = np.concatenate([hired_fit, fit[via_network | own]])
        self._leave_benefit(new_job, JOB)
        self.job_fit[new_job] = new_fit

    def _leave_benefit(self, idx: np.ndarray, status: int) -> None:
        if not idx.size:
            return
        t = self.week
        self.status[idx] = status
        self.ti_status[idx] = t
        self.recorder.event(t, idx, EV_STATUS, status)
        self.recorder.flow(f"new_{STATUSES[status]}", idx.size)
        cols, rows = np.nonzero(self.active_rem[:, idx] > 0)
        if rows.size:
            self._end_interventions(idx[rows], cols, completed=False)
        self.waiting_since[:, idx] = -1
        self.belief[idx] = NO_BELIEF
        last = self.seen_cw[idx]
        if status == JOB:
            self.ever_job[idx] = True
            np.add.at(self.cw_n_job, last[last >= 0], 1)
        elif status == EDUCATION:
            self.ever_education[idx] = True
            np.add.at(self.cw_n_edu, last[last >= 0], 1)

    def phase_transitions(self) -> None:
        d = self.params.dynamics
        t = self.week
        benefit = self.on_benefit()
        active = self.active_matrix()
        # Indicators drift with the phase and grow with the interventions that target them.
        self.indicators += self.tables.drift_by_phase[self.phase] * benefit
        busy = true_at(active[0] | active[1] | active[2] | active[3])
        if busy.size:
            act = active[:, busy].astype(np.float32)
            # Support without company-oriented work gives only part of its gain (P12).
            support_weight = np.where(act[COMPANY] > 0, 1.0, d.rel_gain_without_company)
            act[1:] *= support_weight.astype(np.float32)
            self.indicators[:, busy] += (TARGETS.T @ act) * np.float32(d.indicator_gain)
        np.maximum(self.indicators, 1.0, out=self.indicators)  # np.clip, without its overhead
        np.minimum(self.indicators, 5.0, out=self.indicators)
        self.mean_ind = mean_over_rows(self.indicators)

        mentor = self.emp_mentor[np.maximum(self.placement_emp, 0)]
        placed = self.placement_emp >= 0
        push = hazards.phase_push(
            d,
            phase=self.phase,
            active=active,
            belief=self.belief,
            weeks_since_change=t - self.ti_change,
            has_caseworker=self.holder >= 0,
            passive_weeks=self.passive,
            placement_fit=placed & self.placement_fit,
            placement_misfit=(placed & ~self.placement_fit) * np.where(mentor, 0.5, 1.0),
            mean_indicator=self.mean_ind,
            tables=self.tables,
        )
        fwd, back = hazards.phase_move_probs(d, push, self.phase)
        u = self.streams.phase.random(self.n, dtype=np.float32)
        forward = true_at(benefit & (u < fwd))
        backward = true_at(benefit & (u >= fwd) & (u < fwd + back))
        self.phase[forward] -= 1
        self.phase[backward] += 1
        moved = np.concatenate([forward, backward])
        self.recorder.event(t, moved, EV_PHASE, self.phase[moved])

    def exits_and_returns(self) -> None:
        d = self.params.dynamics
        t = self.week
        u_exit = self.streams.exit.random(self.n, dtype=np.float32)
        u_ret = self.streams.returns.random(self.n, dtype=np.float32)
        # Returns first, for citizens who were off benefit before this week.
        settled = self.ti_status < t
        in_job = true_at((self.status == JOB) & settled)
        job_end = hazards.job_end_prob(d, t - self.ti_status[in_job], self.job_fit[in_job])
        back_from_job = in_job[u_ret[in_job] < job_end]
        dropout = (self.status == EDUCATION) & settled & (u_ret < d.p_education_dropout)
        back = np.sort(np.concatenate([back_from_job, true_at(dropout)]))
        # Exits for citizens on benefit (not those who returned this very week).
        benefit = self.on_benefit()
        edu, flex, pension = hazards.exit_rates(
            d,
            phase=self.phase,
            belief=self.belief,
            upskilled=self.done[UPSKILLING] | (self.active_rem[UPSKILLING] > 0),
            flex_base=self.flex_base,
            pension_base=self.pension_base,
            tables=self.tables,
        )
        total = edu + flex + pension
        p_any = hazards.rate_to_prob(total)
        leaving = true_at(benefit & (u_exit < p_any))
        if leaving.size:
            # Which exit: the draw's position within p_any, split in proportion to the hazards.
            share = u_exit[leaving] / p_any[leaving] * total[leaving]
            e, f = edu[leaving], flex[leaving]
            self._leave_benefit(leaving[share < e], EDUCATION)
            self._leave_benefit(leaving[(share >= e) & (share < e + f)], FLEXJOB)
            self._leave_benefit(leaving[share >= e + f], PENSION)
        if back.size:
            self.status[back] = BENEFIT
            self.ti_status[back] = t
            self.phase[back] = STANDSTILL
            self.passive[back] = 0
            self.recorder.flow("new_return", back.size)
            self.recorder.event(t, back, EV_STATUS, BENEFIT)
            self.recorder.event(t, back, EV_PHASE, STANDSTILL)
            self._meet_current_caseworker(back)
            still = back[self.belief[back] == NO_BELIEF]
            self._form_beliefs(still[self.post_holder[self.post[still]] >= 0])

    def record(self) -> None:
        if self.week % WEEKS_PER_QUARTER == 0:
            self._record_panel_wave(self.week // WEEKS_PER_QUARTER)
        self.record_week()

    def record_week(self) -> None:
        benefit = self.on_benefit()
        counts: dict[str, float] = {}
        by_status = np.bincount(self.status, minlength=len(STATUSES))
        for code, name in enumerate(STATUSES):
            counts[f"n_{name}"] = by_status[code]
        n_benefit = by_status[BENEFIT]
        # Phase codes 0-3 on benefit, shifted to 4-7 off benefit, so one bincount counts both.
        by_phase = np.bincount(self.phase + 4 * ~benefit, minlength=8)
        for code, name in enumerate(PHASES):
            counts[f"n_{name}"] = by_phase[code]
        for k, name in enumerate(INTERVENTIONS):
            counts[f"n_active_{name}"] = self.n_active[k]
        w = self.waiting_since >= 0
        counts["n_waiting"] = np.count_nonzero(w[0] | w[1] | w[2] | w[3])
        counts["n_without_caseworker"] = np.count_nonzero(benefit & (self.holder < 0))
        counts["n_caseworkers"] = (self.post_holder >= 0).sum()
        counts["mean_indicator"] = (
            float(self.mean_ind @ benefit) / n_benefit if n_benefit else float("nan")
        )
        self.recorder.close_week(self.week, counts)

    def _record_panel_wave(self, wave: int) -> None:
        if not self.recorder.detail:
            return
        p = self.recorder.panel
        noise = self.streams.measure.standard_normal((self.n, N_INDICATORS))
        sd = self.params.dynamics.indicator_noise_sd
        measured = np.clip(np.rint(self.indicators.T + sd * noise), 1, 5)
        benefit = self.on_benefit()
        p["status"][wave] = self.status
        p["phase"][wave] = self.phase
        p["indicators"][wave] = measured
        p["belief"][wave] = np.where(benefit, self.belief, NO_BELIEF)
        p["caseworker_id"][wave] = np.where(benefit, self.holder, -1)
        p["n_caseworker_changes"][wave] = self.n_changes
        p["active"][wave] = (self.active_rem > 0).T

    # ------------------------------------------------------------------ results

    def caseworker_table(self) -> dict[str, np.ndarray]:
        c = self.n_cw
        load = self.caseload()
        active = self.cw_left[:c] < 0
        caseload = self.cw_caseload_at_end[:c].copy()
        caseload[active] = load[self.cw_post[:c][active]]
        return {
            "caseworker_id": np.arange(c, dtype=np.int32),
            "post": self.cw_post[:c].astype(np.int32),
            "caseload": caseload.astype(np.int32),
            "n_citizens_ever": self.cw_n_ever[:c].astype(np.int32),
            "n_to_job": self.cw_n_job[:c].astype(np.int32),
            "n_to_education": self.cw_n_edu[:c].astype(np.int32),
            "hired_week": self.cw_hired[:c].astype(np.int32),
            "left_week": self.cw_left[:c].astype(np.int32),
            "optimism": self.cw_optimism[:c],
            "style": np.asarray(STYLES, dtype=object)[self.cw_style[:c]],
        }

    def final_state(self) -> dict[str, np.ndarray]:
        return {
            "status": self.status.copy(),
            "phase": self.phase.copy(),
            "indicators": self.indicators.T.copy(),
            "indicators_start": self.indicators_start.T.copy(),
            "n_changes": self.n_changes.copy(),
            "n_starts": self.n_starts.copy(),
            "ever_job": self.ever_job.copy(),
            "ever_education": self.ever_education.copy(),
            "barriers": self.barriers,
        }
