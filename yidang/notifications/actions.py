"""Sending notices: in the app (the bell) and by email, each at most once per user and key."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from yidang.notifications.models import Notification

log = logging.getLogger(__name__)


def _mail(address: str, text: str, url: str) -> None:
    try:
        send_mail(text[:78], f"{text}\n{url}", None, [address])
    except Exception:  # a mail server down must not undo the notice; it is logged for the admin
        log.exception("notification mail to %s failed", address)


@transaction.atomic
def notify(*, users: Iterable[Any], key: str, text: str, url: str = "", email: bool = True) -> int:
    """Notify each user once for ``key``; returns how many were new. Mail goes out after commit."""
    sent = 0
    for user in {u.pk: u for u in users if u is not None and u.is_active}.values():
        try:
            with transaction.atomic():
                Notification.objects.create(user=user, at=timezone.now(), text=text[:300], url=url, key=key[:120])
        except IntegrityError:
            continue  # already told: a second worker or a second run
        sent += 1
        if email and user.email:
            transaction.on_commit(partial(_mail, user.email, text, url))
    return sent


@dataclass(frozen=True)
class Notice:
    user: Any
    key: str
    text: str
    url: str = ""


@transaction.atomic
def notify_many(notices: Iterable[Notice]) -> int:
    """Many notices in one INSERT (a sweep's batch); a key a user already has is skipped by the database.

    Mail goes to the users with an address, after commit. Callers guarantee a notice is built once
    (the sweep's row locks do), so a skipped duplicate here is only a re-run after a crash.
    """
    now = timezone.now()
    rows = [Notification(user=n.user, at=now, text=n.text[:300], url=n.url, key=n.key[:120]) for n in notices]
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    for row in rows:
        if row.user.email:
            transaction.on_commit(partial(_mail, row.user.email, row.text, row.url))
    return len(rows)


@transaction.atomic
def notifications_mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())
