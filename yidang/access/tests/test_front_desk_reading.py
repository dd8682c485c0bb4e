"""An outsider's (or owner's) reading at the front desk: the manager approves, the CS staff who accompanies
opens the session ("开始查阅"), the files show in the reading view for that staff member only, and every
page shown is recorded as the visitor's use (name and masked ID) under the request."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yidang.access.actions import (
    access_request_approve,
    access_request_file,
    reading_session_end,
    reading_session_start,
)
from yidang.access.models import AccessRequest, ReadingSession, RequestKind
from yidang.access.tests.conftest import move_window, request_data
from yidang.archive.tests.scanfiles import pdf_bytes, upload
from yidang.audit.models import AuditEvent
from yidang.core.errors import DomainError
from yidang.usage.models import UsageKind, UsageRecord


@pytest.fixture
def outsider(world, hy1503, media) -> AccessRequest:
    data = request_data(
        world,
        kind=RequestKind.OUTSIDER,
        visitor_name="李律师",
        visitor_org="某某律师事务所",
        visitor_id_number="440304198001011239",
        proof=upload(pdf_bytes(), "法院调查令.pdf"),
        purpose="法院调查令：核对产权资料",
    )
    return access_request_file(data=data, actor=world.assistant)


def test_only_the_manager_approves_an_outsider(world, outsider):
    with pytest.raises(DomainError):
        access_request_approve(request=outsider, actor=world.supervisor)

    assert access_request_approve(request=outsider, actor=world.manager).status == "approved"


def test_the_accompanying_staff_shows_the_file_and_the_use_is_the_visitors(client, world, outsider, hy1503):
    access_request_approve(request=outsider, actor=world.manager)
    client.force_login(world.archivist)
    url = reverse("access:read-file", args=[outsider.pk, hy1503.pk])
    assert client.get(url).status_code == 404  # nobody has started the reading yet

    start = client.post(reverse("access:session-start", args=[outsider.pk]))
    response = client.get(url)

    assert start.status_code == 302 and start["Location"] == reverse("access:read", args=[outsider.pk])
    assert response.status_code == 200
    assert "李律师（440***********1239）" in response.content.decode()
    use = UsageRecord.objects.get()
    assert (use.kind, use.user, use.request, use.visitor) == (
        UsageKind.VIEW_FILE,
        world.archivist,
        outsider,
        "李律师（440***********1239）",
    )
    outsider.refresh_from_db()
    assert outsider.accompanied_by == world.archivist


def test_other_staff_see_nothing_while_a_colleague_accompanies(client, world, outsider, hy1503):
    access_request_approve(request=outsider, actor=world.manager)
    reading_session_start(request=outsider, actor=world.archivist)

    for user in ("assistant", "manager", "engineer"):
        client.force_login(world.users[user])
        assert client.get(reverse("access:read-file", args=[outsider.pk, hy1503.pk])).status_code == 404
    with pytest.raises(DomainError):
        reading_session_start(request=outsider, actor=world.assistant)
    assert not UsageRecord.objects.exists()


def test_after_the_session_ends_the_reading_view_closes(client, world, outsider, hy1503):
    access_request_approve(request=outsider, actor=world.manager)
    reading_session_start(request=outsider, actor=world.archivist)
    reading_session_end(request=outsider, actor=world.archivist)
    client.force_login(world.archivist)

    assert client.get(reverse("access:read-file", args=[outsider.pk, hy1503.pk])).status_code == 404
    session = ReadingSession.objects.get()
    assert session.ended_at is not None
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="access.session")] == [
        "access.session_start",
        "access.session_end",
    ]


def test_a_session_cannot_start_before_approval_outside_the_window_or_by_other_departments(world, outsider):
    with pytest.raises(DomainError):
        reading_session_start(request=outsider, actor=world.archivist)
    access_request_approve(request=outsider, actor=world.manager)
    with pytest.raises(DomainError):
        reading_session_start(request=outsider, actor=world.engineer)
    move_window(outsider, hours_from_now=-4)
    with pytest.raises(DomainError) as late:
        reading_session_start(request=outsider, actor=world.archivist)

    assert late.value.code == "expired"
    assert not ReadingSession.objects.exists()
