"""The same rules as sim.core, written the way a Mesa user would: each agent steps itself.

This is the yardstick for speed (benchmarks/speed.py) and an independent check of the
vectorised model (tests/core/test_reference_agreement.py): the two must agree in distribution.
It shares only the parameter definitions and the week-0 cohort draw with sim.core; every weekly
rule is written again here, per citizen, in plain Python with the model's own `random`.

Deliberately plain: no NumPy in the step, one Python object per citizen, loops everywhere.
"""

from __future__ import annotations

import math

import mesa
import networkx as nx
import numpy as np

from sim.core.params import Params
from sim.core.population import draw_arrivals, draw_cohort
from sim.core.states import (
    BARRIERS,
    BENEFIT,
    DERAILMENT,
    DOUBTFUL,
    EDUCATION,
    FIRM,
    FLEXJOB,
    GOOD_CHANCE,
    HEALTH_BARRIER,
    INDICATORS,
    JOB,
    MENTAL,
    N_INDICATORS,
    N_SECTORS,
    NO_BELIEF,
    NOT_ARRIVED,
    PATIENT,
    PENSION,
    PRIVATE_LIFE,
    PROGRESS,
    SELF_BELIEF,
    SOCIAL_BARRIER,
    STANDSTILL,
    STEPWISE,
    SUBSTANCE,
    YES,
)
from sim.core.streams import Streams


class RefKinds:
    """The run's intervention kinds as plain lists, read from the same records as sim.core."""

    def __init__(self, params: Params) -> None:
        kinds = params.interventions.kinds
        self.all = list(range(len(kinds)))
        self.company = next(k for k, kind in enumerate(kinds) if kind.company)
        self.support = [k for k in self.all if k != self.company]
        self.resource = next((k for k in self.all if kinds[k].resource), -1)
        steps = [k for k in self.support if k != self.resource]
        self.staircase = sorted(steps, key=lambda k: kinds[k].staircase_step)
        self.social_first = sorted(self.staircase, key=lambda k: "social" not in kinds[k].needed_by)
        self.lockin = [k for k in self.all if kinds[k].lockin]
        self.education = [k for k in self.all if kinds[k].education]
        # Health and social support: what phase-sensitive practice offers in derailment.
        self.care = [k for k in self.support if k not in self.education]
        self.push = [kind.push for kind in kinds]
        self.duration = [kind.dur for kind in kinds]
        self.gains = [[dict(kind.gains).get(name, 0.0) for name in INDICATORS] for kind in kinds]
        self.needed_by = [[BARRIERS.index(b) for b in kind.needed_by] for kind in kinds]
        self.capacity = [kind.capacity for kind in kinds]


def caseload_ratio(p, load: float) -> float:
    return max(load / p.caseload_reference, 0.1)


def prob(rate: float) -> float:
    return 1.0 - math.exp(-max(rate, 0.0))


def rate(p: float) -> float:
    return -math.log(1.0 - min(p, 1.0 - 1e-12))


class RefEmployer(mesa.Agent):
    def __init__(self, model, sector, public, openness, slots, mentor):
        super().__init__(model)
        self.sector = sector
        self.public = public
        self.openness = openness
        self.slots = slots
        self.used = 0
        self.vacancies = 0
        self.mentor = mentor

    def step(self):
        e = self.model.params.employers
        if self.random.random() < e.p_vacancy:
            self.vacancies += 1
        if self.vacancies > 0 and self.random.random() < e.p_vacancy_filled_elsewhere:
            self.vacancies -= 1


class RefCaseworker(mesa.Agent):
    def __init__(self, model, post):
        super().__init__(model)
        p = model.params.caseworkers
        self.post = post
        self.optimism = p.optimism_mean + p.optimism_sd * self.random.gauss(0.0, 1.0)
        w = [1.0 + max(self.optimism, 0.0), 1.0, 1.0 + max(-self.optimism, 0.0), 1.0]
        self.style = self.random.choices(range(4), weights=w)[0]
        mean_years = p.experience_mean_years if model.week == 0 else p.experience_new_hire_years
        self.experience = self.random.expovariate(1.0) * mean_years
        # Skill (P7): lognormal with mean 1; no draw without a spread, so default runs of the
        # reference are as before.
        sd = p.skill_sd
        self.skill = math.exp(sd * self.random.gauss(0.0, 1.0) - 0.5 * sd * sd) if sd else 1.0
        self.hired = model.week
        self.absent_until = 0
        self.n_to_job = 0
        self.jobcentre = model.post_jobcentre[post]
        model.graph.add_node(self)
        area = model.area[self.jobcentre]
        k = min(model.np_rng.poisson(p.n_contacts_mean), len(area))
        chosen = set()
        while len(chosen) < k:  # weighted sampling without replacement, one at a time
            chosen.add(self.random.choices(area, weights=model.area_weights[self.jobcentre])[0])
        for e in sorted(chosen, key=lambda a: a.unique_id):  # a set's order is not reproducible
            model.graph.add_edge(self, e)

    def years(self):
        return self.experience + (self.model.week - self.hired) / 52

    def contacts(self):
        return list(self.model.graph.neighbors(self))

    def pick_employer(self, wish):
        """A contact in the wished sector with chance p_seek_fit (if any), else any contact."""
        contacts = self.contacts()
        if not contacts:
            return None
        fitting = [e for e in contacts if e.sector == wish]
        if fitting and self.random.random() < self.model.params.employers.p_seek_fit:
            return self.random.choice(fitting)
        return self.random.choice(contacts)


class RefCitizen(mesa.Agent):
    def __init__(self, model, i, cohort, row=None):
        """Citizen `i`, drawn as row `row` of `cohort` (row i unless given: newcomers)."""
        super().__init__(model)
        self.i = i
        r = i if row is None else row
        self.barriers = [bool(b) for b in cohort.barriers[r]]
        self.n_barriers = sum(self.barriers)
        self.indicators = [float(x) for x in cohort.indicators[r]]
        self.start_mean = sum(self.indicators) / N_INDICATORS
        self.phase = int(cohort.phase[r])
        self.years_prior = float(cohort.weeks_prior[r]) / 52
        self.week_joined = 0  # a newcomer's arrival week, set when they arrive
        self.wish = int(cohort.wish[r])
        self.jobcentre = int(cohort.jobcentre[r])
        self.status = BENEFIT
        self.ti_status = 0
        self.post = None
        self.seen = None
        self.belief = NO_BELIEF
        self.n_changes = 0
        self.ti_change = -(10**6)
        self.passive = 0
        n_kinds = len(model.kinds.all)
        self.remaining = [0] * n_kinds
        self.waiting = [-1] * n_kinds
        self.done = [False] * n_kinds
        self.n_starts = 0
        self.placement = None
        self.placement_fit = False
        self.after_mult = 1.0
        self.after_until = -(10**6)
        self.job_fit = False
        self.ever_job = False

    # -- helpers -------------------------------------------------------------------------

    def years_on_benefit(self, week):
        """Years on benefit before joining the group plus the weeks since (week 0, or a
        newcomer's arrival), as sim.core.hazards.years_on_benefit."""
        return self.years_prior + (week - self.week_joined) / 52

    @property
    def mean_ind(self):
        return sum(self.indicators) / N_INDICATORS

    @property
    def caseworker(self):
        if self.status != BENEFIT or self.post is None:
            return None
        return self.model.holders[self.post]

    def needs(self):
        b = self.barriers
        return [any(b[j] for j in barriers) for barriers in self.model.kinds.needed_by]

    def form_belief(self):
        cw = self.caseworker
        p = self.model.params.caseworkers
        noise = p.belief_noise_sd * caseload_ratio(p, self.model.loads[self.post]) ** (
            p.caseload_noise_elasticity
        )
        if self.model.week - self.ti_change < 13:  # new to the citizen
            noise *= 1.0 + (p.rel_belief_noise_new - 1.0) * (1.0 - p.handover_quality)
        noise *= 1.0 + (p.rel_noise_novice - 1.0) * 0.5 ** (cw.years() / 2.0)
        latent = (
            cw.optimism
            + p.belief_weight_readiness * (self.mean_ind - 3.0)
            - p.belief_weight_phase * (self.phase - 1.0)
            - p.belief_weight_barriers * self.n_barriers
            + noise * self.random.gauss(0.0, 1.0)
        )
        cuts = [
            p.belief_cut_yes,
            p.belief_cut_good_chance,
            p.belief_cut_maybe,
            p.belief_cut_doubtful,
        ]
        self.belief = sum(1 for c in cuts if latent < c)
        if p.belief_forced != "none":
            self.belief = GOOD_CHANCE if p.belief_forced == "believe" else DOUBTFUL

    def meet_current_caseworker(self):
        cw = self.caseworker
        if cw is None or cw is self.seen:
            return
        keep = self.model.params.caseworkers.handover_quality
        if self.seen is not None:
            self.n_changes += 1
            loss = self.model.params.dynamics.self_belief_loss_change * (1.0 - keep)
            self.indicators[SELF_BELIEF] = max(1.0, self.indicators[SELF_BELIEF] - loss)
        self.ti_change = self.model.week
        self.seen = cw
        self.form_belief()
        p_lose = self.model.params.interventions.p_lose_waiting_on_change * (1.0 - keep)
        for k in self.model.kinds.all:
            if self.waiting[k] >= 0 and self.random.random() < p_lose:
                self.waiting[k] = -1

    def leave_benefit(self, status):
        self.status = status
        self.ti_status = self.model.week
        for k in self.model.kinds.all:
            if self.remaining[k] > 0:
                self.end_intervention(k, completed=False)
            self.waiting[k] = -1
        self.belief = NO_BELIEF
        if status == JOB:
            self.ever_job = True
            if self.seen is not None:
                self.seen.n_to_job += 1

    def end_intervention(self, k, completed=True):
        d = self.model.params.dynamics
        self.remaining[k] = 0
        if completed:
            self.done[k] = True
            if k == self.model.kinds.company:
                mult = d.rel_job_after_public if self.placement.public else d.rel_job_after_private
            else:
                mult = d.rel_job_after_other
            current = self.after_mult if self.after_until > self.model.week else 1.0
            self.after_mult = max(current, mult)
            self.after_until = self.model.week + d.dur_after_effect
        if k == self.model.kinds.company and self.placement is not None:
            self.placement.used -= 1
            self.placement = None

    # -- the weekly stages, per citizen ---------------------------------------------------

    def life_event(self):
        d = self.model.params.dynamics
        n_risk = self.barriers[MENTAL] + self.barriers[SUBSTANCE] + self.barriers[SOCIAL_BARRIER]
        if self.random.random() < prob(rate(d.p_life_event) * d.rel_life_event_barrier**n_risk):
            self.phase = min(self.phase + 1, DERAILMENT)
            sb = self.indicators[SELF_BELIEF] - d.self_belief_loss_crisis
            self.indicators[SELF_BELIEF] = max(1.0, sb)

    def maybe_transfer(self, loads):
        p = self.model.params.caseworkers
        if self.random.random() >= p.p_case_transfer:
            return
        keeps = p.continuity_rule == "standstill" or (
            self.model.params.strategy.phase_sensitive_practice
        )
        if keeps and self.phase == STANDSTILL:
            return
        room = [
            q
            for q, h in enumerate(self.model.holders)
            if h is not None
            and loads[q] < p.caseload_cap
            and self.model.post_jobcentre[q] == self.jobcentre
        ]
        if room:
            target = self.random.choice(room)
            if target != self.post:
                self.post = target
                self.meet_current_caseworker()

    def meeting(self, interval, quality):
        cw = self.caseworker
        t = self.model.week
        covered = cw is None and self.model.covered[self.post]
        if (cw is None and not covered) or (cw is not None and cw.absent_until > t):
            return
        if (t + self.i) % interval != 0:
            return
        s = self.model.params.strategy
        sensitive = s.phase_sensitive_practice
        company = self.model.kinds.company
        if sensitive and self.phase == DERAILMENT:
            self.waiting[company] = -1
        for k in self.model.plan(self, cw, quality):
            fast = sensitive and k == company and self.phase == PROGRESS
            self.waiting[k] = max(t - s.fast_track_weeks, 0) if fast else t
        # A resource programme for heavy, lasting problems, whatever the strategy (P30).
        iv = self.model.params.interventions
        r = self.model.kinds.resource
        if (
            r >= 0
            and self.n_barriers >= iv.resource_min_barriers
            and self.years_on_benefit(t) >= iv.resource_min_years
            and self.remaining[r] == 0
            and self.waiting[r] < 0
            and not self.done[r]
            and self.random.random() < iv.p_refer_resource
        ):
            self.waiting[r] = t

    def tick_interventions(self):
        for k in self.model.kinds.all:
            if self.remaining[k] > 0:
                self.remaining[k] -= 1
                if self.remaining[k] == 0:
                    self.end_intervention(k)
                    if k == self.model.kinds.resource:
                        self.clarify()
                        if self.status != BENEFIT:
                            return

    def clarify(self):
        """The end of a resource programme: pension, a flexjob, or back to the plans."""
        iv = self.model.params.interventions
        if self.mean_ind < iv.resource_pension_below:
            self.leave_benefit(PENSION)
        elif self.mean_ind < iv.resource_flexjob_below:
            self.leave_benefit(FLEXJOB)

    def look_for_job(self):
        d = self.model.params.dynamics
        e = self.model.params.employers
        rel_phase = [d.rel_job_progress, 1.0, d.rel_job_regress, d.rel_job_derailment][self.phase]
        u = self.random.random()
        if self.placement is not None:
            # The employer hires as readily as the citizen is ready, seldom outside the wish.
            h = rate(d.p_hire_from_placement) * self.placement.openness * rel_phase
            h *= d.rel_job_per_point ** (self.mean_ind - 3.0)
            h *= 1.0 if self.placement_fit else d.rel_hire_misfit
            h *= d.rel_hire_mentor if self.placement.mentor else 1.0
            p_hire = prob(h)
            if u < p_hire:
                fit = self.placement_fit
                self.leave_benefit(JOB)
                self.job_fit = fit
                return
            u -= p_hire
        h = rate(d.p_job_ready) * rel_phase
        h *= d.rel_job_per_point ** (self.mean_ind - 3.0)
        h *= d.rel_job_per_self_belief ** (self.indicators[SELF_BELIEF] - 3.0)
        h *= d.rel_job_per_change**self.n_changes
        h *= d.rel_job_per_year_on_benefit**self.years_prior
        if self.belief in (YES, GOOD_CHANCE):
            h *= d.rel_job_belief
        if any(self.remaining[k] for k in self.model.kinds.lockin):
            h *= d.rel_job_lockin
        if self.after_until > self.model.week:
            h *= self.after_mult
        cw = self.caseworker
        if cw is not None:
            h *= cw.skill
        if u >= prob(h):
            return
        emp = cw.pick_employer(self.wish) if cw is not None else None
        if emp is not None and emp.vacancies > 0 and self.random.random() < emp.openness:
            emp.vacancies -= 1
            self.leave_benefit(JOB)
            self.job_fit = emp.sector == self.wish
        elif self.random.random() < e.p_open_market:
            self.leave_benefit(JOB)
            self.job_fit = True

    def move_phase(self):
        d = self.model.params.dynamics
        t = self.model.week
        drift = [
            d.indicator_drift_progress,
            d.indicator_drift_standstill,
            d.indicator_drift_regress,
            d.indicator_drift_derailment,
        ][self.phase]
        kinds = self.model.kinds
        active = [r > 0 for r in self.remaining]
        support = 1.0 if active[kinds.company] else d.rel_gain_without_company
        sensitive = self.model.params.strategy.phase_sensitive_practice
        wait_loss = 0.0
        if not any(active) and any(w >= 0 for w in self.waiting):
            wait_loss = d.indicator_loss_waiting
            if sensitive and self.phase == STANDSTILL:
                wait_loss *= 0.5
        has_cw = self.caseworker is not None or self.model.covered[self.post]
        misfit = 0.0
        if self.placement is not None and not self.placement_fit:
            misfit = 0.5 if self.placement.mentor else 1.0
        fit = self.placement is not None and self.placement_fit
        sb_delta = d.self_belief_placement * (fit - misfit)
        if self.belief in (YES, GOOD_CHANCE):
            sb_delta += d.self_belief_from_belief
        elif self.belief >= DOUBTFUL:
            sb_delta -= d.self_belief_from_belief
        if t - self.ti_change >= d.dur_change_effect and has_cw and self.belief != NO_BELIEF:
            sb_delta += d.self_belief_continuity
        for j in range(N_INDICATORS):
            gain = sum(
                kinds.gains[k][j] * (1.0 if k == kinds.company else support)
                for k in kinds.all
                if active[k]
            )
            change = drift + d.indicator_gain * gain - wait_loss
            if j == SELF_BELIEF:
                change += sb_delta
            self.indicators[j] = min(5.0, max(1.0, self.indicators[j] + change))
        other = any(active[k] for k in kinds.support)
        push = d.push_base
        push += sum(kinds.push[k] for k in kinds.all if active[k])
        if active[kinds.company] and other:
            push += d.push_combined
        if not any(active):
            push += d.push_no_intervention
        push += d.push_passive_per_year * self.passive / 52
        if self.belief != NO_BELIEF:
            push += d.push_belief * (2 - self.belief)
        if t - self.ti_change < d.dur_change_effect or not has_cw:
            push += (
                d.push_change
                * (d.rel_change_standstill if self.phase == STANDSTILL else 1.0)
                * (1.0 - self.model.params.caseworkers.handover_quality)
            )
        if self.placement is not None:
            if self.placement_fit:
                push += d.push_fit
            else:
                push += d.push_misfit * (0.5 if self.placement.mentor else 1.0)
            if self.phase == DERAILMENT:
                push += d.push_placement_derailment
        push += d.push_readiness * (self.mean_ind - 3.0)
        push += d.push_self_belief * (self.indicators[SELF_BELIEF] - 3.0)
        forward = d.p_phase_move / (1.0 + math.exp(-push))
        back = d.p_phase_move - forward
        u = self.random.random()
        if u < forward and self.phase != PROGRESS:
            self.phase -= 1
        elif forward <= u < forward + back and self.phase != DERAILMENT:
            self.phase += 1

    def exit_or_return(self):
        d = self.model.params.dynamics
        if self.status == BENEFIT:
            believes = self.belief in (YES, GOOD_CHANCE)
            upskilled = any(
                self.done[k] or self.remaining[k] > 0 for k in self.model.kinds.education
            )
            edu = rate(d.p_education) * (d.rel_education_upskilling if upskilled else 1.0)
            edu *= d.rel_job_belief if believes else 1.0
            edu *= self.phase != DERAILMENT
            if self.caseworker is not None:
                edu *= self.caseworker.skill
            health = self.barriers[HEALTH_BARRIER] or self.barriers[MENTAL]
            flex = rate(d.p_flexjob) * (d.rel_flexjob_health if health else 1.0)
            pension = rate(d.p_pension) * d.rel_pension_per_barrier**self.n_barriers
            pension *= d.rel_pension_derailment if self.phase == DERAILMENT else 1.0
            by_time = d.rel_clarification_per_year ** self.years_on_benefit(self.model.week)
            flex *= by_time
            pension *= by_time
            total = edu + flex + pension
            u = self.random.random()
            if u < prob(total):
                share = u / prob(total) * total
                if share < edu:
                    self.leave_benefit(EDUCATION)
                elif share < edu + flex:
                    self.leave_benefit(FLEXJOB)
                else:
                    self.leave_benefit(PENSION)

    def maybe_return(self):
        d = self.model.params.dynamics
        t = self.model.week
        self.returned_now = False
        if self.ti_status >= t:
            return
        if self.status == JOB:
            tenure = t - self.ti_status
            p = (
                d.p_job_end_first_quarter
                if tenure < 13
                else d.p_job_end_first_year
                if tenure < 52
                else d.p_job_end_later
            )
            p = prob(rate(p) * (d.rel_job_end_fit if self.job_fit else 1.0))
        elif self.status == EDUCATION:
            p = d.p_education_dropout
        else:
            return
        if self.random.random() < p:
            self.returned_now = True


class ReferenceModel(mesa.Model):
    """Per-agent model: same parameters, same rules, one Python object per citizen."""

    def __init__(self, params: Params, seed: int):
        streams = Streams(seed)
        super().__init__(rng=streams.int_seed("mesa"))
        self.params = params
        self.kinds = RefKinds(params)
        self.np_rng = np.random.default_rng(streams.int_seed("caseworkers"))
        self.week = 0
        n = params.population.n_citizens
        e = params.employers
        rng = streams.employers
        n_jc = params.population.n_jobcentres
        m = max(n_jc, round(e.n_per_100_citizens * n / 100))
        sectors = rng.integers(0, N_SECTORS, m)
        public = rng.random(m) < e.share_public
        a = e.openness_mean * e.openness_concentration
        b = (1 - e.openness_mean) * e.openness_concentration
        openness = rng.beta(a, b, m)
        slots = rng.poisson(e.slots_mean, m)
        mentor = rng.random(m) < e.share_with_mentor
        self.employers = [
            RefEmployer(
                self,
                int(sectors[j]),
                bool(public[j]),
                float(openness[j]),
                int(slots[j]),
                bool(mentor[j]),
            )
            for j in range(m)
        ]
        self.emp_weights = [x.openness + 0.05 for x in self.employers]
        # Employers belong to jobcentres' areas in turn; caseworkers know only their own area.
        self.area = [self.employers[j::n_jc] for j in range(n_jc)]
        self.area_weights = [self.emp_weights[j::n_jc] for j in range(n_jc)]
        self.graph = nx.Graph()
        cohort = draw_cohort(params.population, streams.population)
        self.citizens = [RefCitizen(self, i, cohort) for i in range(n)]
        # An open population: the same newcomers as sim.core draws (a shared start-up draw),
        # waiting outside the group until their week.
        inflow = draw_arrivals(params.population, params.run.weeks, cohort, streams.inflow)
        self.arrivals: dict[int, list[RefCitizen]] = {}
        if inflow is not None:
            newcomers, weeks = inflow
            for j in range(len(newcomers)):
                c = RefCitizen(self, n + j, newcomers, row=j)
                c.status = NOT_ARRIVED
                self.arrivals.setdefault(int(weeks[j]), []).append(c)
        cwp = params.caseworkers
        members = [[c for c in self.citizens if c.jobcentre == j] for j in range(n_jc)]
        posts_of = [math.ceil(len(m) / cwp.caseload) for m in members]
        self.post_jobcentre = [j for j in range(n_jc) for _ in range(posts_of[j])]
        n_posts = len(self.post_jobcentre)
        if n_jc > 1:
            z = [self.random.gauss(0.0, 1.0) for _ in range(n_jc)]
            self.practice = [math.exp(cwp.jobcentre_practice_sd * x) for x in z]
        else:
            self.practice = [1.0]
        self.holders = [RefCaseworker(self, q) for q in range(n_posts)]
        self.vacant_until = [0] * n_posts
        self.covered = [False] * n_posts
        first = 0
        for j in range(n_jc):
            group = list(members[j])
            self.random.shuffle(group)
            posts = list(range(first, first + posts_of[j]))
            first += posts_of[j]
            if cwp.assignment == "by_difficulty":
                # Hardest cases to the most experienced caseworkers, in blocks.
                group.sort(key=lambda c: -(c.n_barriers + 3.0 - c.mean_ind))
                posts.sort(key=lambda q: -self.holders[q].experience)
                for r, c in enumerate(group):
                    c.post = posts[r * len(posts) // len(group)]
            else:
                for r, c in enumerate(group):
                    c.post = posts[r % len(posts)]
        for c in self.citizens:
            c.seen = self.holders[c.post]
        self.posts_of_jobcentre = [
            [q for q, j in enumerate(self.post_jobcentre) if j == jc] for jc in range(n_jc)
        ]
        self.loads = self.caseloads()
        for c in self.citizens:
            c.form_belief()
        self.capacity = [round(c * n / 100) for c in self.kinds.capacity]
        self.duration = self.kinds.duration

    def caseloads(self):
        loads = [0] * len(self.holders)
        for c in self.citizens:
            if c.status == BENEFIT:
                loads[c.post] += 1
        return loads

    def plan(self, c: RefCitizen, cw: RefCaseworker | None, quality: float) -> list[int]:
        out = self._plan(c, cw, quality)
        if self.params.strategy.phase_sensitive_practice and c.phase == DERAILMENT:
            # No company work while derailed: the care support needed instead.
            company = self.kinds.company
            if company in out:
                needs = c.needs()
                out = [k for k in out if k != company]
                out += [
                    k
                    for k in self.kinds.care
                    if needs[k]
                    and not c.done[k]
                    and c.remaining[k] == 0
                    and c.waiting[k] < 0
                    and k not in out
                ]
        return out

    def _plan(self, c: RefCitizen, cw: RefCaseworker | None, quality: float) -> list[int]:
        s = self.params.strategy
        needs = c.needs()
        busy = any(r > 0 for r in c.remaining) or any(w >= 0 for w in c.waiting)
        u_refer = self.random.random() / quality
        u_type = self.random.random()
        # A colleague covering a vacancy plans as an average, stepwise caseworker.
        optimism = cw.optimism if cw is not None else self.params.caseworkers.optimism_mean
        style = cw.style if cw is not None else STEPWISE
        if s.name == "none":
            return []
        kinds = self.kinds
        company = kinds.company
        if s.name == "staircase":
            if busy or u_refer >= s.p_refer:
                return []
            for k in kinds.staircase:
                if needs[k] and not c.done[k]:
                    return [k]
            ready = c.mean_ind >= s.staircase_readiness and c.phase <= STANDSTILL
            if ready:
                return [company]
            for k in kinds.staircase:
                if needs[k]:
                    return [k]
            return [kinds.staircase[-1]]
        if s.name in ("parallel", "parallel_phase_sensitive"):
            if u_refer >= s.p_refer:
                return []
            out = []
            if c.remaining[company] == 0 and c.waiting[company] < 0:
                out.append(company)
            if c.remaining[company] > 0:
                for k in kinds.support:
                    taken = c.remaining[k] > 0 or c.waiting[k] >= 0
                    if needs[k] and not c.done[k] and not taken:
                        out.append(k)
            return out
        # status quo
        if busy:
            # Support added to a running company place, when nothing is on a waiting list.
            waiting = any(w >= 0 for w in c.waiting)
            if c.remaining[company] > 0 and not waiting and u_refer < s.p_parallel_status_quo:
                for k in kinds.staircase:
                    if needs[k] and not c.done[k] and c.remaining[k] == 0:
                        return [k]
            return []
        p0 = min(max(s.p_refer_status_quo, 1e-9), 1 - 1e-9)
        logit = math.log(p0 / (1 - p0)) + s.refer_optimism * optimism
        p_refer = 1 / (1 + math.exp(-logit)) * (0.5 if style == PATIENT else 1.0)
        if u_refer >= p_refer:
            return []
        weight = {FIRM: 2.0, PATIENT: 0.5, PRIVATE_LIFE: 0.5}.get(style, 1.0)
        if u_type < min(1.0, s.share_company_status_quo * weight):
            return [company]
        order = kinds.social_first if style == PRIVATE_LIFE else kinds.staircase
        for k in order:
            if needs[k] and not c.done[k]:
                return [k]
        return [kinds.staircase[-1]]

    def step(self):
        self.week += 1
        t = self.week
        p = self.params
        # 0 arrivals: a random post of the newcomer's jobcentre, and its caseworker
        for c in self.arrivals.pop(t, []):
            c.status = BENEFIT
            c.ti_status = t
            c.week_joined = t
            c.post = self.random.choice(self.posts_of_jobcentre[c.jobcentre])
            self.citizens.append(c)
            c.meet_current_caseworker()
        on_benefit = [c for c in self.citizens if c.status == BENEFIT]
        # 1 life events
        for c in on_benefit:
            c.life_event()
        # 2 turnover: heavier caseloads drive caseworkers away
        cwp = p.caseworkers
        self.loads = self.caseloads()
        for q, h in enumerate(self.holders):
            h_leave = rate(cwp.p_leave) * caseload_ratio(cwp, self.loads[q]) ** (
                cwp.caseload_turnover_elasticity
            )
            if h is not None and self.random.random() < prob(h_leave):
                self.graph.remove_node(h)
                h.remove()
                self.holders[q] = None
                gap = 0
                if cwp.dur_vacancy_mean > 0:
                    qq = cwp.dur_vacancy_mean / (1 + cwp.dur_vacancy_mean)
                    gap = math.floor(math.log(max(self.random.random(), 1e-300)) / math.log(qq))
                self.vacant_until[q] = t + gap
                for c in on_benefit:
                    if c.post == q:
                        c.belief = NO_BELIEF
        filled = []
        for q, h in enumerate(self.holders):
            if h is None and self.vacant_until[q] <= t:
                self.holders[q] = RefCaseworker(self, q)
                filled.append(q)
        for h in self.holders:
            if h is not None and self.random.random() < cwp.p_sick_leave and h.absent_until <= t:
                h.absent_until = t + cwp.dur_sick_leave
            if h is not None and self.random.random() < cwp.p_new_contact:
                area, weights = self.area[h.jobcentre], self.area_weights[h.jobcentre]
                h.model.graph.add_edge(h, self.random.choices(area, weights=weights)[0])
        self.covered = [
            h is None and self.random.random() < cwp.vacancy_cover for h in self.holders
        ]
        loads = self.caseloads()
        for c in on_benefit:
            c.maybe_transfer(loads)
        self.loads = self.caseloads()
        for c in on_benefit:
            if c.post in filled:
                c.meet_current_caseworker()
        # 3 meetings and plans
        if t % 13 == 0:
            for c in on_benefit:
                if c.caseworker is not None:
                    c.form_belief()
        for c in on_benefit:
            load = self.loads[c.post]
            interval = math.ceil(
                cwp.dur_meeting_interval * max(1.0, load / cwp.caseload_recommended)
            )
            quality = caseload_ratio(cwp, load) ** -cwp.caseload_plan_elasticity
            quality *= self.practice[c.jobcentre]
            c.meeting(interval, quality)
        # 4 interventions
        for c in on_benefit:
            c.tick_interventions()
        for k in self.kinds.all:
            free = self.capacity[k] - sum(1 for c in self.citizens if c.remaining[k] > 0)
            queue = sorted(
                (c for c in self.citizens if c.waiting[k] >= 0), key=lambda c: (c.waiting[k], c.i)
            )
            for c in queue:
                if free <= 0:
                    break
                if k == self.kinds.company:
                    cw = c.caseworker
                    emp = cw.pick_employer(c.wish) if cw is not None else None
                    if emp is None and self.random.random() < p.employers.p_employer_service:
                        # The jobcentre's employer service looks in its own area (P15).
                        area = self.area[c.jobcentre]
                        emp = self.random.choices(area, weights=self.area_weights[c.jobcentre])[0]
                    if emp is None or self.random.random() >= emp.openness or emp.used >= emp.slots:
                        continue
                    emp.used += 1
                    c.placement = emp
                    c.placement_fit = emp.sector == c.wish
                c.waiting[k] = -1
                c.remaining[k] = self.duration[k]
                c.n_starts += 1
                free -= 1
        for c in self.citizens:
            if c.status == BENEFIT:
                c.passive = 0 if any(r > 0 for r in c.remaining) else c.passive + 1
        # 5 employers and jobs
        for e in self.employers:
            e.step()
        for c in on_benefit:
            c.look_for_job()
        # 6 phases
        for c in self.citizens:
            if c.status == BENEFIT:
                c.move_phase()
        # 7 exits and returns (returns decided for those off benefit before this week)
        for c in self.citizens:
            c.maybe_return()
        for c in self.citizens:
            if c.status == BENEFIT:
                c.exit_or_return()
        for c in self.citizens:
            if c.returned_now:
                c.status = BENEFIT
                c.ti_status = t
                c.phase = STANDSTILL
                c.passive = 0
                c.meet_current_caseworker()
                if c.belief == NO_BELIEF and c.caseworker is not None:
                    c.form_belief()

    def summary(self) -> dict[str, float]:
        n = len(self.citizens)
        out = {}
        for code, name in enumerate(("benefit", "job", "education", "flexjob", "pension")):
            out[f"share_{name}"] = sum(c.status == code for c in self.citizens) / n
        for code, name in enumerate(("progress", "standstill", "regress", "derailment")):
            out[f"share_{name}"] = (
                sum(c.status == BENEFIT and c.phase == code for c in self.citizens) / n
            )
        out["share_ever_job"] = sum(c.ever_job for c in self.citizens) / n
        out["mean_indicator_change"] = sum(c.mean_ind - c.start_mean for c in self.citizens) / n
        out["share_any_caseworker_change"] = sum(c.n_changes > 0 for c in self.citizens) / n
        out["share_never_intervention"] = sum(c.n_starts == 0 for c in self.citizens) / n
        return out


def run_reference(params: Params, seed: int) -> dict[str, float]:
    model = ReferenceModel(params, seed)
    for _ in range(params.run.weeks):
        model.step()
    return model.summary()
