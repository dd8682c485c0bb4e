"""Reads that decide what an approved request lets someone see."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from yidang.access.models import AccessRequest, RequestKind, RequestStatus
from yidang.accounts.models import User
from yidang.archive.models import Archive


def requests_granting(user: User, at: datetime | None = None) -> QuerySet[AccessRequest]:
    """The user's own approved reading requests whose time window is open now (an SQL filter)."""
    if not user.is_authenticated or not user.is_active:
        return AccessRequest.objects.none()
    at = at or timezone.now()
    return AccessRequest.objects.filter(
        requester=user,
        kind=RequestKind.STAFF,
        status=RequestStatus.APPROVED,
        window_start__lte=at,
        window_end__gt=at,
    )


def archives_granted_to(user: User, at: datetime | None = None) -> QuerySet[Archive]:
    """Exactly the files named in the user's open approved requests, and only while the window is open."""
    return Archive.objects.filter(access_requests__in=requests_granting(user, at)).distinct()
