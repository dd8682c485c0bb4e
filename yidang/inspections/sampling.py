"""The six-monthly random sample: stratified by building, at least the set share of each, from a seed.

A pure function of its inputs, so a recorded draw can be redone and compared: each building's files
are sorted by id and drawn with their own generator (seeded with the recorded seed and the building
id), so the same seed over the same population gives the same sample, and one building's files do
not change another's draw.
"""

from __future__ import annotations

import math
import random
import secrets
from collections.abc import Mapping, Sequence


def new_seed() -> int:
    """A fresh seed, recorded with the draw (fits a signed 64-bit column)."""
    return secrets.randbits(62)


def stratum_size(population: int, percent: int) -> int:
    """How many files of a building are drawn: ``percent`` of them rounded up, at least one."""
    if population <= 0:
        return 0
    return min(population, max(1, math.ceil(population * percent / 100)))


def sample_draw(population: Mapping[int, Sequence[int]], *, seed: int, percent: int) -> dict[int, list[int]]:
    """Building id → the archive ids drawn from it (sorted). ``population``: building id → archive ids."""
    drawn: dict[int, list[int]] = {}
    for building_id in sorted(population):
        ids = sorted(population[building_id])
        rng = random.Random(f"{seed}:{building_id}")
        drawn[building_id] = sorted(rng.sample(ids, stratum_size(len(ids), percent)))
    return drawn
