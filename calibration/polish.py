"""The last step of a fit: a compass search on the loss over the fit's own cohorts.

History matching rules out where the targets cannot be met and picks the best of a few
candidates; with a loss that varies this much from cohort to cohort its pick lies near the
bottom, not at it (the previous fit's profile on fresh seeds fell along 9 of its 12 values).
The report checks identification by moving each value a tenth of its range down and up and
asking that both sides fit worse. The polish makes that check its search: from the chosen fit
it tries all those moves on the fit's cohorts (common random numbers, so a difference in loss
is the parameters' doing, not the cohorts'), moves to the best one that lowers the loss, and
repeats until none does. This is a compass search at a fixed step (Kolda, Lewis & Torczon 2003,
"Optimization by direct search: new perspectives on some classical and modern methods", SIAM
Review 45:385-482). Its evaluations go through the fit's cache like every other, so a killed
polish replays its moves and goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from calibration.fit import Evaluation, Evaluator


@dataclass(frozen=True)
class Move:
    parameter: str
    direction: int  # -1 down, +1 up, by `step` of the parameter's range
    loss: float  # the loss after the move


@dataclass
class Polish:
    """Where the compass search started and ended, and the moves between."""

    start: Evaluation
    end: Evaluation
    step: float
    moves: list[Move] = field(default_factory=list)
    history: list[Evaluation] = field(default_factory=list)  # every point it evaluated
    minimum: bool = False  # stopped because no move lowers the loss (not at the move limit)

    @property
    def message(self) -> str:
        steps = f"{len(self.moves)} move{'s' if len(self.moves) != 1 else ''}"
        change = f"loss {self.start.loss:.3f} to {self.end.loss:.3f}"
        if self.minimum:
            return (
                f"compass search, step {self.step:g} of each range: {steps} ({change}), then "
                "no step lowered the loss on the fit's cohorts"
            )
        return (
            f"compass search, step {self.step:g} of each range: stopped at the limit of {steps} "
            f"({change}) while a step still lowered the loss"
        )


def neighbours(evaluator: Evaluator, x: np.ndarray, step: float) -> list[tuple[int, np.ndarray]]:
    """Each free value moved `step` of its range down and up, clipped to the range; a move a
    bound cancels is left out. Returns (signed parameter index + 1, point) pairs."""
    out = []
    for i, f in enumerate(evaluator.free):
        for sign in (-1, 1):
            p = np.array(x, dtype=float)
            p[i] = float(np.clip(x[i] + sign * step * (f.hi - f.lo), f.lo, f.hi))
            if p[i] != x[i]:
                out.append((sign * (i + 1), p))
    return out


def compass_search(
    evaluator: Evaluator,
    start: Evaluation,
    *,
    step: float = 0.1,
    max_moves: int = 8,
    on_move: Callable[[Move], None] | None = None,
) -> Polish:
    """Move from `start` (evaluated by `evaluator`'s cohorts) while a step of `step` of one
    range lowers the loss, at most `max_moves` times; each round evaluates every neighbour at
    once (in parallel on the evaluator's executor) and takes the best."""
    result = Polish(start=start, end=start, step=step)
    here = start
    for _ in range(max_moves):
        around = neighbours(evaluator, here.x, step)
        if not around:
            result.minimum = True
            break
        evaluator.map(None, [p for _, p in around])
        tried = evaluator.history[-len(around) :]
        result.history.extend(tried)
        k = int(np.argmin([e.loss for e in tried]))
        if not tried[k].loss < here.loss:
            result.minimum = True
            break
        signed = around[k][0]
        move = Move(evaluator.free[abs(signed) - 1].name, 1 if signed > 0 else -1, tried[k].loss)
        result.moves.append(move)
        here = tried[k]
        if on_move:
            on_move(move)
    # Reaching the limit after a move leaves `minimum` False: the last point's neighbours
    # were not tried.
    result.end = here
    return result
