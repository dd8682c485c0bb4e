"""Moving a folder: the archive's place, its location history, the audit trail and the household timeline."""

from __future__ import annotations

import pytest

from yidang.audit.models import AuditEvent
from yidang.core.errors import DomainError
from yidang.shelving.actions import folder_move
from yidang.shelving.models import FolderMove
from yidang.timeline.models import EventKind, TimelineEvent


def test_moving_a_folder_records_history_timeline_and_audit(world, storage, hy1503):
    folder_move(archive=hy1503, to_location=storage.box1, actor=world.archivist)
    move = folder_move(archive=hy1503, to_location=storage.box2, actor=world.archivist, reason="按年度整理")
    hy1503.refresh_from_db()
    assert hy1503.location == storage.box2
    history = list(FolderMove.objects.filter(archive=hy1503).order_by("moved_at", "id"))
    assert [(m.from_location, m.to_location) for m in history] == [(None, storage.box1), (storage.box1, storage.box2)]
    assert move.moved_by == world.archivist and move.reason == "按年度整理"
    audit = AuditEvent.objects.filter(action="folder.move", object_id=str(hy1503.pk)).latest("seq")
    assert audit.before == {"location": "HY-R01-C01-S01-B001"}
    assert audit.after == {"location": "HY-R01-C01-S01-B002", "reason": "按年度整理"}
    assert audit.project_id == world.hy.pk and audit.actor == world.archivist
    event = TimelineEvent.objects.filter(room=hy1503.room, kind=EventKind.FOLDER_MOVE).latest("id")
    assert event.summary == "档案袋移至 HY-R01-C01-S01-B002（按年度整理）"
    assert event.data == {"from": "HY-R01-C01-S01-B001", "to": "HY-R01-C01-S01-B002", "reason": "按年度整理"}


def test_a_location_of_another_project_is_refused_and_nothing_changes(world, storage, hy1503):
    with pytest.raises(DomainError, match="不能把档案袋移到其他项目的存放位置"):
        folder_move(archive=hy1503, to_location=storage.jm_box, actor=world.archivist)
    hy1503.refresh_from_db()
    assert hy1503.location is None
    assert not FolderMove.objects.exists()
    assert not AuditEvent.objects.filter(action="folder.move").exists()
    assert not TimelineEvent.objects.filter(kind=EventKind.FOLDER_MOVE).exists()


def test_a_folder_is_not_left_loose_in_a_storage_room(world, storage, hy1503):
    with pytest.raises(DomainError, match="不能直接放在档案室"):
        folder_move(archive=hy1503, to_location=storage.room, actor=world.archivist)


def test_moving_a_folder_where_it_already_is_says_so(world, storage, hy1503):
    folder_move(archive=hy1503, to_location=storage.shelf, actor=world.archivist)
    with pytest.raises(DomainError, match="档案袋已在 HY-R01-C01-S01"):
        folder_move(archive=hy1503, to_location=storage.shelf, actor=world.archivist)
    assert FolderMove.objects.count() == 1
