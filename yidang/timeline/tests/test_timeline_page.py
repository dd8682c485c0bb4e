"""The household timeline page: every step of the household's life, newest first, by day."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.world import PASSWORD
from yidang.timeline.actions import timeline_add
from yidang.timeline.models import TimelineEvent
from yidang.timeline.tests.helpers import move_in


@pytest.fixture
def as_assistant(client, world):
    client.login(username="assistant", password=PASSWORD)
    return client


def page(client, room, **params):
    return client.get(reverse("timeline:household", args=[room.pk]), params)


def kinds_shown(html):
    import re

    return re.findall(r'class="tl-event" data-kind="([^"]+)"', html)


def test_the_timeline_shows_every_step_of_a_move_in_newest_first(as_assistant, world):
    room = world.rooms["hy0802"]
    archive = move_in(world, room)
    response = page(as_assistant, room)
    html = response.content.decode()
    assert response.status_code == 200
    assert kinds_shown(html) == [
        "folder.move",
        "document.change",
        "document.add",
        "document.add",
        "archive.open",
        "occupancy.start",
    ]
    for text in ("档案袋移位", "文件信息修改", "文件归档", "建档", "入住登记", "业主 李四 入住登记", archive.number):
        assert text in html


def test_events_link_to_the_archive_page_and_the_household(as_assistant, world):
    room = world.rooms["hy0802"]
    archive = move_in(world, room)
    html = page(as_assistant, room).content.decode()
    first_doc = archive.documents.get(item_no=1)
    assert f'href="/archive/{archive.pk}/#doc-{first_doc.pk}"' in html
    assert f'href="/archive/{archive.pk}/"' in html
    assert f'href="/households/{room.pk}/"' in html


def test_events_are_grouped_under_their_day(as_assistant, world):
    import datetime

    room = world.rooms["hy0802"]
    day = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    timeline_add(room_id=room.pk, kind="occupancy.start", summary="甲", at=day)
    timeline_add(room_id=room.pk, kind="occupancy.end", summary="乙", at=day + datetime.timedelta(days=40))
    html = page(as_assistant, room).content.decode()
    assert html.count('class="tl-date"') == 2
    assert html.index('datetime="2026-04-11"') < html.index('datetime="2026-03-02"')


def test_a_kind_no_app_has_named_is_shown_as_it_is_stored(as_assistant, world):
    room = world.rooms["hy1503"]
    timeline_add(room_id=room.pk, kind="ticket.callback", summary="回访：满意")
    html = page(as_assistant, room).content.decode()
    assert '<span class="badge tl-ticket">ticket.callback</span>' in html


def test_the_kind_filter_shows_only_that_kind_and_answers_htmx_with_the_list(as_assistant, world):
    room = world.rooms["hy0802"]
    move_in(world, room)
    response = as_assistant.get(
        reverse("timeline:household", args=[room.pk]),
        {"kind": "document.add"},
        headers={"HX-Request": "true", "HX-Target": "timeline"},
    )
    html = response.content.decode()
    assert kinds_shown(html) == ["document.add", "document.add"]
    assert "<html" not in html
    assert 'aria-current="true">文件归档</a>' in html
    assert 'aria-current="true">文件信息修改</a>' not in html


def test_another_projects_household_answers_404(as_assistant, world):
    assert page(as_assistant, world.rooms["jm1503"]).status_code == 404
    assert page(as_assistant, world.rooms["jm1503"], kind="occupancy.start").status_code == 404


def test_staff_without_archive_rights_are_refused(client, world):
    client.login(username="engineer", password=PASSWORD)
    assert page(client, world.rooms["hy1503"]).status_code == 403


def test_the_general_manager_may_read_the_timeline(client, world):
    client.login(username="gm", password=PASSWORD)
    assert page(client, world.rooms["hy1503"]).status_code == 200


def test_an_unknown_room_answers_404(as_assistant, world):
    assert as_assistant.get("/timeline/999999/").status_code == 404


def test_the_page_reads_a_constant_number_of_queries(as_assistant, world, django_assert_max_num_queries):
    room = world.rooms["hy0802"]
    move_in(world, room)
    assert TimelineEvent.objects.filter(room=room).count() == 6
    with django_assert_max_num_queries(13):  # 12 for the page and its layout, 1 for the bell's unread count
        assert page(as_assistant, room).status_code == 200
