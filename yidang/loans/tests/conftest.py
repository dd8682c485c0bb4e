"""Fixtures of the loan tests: the official calendar, a shelved folder (see ``flow.py``)."""

from __future__ import annotations

import pytest

from yidang.loans.tests.flow import Folder, shelved_folder
from yidang.workdays.actions import calendar_days_load


@pytest.fixture
def calendar(db) -> None:
    """The official holidays: idempotent, also after a transactional test emptied the table."""
    calendar_days_load(actor="test")


@pytest.fixture
def folder(world, calendar) -> Folder:
    return shelved_folder(world)


@pytest.fixture
def secret_folder(world, calendar) -> Folder:
    return shelved_folder(world, confidential=True)
