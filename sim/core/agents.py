"""Mesa agents: citizens, caseworkers and employers.

They are real `mesa.Agent`s registered with the model, so `model.agents`, AgentSet queries and
the Solara UI see them. Their state lives in the model's arrays (struct of arrays), updated for
all citizens at once each week; an agent is a named view on its slot, so reading an agent always
shows the current week and nothing has to be kept in sync.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from sim.core.states import (
    BARRIERS,
    BELIEFS,
    BENEFIT,
    INDICATORS,
    NO_BELIEF,
    PHASES,
    SECTORS,
    STATUSES,
    STYLES,
    WEEKS_PER_YEAR,
)

if TYPE_CHECKING:
    from sim.core.model import FremdriftModel


class Citizen(mesa.Agent):
    """A citizen on (or once on) cash benefit; a view on slot `citizen_id` of the model."""

    model: FremdriftModel

    def __init__(self, model: FremdriftModel, citizen_id: int) -> None:
        super().__init__(model)
        self.citizen_id = citizen_id

    @property
    def status(self) -> str:
        return STATUSES[self.model.citizens.status[self.citizen_id]]

    @property
    def phase(self) -> str | None:
        """The phase while on benefit; None once the citizen has left benefit."""
        if self.model.citizens.status[self.citizen_id] != BENEFIT:
            return None
        return PHASES[self.model.citizens.phase[self.citizen_id]]

    @property
    def indicators(self) -> dict[str, float]:
        row = self.model.citizens.indicators[self.citizen_id]
        return {name: float(row[k]) for k, name in enumerate(INDICATORS)}

    @property
    def barriers(self) -> list[str]:
        row = self.model.citizens.barriers[self.citizen_id]
        return [name for k, name in enumerate(BARRIERS) if row[k]]

    @property
    def belief(self) -> str | None:
        b = int(self.model.citizens.belief[self.citizen_id])
        return None if b == NO_BELIEF else BELIEFS[b]

    @property
    def caseworker(self) -> Caseworker | None:
        cw = self.model.caseworker_of(self.citizen_id)
        return None if cw < 0 else self.model.caseworker_agents[cw]

    @property
    def n_caseworker_changes(self) -> int:
        return int(self.model.citizens.n_changes[self.citizen_id])

    @property
    def job_wish(self) -> str:
        return SECTORS[self.model.citizens.wish[self.citizen_id]]

    @property
    def interventions(self) -> list[str]:
        row = self.model.citizens.dur_left[self.citizen_id]
        return [name for k, name in enumerate(self.model.kinds.names) if row[k] > 0]

    @property
    def waiting_for(self) -> list[str]:
        row = self.model.citizens.ti_waiting[self.citizen_id]
        return [name for k, name in enumerate(self.model.kinds.names) if row[k] >= 0]

    @property
    def weeks_on_benefit_before_start(self) -> float:
        return float(self.model.citizens.years_prior[self.citizen_id] * WEEKS_PER_YEAR)

    @property
    def passive_weeks(self) -> int:
        """Weeks on benefit in a row with no intervention running (0 off benefit)."""
        c = self.model.citizens
        if c.status[self.citizen_id] != BENEFIT:
            return 0
        return int(c.dur_passive[self.citizen_id])


class Caseworker(mesa.Agent):
    """A caseworker holding one post; removed from the model when they leave."""

    model: FremdriftModel

    def __init__(self, model: FremdriftModel, caseworker_id: int) -> None:
        super().__init__(model)
        self.caseworker_id = caseworker_id

    @property
    def post(self) -> int:
        return int(self.model.caseworkers.post[self.caseworker_id])

    @property
    def optimism(self) -> float:
        return float(self.model.caseworkers.optimism[self.caseworker_id])

    @property
    def skill(self) -> float:
        """The factor on their citizens' job and education hazards (1 on average)."""
        return float(self.model.caseworkers.skill[self.caseworker_id])

    @property
    def style(self) -> str:
        return STYLES[self.model.caseworkers.style[self.caseworker_id]]

    @property
    def caseload(self) -> int:
        return int(self.model.caseload()[self.post])

    @property
    def on_sick_leave(self) -> bool:
        return bool(self.model.caseworkers.ti_absent_end[self.caseworker_id] > self.model.week)

    @property
    def citizens(self) -> mesa.agent.AgentSet:
        ids = self.model.citizens_of_post(self.post)
        agents = self.model.citizen_agents
        return mesa.agent.AgentSet([agents[i] for i in ids], random=self.model.random)

    @property
    def employer_contacts(self) -> list[Employer]:
        return [
            self.model.employer_agents[e] for e in self.model.network.contacts(self.caseworker_id)
        ]


class Employer(mesa.Agent):
    """A local employer offering placements and, now and then, an ordinary job."""

    model: FremdriftModel

    def __init__(self, model: FremdriftModel, employer_id: int) -> None:
        super().__init__(model)
        self.employer_id = employer_id

    @property
    def sector(self) -> str:
        return SECTORS[self.model.employers.sector[self.employer_id]]

    @property
    def public(self) -> bool:
        return bool(self.model.employers.public[self.employer_id])

    @property
    def openness(self) -> float:
        return float(self.model.employers.openness[self.employer_id])

    @property
    def placement_slots(self) -> int:
        return int(self.model.employers.slots[self.employer_id])

    @property
    def placements_in_use(self) -> int:
        return int(self.model.employers.slots_used[self.employer_id])

    @property
    def vacancies(self) -> int:
        return int(self.model.employers.vacancies[self.employer_id])

    @property
    def mentor(self) -> bool:
        return bool(self.model.employers.mentor[self.employer_id])
