"""Codes for the categorical states the model keeps in its arrays.

Citizen state lives in small integer arrays for speed; these tuples are the single place that
says which integer means what, so the recorder, the tables and the UI all agree.
"""

from __future__ import annotations

# Status: where the citizen is. Only citizens on benefit have a phase.
STATUSES: tuple[str, ...] = ("benefit", "job", "education", "flexjob", "pension")
BENEFIT, JOB, EDUCATION, FLEXJOB, PENSION = range(5)
# In an open population, a citizen who will arrive later is not yet in any status: a code
# outside STATUSES, so that counts by status and every rule for citizens on benefit skip them.
NOT_ARRIVED = len(STATUSES)

# Phases while on benefit, ordered from best to worst (Danneris, seed 000).
# Moving "forward" means a lower code, moving "back" a higher one.
PHASES: tuple[str, ...] = ("progress", "standstill", "regress", "derailment")
PROGRESS, STANDSTILL, REGRESS, DERAILMENT = range(4)

# Intervention kinds (indsatser) are data, not codes: see sim.core.kinds.

# The caseworker's answer to "job within the next year?" (P5), best first.
# NO_BELIEF marks a citizen with no caseworker to ask (a vacancy).
BELIEFS: tuple[str, ...] = ("yes", "good_chance", "maybe", "doubtful", "no")
YES, GOOD_CHANCE, MAYBE, DOUBTFUL, NO = range(5)
NO_BELIEF = -1

# Readiness indicators on the study's 1-5 scale, chosen from the seven of P6 that predict a
# later job. The caseworker's belief, the seventh, is kept separately as `belief`.
INDICATORS: tuple[str, ...] = (
    "job_search",
    "market_knowledge",
    "health_coping",
    "cooperation",
    "determination",
    "self_belief",
)
N_INDICATORS = len(INDICATORS)
# The citizen's own belief in managing a job (P6) is also a state of its own: the caseworker's
# belief, continuity and placements move it, and it drives the job search (seed 001).
SELF_BELIEF = INDICATORS.index("self_belief")

# Barriers come in clusters (P27): a latent burden makes them correlated.
BARRIERS: tuple[str, ...] = ("no_education", "mental", "health", "substance", "social")
NO_EDUCATION, MENTAL, HEALTH_BARRIER, SUBSTANCE, SOCIAL_BARRIER = range(5)

# Sectors of employers, and of the citizen's job wish.
SECTORS: tuple[str, ...] = (
    "care",
    "retail",
    "manufacturing",
    "construction",
    "hospitality",
    "office",
)
N_SECTORS = len(SECTORS)

# Caseworkers' views of their task (seed 002). They shape status-quo practice only; an
# explicit strategy overrides personal style.
STYLES: tuple[str, ...] = ("firm", "stepwise", "patient", "private_life")
FIRM, STEPWISE, PATIENT, PRIVATE_LIFE = range(4)

# Events written to the per-citizen log.
EVENTS: tuple[str, ...] = (
    "status",
    "phase",
    "intervention_start",
    "intervention_end",
    "caseworker_change",
    "placement",
)
EV_STATUS, EV_PHASE, EV_START, EV_END, EV_CHANGE, EV_PLACEMENT = range(6)

WEEKS_PER_QUARTER = 13
WEEKS_PER_YEAR = 52
