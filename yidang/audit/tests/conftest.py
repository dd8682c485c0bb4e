"""Helpers of the audit tests: a signed-in client and rows written the way actions write them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from yidang.audit.actions import Change, audit_record
from yidang.audit.models import AuditEvent


@pytest.fixture
def search(client):
    """``search(user, **filters)`` → the page's response for that user."""

    def get(user: Any, **params: Any) -> Any:
        client.force_login(user)
        return client.get(reverse("audit:search"), params)

    return get


def record(actor: Any, action: str, obj: Any, *, project_id: int | None = None, **kw: Any) -> AuditEvent:
    with transaction.atomic():
        return audit_record(actor=actor, change=Change(action, obj, project_id=project_id, **kw))


def shown_seqs(response: Any) -> list[int]:
    """The seq numbers of the rows on the page, top to bottom."""
    return [int(s) for s in re.findall(r'id="audit-(\d+)"', response.content.decode())]
