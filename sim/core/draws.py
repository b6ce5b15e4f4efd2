"""Counter-based random numbers: a uniform draw as a hash of (stream key, week, citizen, lane).

Each weekly decision about a citizen (a crisis, a move of phase, a job search, an exit, a
referral, a case transfer) takes its uniform from a hash of the stream's key, the week, the
citizen's slot and a lane (when one decision needs several numbers). Nothing is drawn for a
citizen the decision does not concern, yet the same citizen in the same week always gets the
same number from the same stream, under every strategy and whoever else is eligible: common
random numbers hold exactly, and one replicate's numbers never depend on another's.

This is the counter-based idea of Salmon, Moraes, Dror & Shaw (2011, "Parallel random numbers:
as easy as 1, 2, 3"). The hash is two rounds of the SplitMix64 finaliser (Steele, Lea & Flood
2014), whose output on a counter passes the BigCrush battery; the week is mixed in first and
the citizen and lane after, so within a stream and week no two draws share an input, and across
weeks and streams a shared one is as unlikely as any 64-bit collision. Keys come from the run's
root seed through `Streams.key` (sim.core.streams).
"""

from __future__ import annotations

import numpy as np

from sim.core.compiled import kernel

_WEEK = np.uint64(0x9E3779B97F4A7C15)  # odd multipliers spreading each input over 64 bits
_SLOT = np.uint64(0xD1B54A32D192ED03)
_LANE = np.uint64(0x8CB92BA72F3D8DD7)
_TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53: 53 random bits to a double in [0, 1)


@kernel
def mix64(z):
    """The SplitMix64 finaliser: every output bit depends on every input bit."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


@kernel
def uniform(key, week, slot, lane):
    """The uniform in [0, 1) of stream `key` for citizen `slot` in `week`; `lane` tells apart
    the numbers one decision needs (0 for the first)."""
    z = mix64(np.uint64(key) ^ (np.uint64(week) * _WEEK))
    z = mix64(z + np.uint64(slot) * _SLOT + np.uint64(lane) * _LANE)
    return (z >> np.uint64(11)) * _TO_UNIT


@kernel
def uniforms(key, week, slots, lane):
    """`uniform` for each of `slots`, as an array (for the Python side of a stage)."""
    out = np.empty(slots.size)
    for j in range(slots.size):
        out[j] = uniform(key, week, slots[j], lane)
    return out
