"""An approved reading request opens exactly the files it names, to its requester, only within its window."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from yidang.access.queries import archives_granted_to, requests_granting
from yidang.access.tests.conftest import approved_staff_request, move_window, staff_request


def test_the_grant_is_exactly_the_named_files(world, hy1503, hy0801):
    approved_staff_request(world, codes="A2-15-1503")

    assert list(archives_granted_to(world.engineer)) == [hy1503]


def test_a_pending_or_rejected_request_grants_nothing(world, hy1503):
    staff_request(world)

    assert not archives_granted_to(world.engineer).exists()


def test_the_grant_opens_and_closes_with_the_window(world, hy1503):
    request = approved_staff_request(world)
    request.refresh_from_db()

    before = request.window_start - timedelta(minutes=1)
    at_end = request.window_end
    assert not archives_granted_to(world.engineer, before).exists()
    assert archives_granted_to(world.engineer, request.window_start).exists()
    assert not archives_granted_to(world.engineer, at_end).exists()
    move_window(request, hours_from_now=-5)
    assert not archives_granted_to(world.engineer).exists()


def test_no_one_else_reads_through_anothers_grant(world, hy1503):
    approved_staff_request(world)

    for other in ("assistant", "supervisor", "gm", "jm_assistant"):
        assert not archives_granted_to(world.users[other]).exists()


def test_leaving_the_project_ends_the_grant(world, hy1503):
    approved_staff_request(world)
    world.engineer.projects.clear()
    engineer = type(world.engineer).objects.get(pk=world.engineer.pk)  # a fresh request: no cached project ids

    assert not requests_granting(engineer, timezone.now()).exists()
