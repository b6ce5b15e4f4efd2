"""The model's state, declared: citizens, caseworkers, posts and employers as struct-of-arrays.

Each container is a plain dataclass of NumPy arrays, one slot per member, with every field typed
and documented here, so a reader sees in one place what state exists and what it means. The
model owns one of each; the weekly mechanisms (sim.core.mechanisms) declare which fields they
read and write; the Mesa agents (sim.core.agents) are views on a slot.

Naming (after Starsim): `n_` a count, `cum_` a cumulative count, `ti_` the week an event
happened or ends, `dur_` a duration in weeks, `p_` a weekly probability, `rel_` a multiplier.
Per-kind arrays have shape (members, kinds), kinds in the order of `InterventionParams.kinds`:
one row per member, which is how the compiled kernels visit them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

LONG_AGO = -(10**6)
"""A `ti_` value for "never": far enough back that no duration reaches it."""

NOBODY = -1
"""An id field with nobody in it (no caseworker, no employer, no waiting-list place)."""


@dataclass(eq=False)
class Citizens:
    """One slot per citizen of the cohort.

    Fixed at the start: `barriers`, `n_barriers`, `needs`, `years_prior`, `wish`, `jobcentre`,
    `slot`, `p_life`, `flex_base`, `pension_base`, `indicators_start`. Everything else changes.
    """

    # -- who they are (fixed)
    barriers: np.ndarray  # bool (n, barriers): the problems beyond unemployment (P27)
    n_barriers: np.ndarray  # int8 (n,)
    needs: np.ndarray  # uint8 (n,): kinds the barriers call for, as a kind-set code
    years_prior: np.ndarray  # float (n,): years on benefit before joining (week 0, or arrival; P28)
    wish: np.ndarray  # int64 (n,): sector of the job the citizen wants (seed 004)
    jobcentre: np.ndarray  # int64 (n,): the jobcentre the citizen belongs to (P1)
    slot: np.ndarray  # int (n,): the citizen's index; staggers their meeting weeks
    p_life: np.ndarray  # float32 (n,): weekly chance of a crisis, by barriers
    flex_base: np.ndarray  # float32 (n,): flexjob hazard fixed by barriers
    pension_base: np.ndarray  # float32 (n,): pension hazard fixed by barriers
    indicators_start: np.ndarray  # float32 (n, indicators): readiness at week 0

    # -- where they are
    ti_arrive: np.ndarray  # int32 (n,): week the citizen joins the group (0: the cohort)
    status: np.ndarray  # int8 (n,): code in STATUSES, or NOT_ARRIVED before `ti_arrive`
    ti_status: np.ndarray  # int32 (n,): week the status last changed
    phase: np.ndarray  # int8 (n,): code in PHASES (kept, not meaningful, off benefit)
    indicators: np.ndarray  # float32 (n, indicators): readiness on the study's 1-5 scale
    mean_indicator: np.ndarray  # float32 (n,): mean over indicators, refreshed weekly
    ever_job: np.ndarray  # bool (n,)
    ever_education: np.ndarray  # bool (n,)
    job_fit: np.ndarray  # bool (n,): the current or last job matches the wish

    # -- their caseworker
    post: np.ndarray  # int64 (n,): the post (caseload) the citizen belongs to
    caseworker: np.ndarray  # int64 (n,): holder of that post this week, NOBODY in a vacancy;
    #   set by the turnover stage, the only stage that changes posts or holders
    last_caseworker: np.ndarray  # int64 (n,): the caseworker last met, NOBODY before any
    belief: np.ndarray  # int8 (n,): that caseworker's answer (BELIEFS), NO_BELIEF if none
    n_changes: np.ndarray  # int16 (n,): changes of caseworker so far (P2, P3)
    ti_change: np.ndarray  # int32 (n,): week of the last change

    # -- interventions, per kind
    dur_left: np.ndarray  # int16 (n, kinds): weeks left of a running intervention, 0 if none
    ti_waiting: np.ndarray  # int32 (n, kinds): week put on the waiting list, NOBODY if not
    done: np.ndarray  # bool (n, kinds): completed at least once
    n_starts: np.ndarray  # int32 (n,): interventions started so far
    dur_passive: np.ndarray  # int32 (n,): weeks on benefit in a row with no intervention,
    #   counted by the phase stage (kept, not meaningful, off benefit; 0 again on return)
    placement_employer: np.ndarray  # int64 (n,): employer of a running placement, or NOBODY
    placement_fit: np.ndarray  # bool (n,): that placement matches the wish
    rel_after: np.ndarray  # float64 (n,): job-hazard multiplier after a completed one (P21)
    ti_after_end: np.ndarray  # int32 (n,): week that after-effect ends

    @property
    def n(self) -> int:
        return int(self.status.size)

    def head(self, n: int) -> Citizens:
        """The first `n` slots, as views on these arrays (writes go through).

        In an open population the slots are in order of arrival (sim.core.population), so the
        citizens who have arrived by a week are a prefix; the weekly passes run over that
        prefix only and skip the slots of those still to come (`FremdriftModel.arrived`).
        Indices are the same in both containers.
        """
        if n == self.n:
            return self
        return type(self)(**{f.name: getattr(self, f.name)[:n] for f in fields(self)})


@dataclass(eq=False)
class Caseworkers:
    """One slot per caseworker ever hired (slots grow as people are hired; `n` are in use)."""

    n: int
    post: np.ndarray  # int64: the post held
    optimism: np.ndarray  # float: latent optimism about citizens' chances (P4, P8)
    style: np.ndarray  # int64: view of the task, code in STYLES (seed 002)
    experience: np.ndarray  # float: years of experience when hired
    skill: np.ndarray  # float: factor on their citizens' job and education hazards (P7)
    ti_hired: np.ndarray  # int64
    ti_left: np.ndarray  # int64: NOBODY while employed
    ti_absent_end: np.ndarray  # int64: sick leave lasts until this week
    cum_citizens: np.ndarray  # int64: citizens ever held
    cum_to_job: np.ndarray  # int64: citizens who left for a job while theirs (P7)
    cum_to_education: np.ndarray  # int64
    caseload_at_end: np.ndarray  # int64: caseload on the day they left

    @classmethod
    def empty(cls, capacity: int) -> Caseworkers:
        def zeros(fill: int = 0, dtype=np.int64) -> np.ndarray:
            return np.full(capacity, fill, dtype=dtype)

        return cls(
            n=0,
            post=zeros(),
            optimism=zeros(dtype=np.float64),
            style=zeros(),
            experience=zeros(dtype=np.float64),
            skill=np.ones(capacity),
            ti_hired=zeros(),
            ti_left=zeros(NOBODY),
            ti_absent_end=zeros(),
            cum_citizens=zeros(),
            cum_to_job=zeros(),
            cum_to_education=zeros(),
            caseload_at_end=zeros(),
        )

    def add(self) -> int:
        """A new slot (the arrays double when full); returns its id."""
        if self.n == self.post.size:
            for f in fields(self):
                if f.name == "n":
                    continue
                old = getattr(self, f.name)
                new = np.full(old.size * 2, NOBODY if f.name == "ti_left" else 0, dtype=old.dtype)
                new[: old.size] = old
                setattr(self, f.name, new)
        self.n += 1
        return self.n - 1


@dataclass(eq=False)
class Posts:
    """One slot per post: a caseload that a caseworker holds, or that stands vacant."""

    holder: np.ndarray  # int64: caseworker holding the post, NOBODY while vacant
    ti_vacant_end: np.ndarray  # int64: week a vacant post is filled again
    caseload: np.ndarray  # int64: citizens on benefit per post, as the turnover stage left it
    covered: np.ndarray  # bool: a vacant post a colleague covers this week (vacancy_cover)
    jobcentre: np.ndarray  # int64: the jobcentre the post belongs to (fixed)

    @property
    def n(self) -> int:
        return int(self.holder.size)

    def pick_in_jobcentre(
        self, candidates: np.ndarray, jobcentre: np.ndarray, u: np.ndarray, fallback: np.ndarray
    ) -> np.ndarray:
        """For each citizen of `jobcentre`, the candidate post (ascending post numbers, so one
        run per jobcentre) that the uniform `u` picks; `fallback` where the jobcentre has none."""
        per = np.bincount(self.jobcentre[candidates], minlength=int(self.jobcentre.max()) + 1)
        start = np.concatenate([[0], np.cumsum(per)])
        width = per[jobcentre]
        pick = start[jobcentre] + np.minimum((u * width).astype(np.int64), np.maximum(width - 1, 0))
        return np.where(width > 0, candidates[np.minimum(pick, candidates.size - 1)], fallback)


@dataclass(eq=False)
class Employers:
    """One slot per local employer."""

    sector: np.ndarray  # int64: code in SECTORS
    public: np.ndarray  # bool: public employer (P21: a private placement helps more)
    openness: np.ndarray  # float: willingness to take on vulnerable citizens (seed 002)
    slots: np.ndarray  # int64: placement slots
    slots_used: np.ndarray  # int64
    vacancies: np.ndarray  # int64: ordinary jobs open now
    mentor: np.ndarray  # bool: a workplace mentor halves the harm of a misfit (seed 004)
    jobcentre: np.ndarray  # int64: the jobcentre whose area the employer is in (fixed)

    @property
    def n(self) -> int:
        return int(self.sector.size)
