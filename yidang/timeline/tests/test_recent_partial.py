"""The "recent events" partial on the archive page: the last ten events and a link to the rest."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string

from yidang.archive.models import Archive
from yidang.timeline.tests.helpers import many_events


def test_the_partial_shows_the_last_ten_events_and_links_the_whole_timeline(world, django_assert_max_num_queries):
    room = world.rooms["hy1503"]
    archive = Archive.objects.get(room=room)
    many_events(room, 30, start=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    with django_assert_max_num_queries(1):
        html = render_to_string("timeline/_recent.html", {"room": room, "archive": archive})
    assert html.count('class="tl-event"') == 10
    assert "事件 29" in html and "事件 19" not in html
    assert f'href="/timeline/{room.pk}/"' in html


def test_the_partial_works_without_an_archive_in_its_context(world):
    room = world.rooms["hy0802"]
    html = render_to_string("timeline/_recent.html", {"room": room})
    assert "还没有任何记录" in html
