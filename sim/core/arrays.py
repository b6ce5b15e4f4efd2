"""Two array helpers the weekly step calls often enough on small arrays that numpy's
Python-level wrappers cost more than the work (measured by benchmarks/speed.py)."""

from __future__ import annotations

import numpy as np


def true_at(mask: np.ndarray) -> np.ndarray:
    """Indices where a 1-D mask is True: np.flatnonzero without its ravel and wrapper, which
    cost more than the search itself at a few thousand citizens and ~25 calls a week."""
    return mask.nonzero()[0]


def mean_over_rows(a: np.ndarray) -> np.ndarray:
    """`a.mean(axis=0)`, bit for bit, without numpy's Python-level wrapper around it."""
    out = np.add.reduce(a, axis=0)
    return np.true_divide(out, np.intp(a.shape[0]), out=out, casting="unsafe")


def any_rows(a: np.ndarray, rows: tuple[int, ...]) -> np.ndarray:
    """bool (n,): any of the listed rows of a (k, n) array is true.

    An OR over row views: with the handful of kinds a model has, this beats fancy indexing
    (which copies the rows first) followed by a reduction.
    """
    if not rows:
        return np.zeros(a.shape[1], dtype=bool)
    out = a[rows[0]] != 0
    for k in rows[1:]:
        out |= a[k] != 0
    return out
