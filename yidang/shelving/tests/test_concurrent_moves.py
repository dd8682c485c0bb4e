"""Two archivists moving the same folder at once: the row lock makes one wait, so the history stays a chain."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tests.world import build_world
from yidang.archive.models import Archive
from yidang.shelving.actions import folder_move
from yidang.shelving.models import FolderMove
from yidang.shelving.tests.storage import build_storage


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_moves_of_one_folder_form_an_unbroken_history():
    world = build_world()
    storage = build_storage(world)
    archive = Archive.objects.get(room=world.rooms["hy1503"])
    start = threading.Barrier(2)

    def move(target):
        try:
            mine = Archive.objects.get(pk=archive.pk)  # each archivist's page read the folder unshelved
            start.wait()
            folder_move(archive=mine, to_location=target, actor=world.archivist)
        finally:
            connection.close()

    threads = [threading.Thread(target=move, args=(box,)) for box in (storage.box1, storage.box2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    first, second = FolderMove.objects.order_by("moved_at", "id")
    assert first.from_location is None
    assert second.from_location == first.to_location  # the second saw the first's move, not a stale place
    assert Archive.objects.get(pk=archive.pk).location == second.to_location
