"""The weekly mechanisms, one module each, in the order a week runs them.

To add a mechanism (a sanction rule, a mentor scheme), see docs/ODD.md, "Adding a mechanism".
"""

from sim.core.mechanisms.arrivals import Arrivals
from sim.core.mechanisms.base import Mechanism
from sim.core.mechanisms.costs import PublicCosts
from sim.core.mechanisms.exits import ExitsAndReturns
from sim.core.mechanisms.interventions import Interventions
from sim.core.mechanisms.life_events import LifeEvents
from sim.core.mechanisms.matching import EmployerMatching
from sim.core.mechanisms.meetings import MeetingsAndPlans
from sim.core.mechanisms.phases import PhaseTransitions
from sim.core.mechanisms.record import Record
from sim.core.mechanisms.turnover import CaseworkerTurnover

MECHANISMS: tuple[type[Mechanism], ...] = (
    Arrivals,
    LifeEvents,
    CaseworkerTurnover,
    MeetingsAndPlans,
    Interventions,
    EmployerMatching,
    PhaseTransitions,
    ExitsAndReturns,
    PublicCosts,
    Record,
)

__all__ = ["MECHANISMS", "Mechanism"]
