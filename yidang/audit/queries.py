"""Who may read which audit rows, and the audit search.

Scope, as SQL filters: a user with ``audit.view_audit_search`` (archivist, CS manager, general
manager) sees the rows of their own projects. Rows of no project need ``audit.view_company_events``
as well (CS manager, general manager), and even then only those that carry no other project's data:

* account events (sign-ins, failed sign-ins, lock-outs, password changes, deactivations) of the
  staff of the user's projects, and failed sign-ins under names that are nobody's;
* company-wide settings: the holiday calendar, the company, archive categories and document types,
  groups.

Any other row without a project (an owner or organisation changed in the admin, say, whose row
cannot tell which project it belongs to) is for superusers only, who see every row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of
from yidang.audit.models import AuditEvent

SEARCH_PERMISSION = "audit.view_audit_search"
COMPANY_PERMISSION = "audit.view_company_events"
SYSTEM_WORDS = {"system", "系统"}
ACCOUNT_TYPE = "accounts.user"
COMPANY_WIDE_TYPES = ["workdays.calendarday", "places.company", "archive.category", "archive.documenttype",
                      "auth.group"]  # fmt: skip


def audit_visible_to(user: User) -> QuerySet[AuditEvent]:
    """The audit rows ``user`` may read (see the module's docstring)."""
    if not user.is_authenticated or not user.is_active or not user.has_perm(SEARCH_PERMISSION):
        return AuditEvent.objects.none()
    if user.is_superuser:
        return AuditEvent.objects.all()
    ids = project_ids_of(user)
    scope = Q(project_id__in=ids)
    if user.has_perm(COMPANY_PERMISSION):
        staff = User.objects.filter(projects__in=ids).annotate(key=Cast("pk", CharField())).values("key")
        accounts = Q(object_type=ACCOUNT_TYPE) & (Q(object_id="") | Q(object_id__in=staff))
        scope |= Q(project_id__isnull=True) & (accounts | Q(object_type__in=COMPANY_WIDE_TYPES))
    return AuditEvent.objects.filter(scope)


@dataclass(frozen=True)
class AuditFilters:
    """The search: each field empty means "any"."""

    who: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    object_text: str = ""
    since: date | None = None
    until: date | None = None


def audit_search(user: User, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The rows ``user`` may read that match ``filters``, newest first."""
    rows = audit_visible_to(user).select_related("actor")
    f = filters
    if f.who:
        rows = rows.filter(_actor_matches(f.who))
    if f.action:
        rows = rows.filter(action=f.action) if "." in f.action else rows.filter(action__startswith=f.action + ".")
    if f.object_type:
        rows = rows.filter(object_type=f.object_type)
    if f.object_id:
        rows = rows.filter(object_id=f.object_id)
    if f.object_text:
        rows = rows.filter(object_label__icontains=f.object_text)
    if f.since:
        rows = rows.filter(at__gte=_midnight(f.since))
    if f.until:
        rows = rows.filter(at__lt=_midnight(f.until + timedelta(days=1)))
    return rows.order_by("-at", "-seq")


def _actor_matches(who: str) -> Q:
    """By username or name; "系统" / "system" finds the rows no signed-in person wrote."""
    if who.lower() in SYSTEM_WORDS:
        return Q(actor__isnull=True)
    people = User.objects.filter(Q(username__icontains=who) | Q(display_name__icontains=who))
    return Q(actor__in=people.values("pk"))


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def object_types() -> list[tuple[str, str]]:
    """(label_lower, verbose name) of every model an audit row may name: the project's own apps."""
    found = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if model.__module__.startswith("yidang.") and not model._meta.auto_created:
            found.append((label, str(model._meta.verbose_name)))
    return sorted(found, key=lambda pair: pair[0])


@dataclass(frozen=True)
class DiffLine:
    """One key of a row's change: ``kind`` is changed, same, added (after only) or removed (before only)."""

    key: str
    before: str
    after: str
    kind: str


def change_lines(before: Any, after: Any) -> list[DiffLine]:
    """A row's ``before`` / ``after`` as one line per key, for showing as a small diff."""
    old = before if isinstance(before, dict) else ({} if before is None else {"": before})
    new = after if isinstance(after, dict) else ({} if after is None else {"": after})
    lines = []
    for key in sorted(old.keys() | new.keys()):
        a, b = _shown(old, key), _shown(new, key)
        if key not in new:
            kind = "removed"
        elif key not in old:
            kind = "added"
        else:
            kind = "same" if a == b else "changed"
        lines.append(DiffLine(key, a, b, kind))
    return lines


def _shown(values: dict[str, Any], key: str) -> str:
    if key not in values:
        return ""
    value = values[key]
    if value is None:
        return "—"
    if isinstance(value, str):
        return value or _("（空）")
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
