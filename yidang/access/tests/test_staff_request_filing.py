"""Staff of another department ask to read files by typing room codes or archive numbers of their project."""

from __future__ import annotations

import pytest

from yidang.access.actions import access_request_file
from yidang.access.models import AccessRequest, RequestKind, RequestStatus
from yidang.access.tests.conftest import request_data, staff_request, window
from yidang.audit.models import AuditEvent
from yidang.core.errors import DomainError


def test_an_engineer_names_files_by_room_code_and_archive_number(world, hy1503, hy0801):
    request = staff_request(world, codes="a2-15-1503，HY-B1-8-801\nA2-15-1503")

    assert request.status == RequestStatus.PENDING
    assert request.kind == RequestKind.STAFF
    assert set(request.archives.all()) == {hy1503, hy0801}
    assert request.department == "工程部"
    row = AuditEvent.objects.get(action="access.request", object_id=str(request.pk))
    assert row.actor == world.engineer and row.project_id == world.hy.pk
    assert row.after is not None and row.after["archives"] == ["HY-A2-15-1503", "HY-B1-8-801"]


def test_an_unknown_code_is_named_in_the_error_and_nothing_is_filed(world, hy1503):
    with pytest.raises(DomainError) as refused:
        staff_request(world, codes="A2-15-1503 Z9-99-9999")

    assert refused.value.field == "codes" and "Z9-99-9999" in refused.value.message
    assert not AccessRequest.objects.exists()


def test_a_file_of_another_project_is_unknown_within_ones_own(world, jm1503):
    with pytest.raises(DomainError) as refused:
        staff_request(world, codes=jm1503.number)

    assert jm1503.number in refused.value.message
    assert not AccessRequest.objects.exists()


def test_a_project_one_does_not_work_in_is_refused(world, jm1503):
    with pytest.raises(DomainError) as refused:
        access_request_file(data=request_data(world, project=world.jm, codes="T1-15-1503"), actor=world.engineer)

    assert refused.value.code == "forbidden"
    assert not AccessRequest.objects.exists()


@pytest.mark.parametrize("user", ["archivist", "assistant", "supervisor", "manager"])
def test_customer_service_staff_read_directly_and_file_no_staff_request(world, user):
    with pytest.raises(DomainError) as refused:
        access_request_file(data=request_data(world), actor=world.users[user])

    assert refused.value.code == "forbidden"


def test_other_departments_cannot_register_an_owner_or_outsider(world):
    for kind in (RequestKind.OWNER, RequestKind.OUTSIDER):
        with pytest.raises(DomainError):
            access_request_file(data=request_data(world, kind=kind, visitor_name="张伟"), actor=world.engineer)
    assert not AccessRequest.objects.exists()


def test_the_purpose_and_a_window_that_ends_in_the_future_are_required(world, hy1503):
    with pytest.raises(DomainError) as no_purpose:
        staff_request(world, purpose="   ")
    with pytest.raises(DomainError) as backwards:
        staff_request(world, **{**window(), "window_end": window()["window_start"]})
    with pytest.raises(DomainError) as past:
        staff_request(world, **window(hours=1, start_in=-3))

    assert (no_purpose.value.field, backwards.value.field, past.value.field) == ("purpose", "window_end", "window_end")
    assert not AccessRequest.objects.exists()
