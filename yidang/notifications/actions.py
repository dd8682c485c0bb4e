"""Sending notices: in the app (the bell) and by email, each at most once per user and key."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
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


def notify_rows(rows: Sequence[tuple[int, str, str, str]], *, emails: Mapping[int, str]) -> int:
    """Many notices as plain rows ``(user id, key, text, url)`` in one statement (a sweep of 100,000 clocks);
    a key a user already has is skipped by the database (``notification_once_per_key``).

    ``emails``: the address of each user who has one; mail goes to the newly told ones, after commit.
    Returns how many were new. Must run inside the caller's transaction.
    """
    if not rows:
        return 0
    table = Notification._meta.db_table
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    texts = [(user, key[:120], text[:300], url) for user, key, text, url in rows]
    new: list[tuple[int, str, str, str]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} (user_id, at, text, url, key, read_at)"
                " SELECT r.u, %s, r.t, r.l, r.k, NULL FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[])"
                " AS r(u, k, t, l) ON CONFLICT (user_id, key) DO NOTHING RETURNING user_id, key, text, url",
                [at, *map(list, zip(*texts, strict=True))],
            )
            new = list(cursor.fetchall())
        else:
            for user, key, text, url in texts:
                cursor.execute(
                    f"INSERT INTO {table} (user_id, at, text, url, key, read_at) VALUES (%s, %s, %s, %s, %s, NULL)"
                    " ON CONFLICT (user_id, key) DO NOTHING RETURNING user_id",
                    [user, at, text, url, key],
                )
                if cursor.fetchone() is not None:
                    new.append((user, key, text, url))
    for user, _key, text, url in new:
        if emails.get(user):
            transaction.on_commit(partial(_mail, emails[user], text, url))
    return len(new)
