"""Who decides: the CS head for staff and owners, the manager for outsiders and copies; never oneself, never
from another project; a decided request stays decided; the requester may withdraw while it is pending."""

from __future__ import annotations

import pytest

from tests.world import make_user
from yidang.access.actions import (
    access_request_approve,
    access_request_cancel,
    access_request_file,
    access_request_reject,
)
from yidang.access.models import AccessRequest, CopyKind, RequestKind, RequestStatus
from yidang.access.tests.conftest import request_data, staff_request
from yidang.accounts.roles import Role
from yidang.audit.models import AuditEvent
from yidang.core.errors import DomainError


def _unchanged(request: AccessRequest) -> None:
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING and request.decided_by is None
    assert not AuditEvent.objects.filter(action__in=["access.approve", "access.reject"]).exists()


@pytest.mark.parametrize("approver", ["supervisor", "manager"])
def test_the_cs_head_approves_another_departments_reading(world, hy1503, approver):
    request = staff_request(world)

    done = access_request_approve(request=request, actor=world.users[approver], note="同意，限当日")

    assert (done.status, done.decided_by, done.decision_note) == (
        RequestStatus.APPROVED,
        world.users[approver],
        "同意，限当日",
    )
    row = AuditEvent.objects.get(action="access.approve")
    assert (row.actor, row.object_id, row.project_id) == (world.users[approver], str(request.pk), world.hy.pk)


@pytest.mark.parametrize("user", ["archivist", "assistant", "gm", "engineer"])
def test_no_one_else_may_approve_a_reading(world, hy1503, user):
    request = staff_request(world)

    with pytest.raises(DomainError) as refused:
        access_request_approve(request=request, actor=world.users[user])

    assert refused.value.code == "forbidden"
    _unchanged(request)


def test_a_supervisor_of_another_project_may_not_approve(world, hy1503):
    jm_supervisor = make_user("jm_supervisor", Role.CS_SUPERVISOR, [world.jm])
    request = staff_request(world)

    with pytest.raises(DomainError) as refused:
        access_request_approve(request=request, actor=jm_supervisor)

    assert "项目" in refused.value.message
    _unchanged(request)


def test_no_one_approves_their_own_request(world, hy1503):
    copy = access_request_file(
        data=request_data(world, kind=RequestKind.COPY, copy_kind=CopyKind.PRINT), actor=world.manager
    )

    with pytest.raises(DomainError) as refused:
        access_request_approve(request=copy, actor=world.manager)

    assert refused.value.message == "不能审批本人提交的申请"
    _unchanged(copy)


def test_outsiders_and_copies_need_the_manager_not_the_supervisor(world, hy1503):
    copy = access_request_file(
        data=request_data(world, kind=RequestKind.COPY, copy_kind=CopyKind.COPY), actor=world.engineer
    )

    with pytest.raises(DomainError) as refused:
        access_request_approve(request=copy, actor=world.supervisor)

    assert "客服经理" in refused.value.message
    _unchanged(copy)


def test_a_decided_request_cannot_be_decided_again(world, hy1503):
    request = access_request_approve(request=staff_request(world), actor=world.supervisor)

    with pytest.raises(DomainError):
        access_request_reject(request=request, actor=world.manager, note="改变主意")
    with pytest.raises(DomainError):
        access_request_approve(request=request, actor=world.manager)
    assert AuditEvent.objects.filter(action__in=["access.approve", "access.reject"]).count() == 1


def test_a_rejection_says_why(world, hy1503):
    request = staff_request(world)

    with pytest.raises(DomainError) as refused:
        access_request_reject(request=request, actor=world.supervisor, note="  ")
    _unchanged(request)
    done = access_request_reject(request=request, actor=world.supervisor, note="目的不明确")

    assert (done.status, done.decision_note) == (RequestStatus.REJECTED, "目的不明确")
    assert refused.value.field == "note"


def test_a_request_whose_window_has_passed_cannot_be_approved(world, hy1503):
    from yidang.access.tests.conftest import move_window

    request = staff_request(world)
    move_window(request, hours_from_now=-3)

    with pytest.raises(DomainError) as refused:
        access_request_approve(request=request, actor=world.supervisor)

    assert refused.value.code == "expired"
    _unchanged(request)


def test_the_requester_withdraws_while_pending_and_only_then(world, hy1503):
    pending, approved = staff_request(world), staff_request(world)
    access_request_approve(request=approved, actor=world.supervisor)

    with pytest.raises(DomainError):
        access_request_cancel(request=pending, actor=world.supervisor)
    with pytest.raises(DomainError):
        access_request_cancel(request=approved, actor=world.engineer)
    done = access_request_cancel(request=pending, actor=world.engineer)

    assert done.status == RequestStatus.CANCELLED
    approved.refresh_from_db()
    assert approved.status == RequestStatus.APPROVED
    assert AuditEvent.objects.filter(action="access.cancel").count() == 1
