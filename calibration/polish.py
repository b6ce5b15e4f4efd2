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

import time
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
    minimum: bool = False  # no step from the end lowers the loss (tried, not assumed)
    seconds: float = 0.0

    @property
    def message(self) -> str:
        n = len(self.moves)
        head = f"compass search, step {self.step:g} of each range: "
        if n == 0 and self.minimum:
            return head + "no step lowered the loss; the chosen candidate is kept"
        moved = (
            f"{n} move{'s' if n != 1 else ''} (loss {self.start.loss:.3f} to {self.end.loss:.3f})"
        )
        if self.minimum:
            return head + f"{moved}, then no step lowered the loss on the fit's cohorts"
        return head + f"stopped at its limit of {moved} while a step still lowered the loss"


def neighbours(evaluator: Evaluator, x: np.ndarray, step: float) -> list[tuple[int, np.ndarray]]:
    """Each free value moved `step` of its range down and up, clipped to the range (a step
    that would cross a bound stops at it; one that starts on the bound is left out). Returns
    (signed parameter number, point) pairs: -3 is the third value moved down."""
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
    batch: int = 12,
    on_move: Callable[[Move], None] | None = None,
    on_points: Callable[[int], None] | None = None,
) -> Polish:
    """Move from `start` (evaluated on `evaluator`'s cohorts) while a step of `step` of one
    range lowers the loss, at most `max_moves` times. Each round evaluates the neighbours in
    batches of `batch` points (each batch cached as it finishes, so a kill loses at most one)
    and takes the best; the step back to where the last move came from is not tried again.
    After the last allowed move the neighbours are still tried, so `minimum` is only claimed
    when it was seen."""
    began = time.perf_counter()
    result = Polish(start=start, end=start, step=step)
    here, undo = start, 0
    while True:
        around = [(s, p) for s, p in neighbours(evaluator, here.x, step) if s != undo]
        tried = []
        for k in range(0, len(around), batch):
            part = [p for _, p in around[k : k + batch]]
            evaluator.map(None, part)
            tried.extend(evaluator.history[-len(part) :])
            if on_points:
                on_points(len(part))
        result.history.extend(tried)
        better = [k for k, e in enumerate(tried) if e.loss < here.loss]
        if not better:
            result.minimum = True
            break
        if len(result.moves) >= max_moves:
            break
        k = min(better, key=lambda k: tried[k].loss)
        signed = around[k][0]
        move = Move(evaluator.free[abs(signed) - 1].name, 1 if signed > 0 else -1, tried[k].loss)
        result.moves.append(move)
        here, undo = tried[k], -signed
        if on_move:
            on_move(move)
    result.end = here
    result.seconds = time.perf_counter() - began
    return result
