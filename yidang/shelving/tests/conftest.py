"""Fixtures of the shelving tests: the world's files and a small store room (see ``storage.py``)."""

from __future__ import annotations

import pytest

from yidang.archive.models import Archive
from yidang.shelving.tests.storage import Storage, build_storage


@pytest.fixture
def storage(world) -> Storage:
    return build_storage(world)


@pytest.fixture
def hy1503(world) -> Archive:
    return Archive.objects.get(room=world.rooms["hy1503"])


@pytest.fixture
def hy0801(world) -> Archive:
    return Archive.objects.get(room=world.rooms["hy0801"])


@pytest.fixture
def jm1503(world) -> Archive:
    return Archive.objects.get(room=world.rooms["jm1503"])
