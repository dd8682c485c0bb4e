from __future__ import annotations

import pytest

from yidang.archive.models import Archive
from yidang.audit.models import AuditEvent
from yidang.households.models import EmergencyContact, Occupancy, SearchToken, Vehicle
from yidang.people.models import Organization, Person
from yidang.places.models import Building, Room, Unit
from yidang.timeline.models import TimelineEvent


@pytest.fixture(autouse=True)
def _huey_immediate():
    """Jobs run in-process at once. (An env var in the root conftest comes too late: pytest-django
    has loaded the settings, and Huey read them, before any conftest is imported.)"""
    from huey.contrib.djhuey import HUEY

    previous = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = previous


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded workbooks go to a throw-away folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def table_counts():
    """Row counts of every table an import writes to, to prove that nothing was written."""

    def counts() -> dict[str, int]:
        models = [Building, Unit, Room, Person, Organization, Occupancy, EmergencyContact, Vehicle, SearchToken]
        models += [Archive, TimelineEvent]
        found = {model.__name__: model._default_manager.count() for model in models}
        found["AuditEvent"] = AuditEvent.objects.count()
        return found

    return counts
