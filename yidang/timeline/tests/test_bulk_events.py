"""Bulk paths (import, demo seed) write their events in one go, and they read back like any other."""

from __future__ import annotations

import datetime

from yidang.timeline.actions import EventRow, timeline_add_many
from yidang.timeline.models import TimelineEvent
from yidang.timeline.queries import timeline_page


def test_many_events_are_written_at_once_and_read_back(world, django_assert_max_num_queries):
    rooms = [world.rooms["hy0801"], world.rooms["hy0802"]]
    at = datetime.datetime(2024, 6, 1, 10, 0, tzinfo=datetime.UTC)
    rows = [
        EventRow(
            room_id=room.pk,
            kind="occupancy.start",
            summary="业主 导入 入住登记（导入）",
            actor_id=world.archivist.pk,
            object_type="households.occupancy",
            data={"source": "汇总表.xlsx", "row": i},
        )
        for i, room in enumerate(rooms)
    ]
    with django_assert_max_num_queries(2):
        assert timeline_add_many(rows, at=at) == 2
    event = TimelineEvent.objects.get(room=rooms[1], summary__endswith="（导入）")
    assert event.at == at
    assert event.data == {"source": "汇总表.xlsx", "row": 1}
    assert event.actor == world.archivist
    assert timeline_page(rooms[1]).events[0] == event


def test_a_row_keeps_its_own_time(world):
    own = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    timeline_add_many([EventRow(room_id=world.rooms["hy0802"].pk, kind="import", summary="旧记录", at=own)])
    assert TimelineEvent.objects.get(summary="旧记录").at == own
