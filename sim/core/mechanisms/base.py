"""What a weekly mechanism is: one stage of the week, with its dependencies declared.

A mechanism reads one or more parameter groups, draws from named random streams, reads and
writes named fields of the state containers (`citizens.phase`, `posts.holder`, ...) and records
named flows in the weekly table. It says all of this in class attributes, so a reader (and the
tests, which check the writes and flows against what a step really changes) can see at once
what a stage may touch. `FremdriftModel.step()` runs the mechanisms in `MECHANISMS` order.

A pass over every citizen takes `model.arrived` (those who have arrived by this week; the same
arrays as `model.citizens`); docs/ODD.md, section 5, gives the rules a new mechanism must keep.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from sim.core.model import FremdriftModel


class Mechanism:
    """One stage of the week. Subclasses set the declarations and implement `step`."""

    name: ClassVar[str]
    params: ClassVar[tuple[str, ...]] = ()  # parameter groups read
    streams: ClassVar[tuple[str, ...]] = ()  # named random streams drawn from
    reads: ClassVar[tuple[str, ...]] = ()  # "container.field" read
    writes: ClassVar[tuple[str, ...]] = ()  # "container.field" written (also by shared actions)
    flows: ClassVar[tuple[str, ...]] = ()  # weekly-table flows recorded
    sources: ClassVar[tuple[str, ...]] = ()  # published figures or seeds that motivate it

    def step(self, model: FremdriftModel) -> None:
        raise NotImplementedError
