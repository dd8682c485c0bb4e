"""Paging through a long timeline by (at, id): every event once, in order, at any depth."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from tests.world import PASSWORD
from yidang.timeline.models import TimelineEvent
from yidang.timeline.queries import Cursor, timeline_page
from yidang.timeline.tests.helpers import many_events

START = datetime.datetime(2025, 1, 1, 8, 0, tzinfo=datetime.UTC)


def walk(room, **kwargs):
    """All pages of a room's timeline: the events in the order they came, and the number of pages."""
    seen, pages, before = [], 0, None
    while True:
        page = timeline_page(room, before=before, **kwargs)
        seen += page.events
        pages += 1
        if page.next is None:
            return seen, pages
        before = page.next


def test_walking_the_pages_yields_every_event_once_newest_first(world):
    room = world.rooms["hy0802"]
    many_events(room, 230, start=START, same_time_every=7)  # runs of 7 events at the same instant
    events, pages = walk(room, limit=50)
    assert pages == 5
    assert [e.pk for e in events] == list(
        TimelineEvent.objects.filter(room=room).order_by("-at", "-id").values_list("pk", flat=True)
    )
    assert len({e.pk for e in events}) == 230


def test_a_page_boundary_inside_a_run_of_same_time_events_loses_nothing(world):
    room = world.rooms["hy0802"]
    many_events(room, 10, start=START, same_time_every=10)  # all ten at one instant
    events, pages = walk(room, limit=3)
    assert pages == 4
    assert len({e.pk for e in events}) == 10


def test_the_kind_filter_pages_too(world):
    room = world.rooms["hy0802"]
    many_events(room, 40, start=START)
    events, _ = walk(room, limit=7, kinds=["document.add"])
    assert len(events) == 20
    assert {e.kind for e in events} == {"document.add"}


def test_a_deep_page_reads_no_more_rows_than_a_first_page(world, django_assert_num_queries):
    room = world.rooms["hy0802"]
    many_events(room, 300, start=START)
    oldest_but_ten = TimelineEvent.objects.filter(room=room).order_by("at", "id")[10]
    with django_assert_num_queries(1) as ctx:
        page = timeline_page(room, before=Cursor.after(oldest_but_ten), limit=50)
    assert len(page.events) == 10 and page.next is None
    sql = ctx.captured_queries[0]["sql"]
    assert "OFFSET" not in sql.upper() and "LIMIT 51" in sql.upper()


@pytest.mark.parametrize("raw", ["", "abc", "12_", "_5", "1.5_2", "99999999999999999999999_1"])
def test_a_malformed_cursor_is_no_cursor(raw):
    assert Cursor.decode(raw) is None


def test_a_cursor_survives_its_round_trip():
    cursor = Cursor(at=datetime.datetime(2026, 11, 23, 18, 45, 1, 123456, tzinfo=datetime.UTC), id=42)
    assert Cursor.decode(cursor.encode()) == cursor


def test_the_page_loads_older_events_with_htmx_without_repeating_the_day(client, world):
    room = world.rooms["hy0802"]
    many_events(room, 80, start=START)  # 80 minutes: one day
    client.login(username="assistant", password=PASSWORD)
    url = reverse("timeline:household", args=[room.pk])
    first = client.get(url).content.decode()
    found = re.search(r'hx-get="([^"]+before=[^"]+)"', first)
    assert found is not None
    more = found.group(1).replace("&amp;", "&")
    second = client.get(more, headers={"HX-Request": "true", "HX-Target": "timeline-more"}).content.decode()
    assert first.count('data-kind="') == 50
    assert second.count('data-kind="') == 30
    assert 'class="tl-date"' not in second  # same day as the end of the first page
    assert "timeline-more" not in second  # the last page offers no more
    assert "事件 29" in second and "事件 30" in first
