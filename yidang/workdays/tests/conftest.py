from __future__ import annotations

import pytest

from yidang.workdays.actions import calendar_days_load


@pytest.fixture
def calendar(db) -> None:
    """The official holidays, loaded again in case a transactional test emptied the table (idempotent)."""
    calendar_days_load(actor="test")
