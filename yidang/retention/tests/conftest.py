"""Fixtures of the retention tests: own storage, the official calendar, a file with expired papers."""

from __future__ import annotations

import pytest

from yidang.retention.tests.flow import Papers, expired_papers
from yidang.workdays.actions import calendar_days_load


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def calendar(db) -> None:
    calendar_days_load(actor="test")


@pytest.fixture
def papers(world, media, calendar) -> Papers:
    return expired_papers(world)
