"""The audit search filters by person, action, object and time, newest first, fifty to a page, and
shows each row's before / after as a small diff."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from yidang.audit import views
from yidang.audit.models import AuditEvent
from yidang.households.actions import vehicle_add
from yidang.places.models import Project

from .conftest import record, shown_seqs


def hy_seqs(**filters) -> list[int]:
    """What the HY archivist should see (sign-ins of the test clients are rows of no project)."""
    rows = AuditEvent.objects.filter(project_id=Project.objects.get(code="HY").pk, **filters)
    rows = rows.order_by("-at", "-seq")
    return list(rows.values_list("seq", flat=True))


def test_without_filters_the_newest_row_comes_first(search, world):
    shown = shown_seqs(search(world.archivist))

    assert shown == sorted(shown, reverse=True)
    assert shown[0] == AuditEvent.objects.filter(project_id=world.hy.pk).latest("seq").seq


def test_by_person_username_or_name(search, world):
    world.assistant.display_name = "李助理"
    world.assistant.save()
    mine = record(world.assistant, "room.touch", world.rooms["hy0802"], project_id=world.hy.pk)

    assert shown_seqs(search(world.manager, who="李助理")) == [mine.seq]
    assert shown_seqs(search(world.manager, who="assist")) == [mine.seq]
    assert mine.seq not in shown_seqs(search(world.manager, who="archivist"))


def test_by_system_for_rows_no_person_wrote(search, world):
    system = record(None, "room.touch", world.rooms["hy0802"], project_id=world.hy.pk)

    assert shown_seqs(search(world.manager, who="系统")) == [system.seq]


def test_by_exact_action_or_a_family_of_actions(search, world):
    vehicle_add(room=world.rooms["hy0801"], plate="沪B55555", actor=world.archivist)
    vehicles = hy_seqs(action__startswith="vehicle.")

    assert shown_seqs(search(world.manager, action="vehicle.create")) == vehicles
    assert shown_seqs(search(world.manager, action="vehicle")) == vehicles
    assert shown_seqs(search(world.manager, action="vehicle.delete")) == []


def test_by_object_type_and_id_or_label(search, world):
    room = world.rooms["hy0801"]

    by_id = shown_seqs(search(world.manager, object_type="places.room", object_id=str(room.pk)))
    by_label = shown_seqs(search(world.manager, object_text="B1-8-80"))

    assert [AuditEvent.objects.get(seq=s).action for s in by_id] == ["room.create"]
    assert set(by_label) == set(hy_seqs(object_label__contains="B1-8-80"))
    assert len(by_label) >= 3


def test_by_time_range(search, world):
    old = record(world.archivist, "room.touch", world.rooms["hy0802"], project_id=world.hy.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET at = %s WHERE seq = %s", [timezone.now() - timedelta(days=40), old.seq]
        )
    today = timezone.localdate()

    recent = shown_seqs(search(world.manager, since=str(today - timedelta(days=1)), until=str(today)))
    earlier = shown_seqs(search(world.manager, until=str(today - timedelta(days=30))))

    assert old.seq not in recent and len(recent) > 5
    assert earlier == [old.seq]


def test_a_bad_date_is_left_out_rather_than_failing_the_page(search, world):
    response = search(world.manager, since="2026-13-45", action="room.create")

    assert response.status_code == 200
    assert shown_seqs(response) == hy_seqs(action="room.create")


def test_pages_of_fifty_without_counting_every_match(search, world, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    everything = hy_seqs()

    first = search(world.archivist)
    second = search(world.archivist, page="2")
    beyond = search(world.archivist, page="99")

    assert shown_seqs(first) == everything[:4] and "较早" in first.content.decode()
    assert shown_seqs(second) == everything[4:8] and "较新" in second.content.decode()
    assert beyond.status_code == 200 and shown_seqs(beyond) == []


def test_an_htmx_request_gets_only_the_results(search, world, client):
    client.force_login(world.manager)

    response = client.get("/audit/", {"action": "room.create"}, headers={"HX-Request": "true"})

    assert "<form" not in response.content.decode()
    assert shown_seqs(response) == hy_seqs(action="room.create")


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ({"end_date": None}, {"end_date": "2030-01-02"}, ["<del>—</del> → <ins>2030-01-02</ins>"]),
        (None, {"plate": "沪B55555"}, ["<ins>沪B55555</ins>"]),
        (
            {"plate": "沪B55555", "n": 1},
            {"plate": "沪B55555", "n": 2},
            ['<span class="same">沪B55555</span>', "<del>1</del> → <ins>2</ins>"],
        ),
        ({"plate": "沪B55555"}, None, ["<del>沪B55555</del>"]),
    ],
)
def test_a_rows_before_and_after_are_shown_as_a_small_diff(search, world, before, after, expected):
    row = record(world.archivist, "vehicle.touch", world.rooms["hy1503"], project_id=world.hy.pk,
                 before=before, after=after)  # fmt: skip

    html = search(world.manager, action="vehicle.touch").content.decode()

    assert f'id="audit-{row.seq}"' in html
    for fragment in expected:
        assert fragment in html
