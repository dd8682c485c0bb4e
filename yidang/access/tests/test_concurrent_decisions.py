"""The supervisor and the manager decide the same request at the same moment: the row lock lets exactly one
decision through; the other is told the request is already decided, and one audit row records the decision."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tests.world import build_world
from yidang.access.actions import RequestData, access_request_approve, access_request_file, access_request_reject
from yidang.access.models import AccessRequest, RequestKind, RequestStatus
from yidang.audit.models import AuditEvent
from yidang.core.errors import DomainError


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_heads_deciding_at_once_make_exactly_one_decision():
    world = build_world()
    now = timezone.now()
    data = RequestData(
        kind=RequestKind.STAFF,
        project=world.hy,
        codes="A2-15-1503",
        purpose="核对管线改造图纸",
        window_start=now,
        window_end=now + timedelta(hours=8),
    )
    request = access_request_file(data=data, actor=world.engineer)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(decision) -> None:
        try:
            stale = AccessRequest.objects.get(pk=request.pk)  # both pages showed it pending
            start.wait()
            decision(stale)
            outcomes.append("done")
        except DomainError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(lambda r: access_request_approve(request=r, actor=world.supervisor),)),
        threading.Thread(
            target=decide, args=(lambda r: access_request_reject(request=r, actor=world.manager, note="不同意"),)
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["decided", "done"]
    request.refresh_from_db()
    assert request.status in (RequestStatus.APPROVED, RequestStatus.REJECTED)
    assert AuditEvent.objects.filter(action__in=["access.approve", "access.reject"]).count() == 1
