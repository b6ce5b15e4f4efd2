"""The levers a workshop participant may pull, and what they may not.

A participant sets a strategy and a few levers, never a raw model parameter: each lever here
names one parameter whose value is already in a planner's unit (citizens per caseworker, weeks,
places per 100 citizens), so no conversion can round a value on its way to the model. The model
accepts a wide range; a workshop file narrows it to what the room should try (`min`, `max`) and
says what a unit of change costs, so a budget can be kept. Kept free of Solara.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.core.params import Params, field_meta


@dataclass(frozen=True)
class LeverKind:
    """A lever the workshop knows: the parameter it sets and the catalogue keys of its words."""

    name: str  # as the workshop file names it
    key: str  # the model's parameter, "group.name"
    unit: str  # catalogue key of the planner's unit
    digits: int = 0  # decimals a participant types and sees

    @property
    def label_key(self) -> str:
        return f"ws_lever_{self.name}"

    @property
    def help_key(self) -> str:
        return f"ws_lever_{self.name}_help"

    def model_bounds(self) -> tuple[float, float]:
        group, _, name = self.key.partition(".")
        meta = field_meta(group, name)
        return float(meta["lo"]), float(meta["hi"])

    @property
    def integer(self) -> bool:
        return isinstance(value_of(Params(), self.key), int)


# Handover quality is the share of the relationship a change of caseworker keeps (a warm
# handover with an overlap meeting): the model's own lever, 0 to 1.
KINDS: dict[str, LeverKind] = {
    k.name: k
    for k in (
        LeverKind("caseload", "caseworkers.caseload", "unit_citizens_per_cw"),
        LeverKind("handover", "caseworkers.handover_quality", "ws_unit_share_kept", 2),
        LeverKind("company_places", "interventions.capacity_company", "unit_places", 1),
        LeverKind("upskilling_places", "interventions.capacity_upskilling", "unit_places", 1),
        LeverKind("health_places", "interventions.capacity_health", "unit_places", 1),
        LeverKind("social_places", "interventions.capacity_social", "unit_places", 1),
    )
}


def value_of(params: Params, key: str):
    group, _, name = key.partition(".")
    return params.to_dict()[group][name]


@dataclass(frozen=True)
class Lever:
    """A lever as a workshop file sets it: its range for the room and the price of a unit.

    `cost` is kroner per citizen per year for each unit the value moves up from the scenario's
    own value (negative: moving up saves money, as a larger caseload does).
    """

    kind: LeverKind
    lo: float
    hi: float
    cost: float

    @property
    def name(self) -> str:
        return self.kind.name

    def spend(self, value: float, base: float) -> float:
        """Kroner per citizen per year this value costs against the scenario's own value."""
        return (value - base) * self.cost
