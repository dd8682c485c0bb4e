"""Fixtures of the stocktake tests: the seeded storage area (see ``area.py``)."""

from __future__ import annotations

import pytest

from yidang.stocktake.tests.area import Area, build_area


@pytest.fixture
def area(world) -> Area:
    return build_area(world)
