"""The timeline API: scoped like the pages, paged by cursor, described in the OpenAPI schema."""

from __future__ import annotations

import datetime

import pytest

from tests.world import PASSWORD
from yidang.timeline.tests.helpers import many_events, move_in


@pytest.fixture
def api(client, world):
    client.login(username="assistant", password=PASSWORD)
    return client


def url(room):
    return f"/api/v1/households/{room.pk}/timeline/"


def test_the_api_lists_a_move_in_newest_first_with_labels_and_links(api, world):
    room = world.rooms["hy0802"]
    archive = move_in(world, room)
    body = api.get(url(room)).json()
    assert [e["kind"] for e in body["results"]][-2:] == ["archive.open", "occupancy.start"]
    opened = body["results"][-2]
    assert opened["kind_label"] == "建档"
    assert opened["url"] == f"/archive/{archive.pk}/"
    assert opened["actor"] == "archivist"
    assert body["next"] is None


def test_the_api_pages_by_cursor(api, world):
    room = world.rooms["hy0802"]
    many_events(room, 25, start=datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC))
    first = api.get(url(room), {"limit": 10}).json()
    ids = [e["id"] for e in first["results"]]
    link = first["next"]
    while link:
        page = api.get(link).json()
        ids += [e["id"] for e in page["results"]]
        link = page["next"]
    assert len(ids) == len(set(ids)) == 25


def test_the_api_filters_by_kind(api, world):
    room = world.rooms["hy0802"]
    move_in(world, room)
    body = api.get(url(room), {"kind": "document.add,folder.move"}).json()
    assert [e["kind"] for e in body["results"]] == ["folder.move", "document.add", "document.add"]


def test_another_projects_household_answers_404(api, world):
    assert api.get(url(world.rooms["jm1503"])).status_code == 404


def test_staff_without_rights_get_403(client, world):
    client.login(username="engineer", password=PASSWORD)
    assert client.get(url(world.rooms["hy1503"])).status_code == 403


@pytest.mark.parametrize("params", [{"before": "nonsense"}, {"limit": "0"}, {"limit": "500"}, {"limit": "x"}])
def test_bad_paging_parameters_are_a_400_in_chinese(api, world, params):
    response = api.get(url(world.rooms["hy1503"]), params)
    assert response.status_code == 400
    assert "参数" in str(response.json()) or "limit" in str(response.json())


def test_the_schema_describes_the_timeline(db, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--file", str(out))
    text = out.read_text()
    assert "/api/v1/households/{room_id}/timeline/:" in text
    assert "TimelinePage:" in text
