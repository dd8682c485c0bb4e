"""Reads of the usage ledger: who may see which uses, the filtered ledger and the monthly figures.

Visibility is an SQL filter on the row's project; every count is a GROUP BY in the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of
from yidang.households.models import Occupancy
from yidang.households.queries import households_visible_to
from yidang.people.models import Person
from yidang.places.models import Room
from yidang.usage.models import UsageKind, UsageRecord

LEDGER_PERMISSION = "usage.view_usagerecord"
TOP_PURPOSES = 12


def usage_visible_to(user: User) -> QuerySet[UsageRecord]:
    """Uses in the user's projects, for those who keep the ledger (archivist, CS heads, GM)."""
    if not user.is_authenticated or not user.has_perm(LEDGER_PERMISSION):
        return UsageRecord.objects.none()
    if user.is_superuser:
        return UsageRecord.objects.all()
    return UsageRecord.objects.filter(project_id__in=project_ids_of(user))


def reveals_since(user: User, since: datetime) -> QuerySet[UsageRecord]:
    """The user's own ID-number reveals since ``since`` (the rate limit counts these)."""
    return UsageRecord.objects.filter(user=user, kind=UsageKind.REVEAL_ID, at__gte=since)


# ---- months --------------------------------------------------------------------------------------


def month_start(month: date) -> datetime:
    """Midnight of the month's first day, in the company's time zone."""
    return timezone.make_aware(datetime(month.year, month.month, 1))


def month_add(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def in_month(rows: QuerySet[UsageRecord], month: date) -> QuerySet[UsageRecord]:
    return rows.filter(at__gte=month_start(month), at__lt=month_start(month_add(month, 1)))


# ---- the ledger ------------------------------------------------------------------------------------


def usage_ledger(
    user: User,
    *,
    month: date | None = None,
    kind: str = "",
    who: str = "",
    number: str = "",
    purpose: str = "",
) -> QuerySet[UsageRecord]:
    """The ledger the user may see, filtered, newest first."""
    rows = usage_visible_to(user)
    if month is not None:
        rows = in_month(rows, month)
    if kind:
        rows = rows.filter(kind=kind)
    if who:
        rows = rows.filter(
            Q(user__username__icontains=who)
            | Q(user__display_name__icontains=who)
            | Q(department__icontains=who)
            | Q(visitor__icontains=who)
        )
    if number:
        rows = rows.filter(archive__number__icontains=number)
    if purpose:
        rows = rows.filter(purpose__icontains=purpose)
    return rows.select_related("user", "archive", "request").order_by("-at", "-id")


# ---- monthly figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    count: int
    share: int  # percent of the largest bar, for the chart's width


@dataclass
class UsageMonthly:
    month: date
    total: int
    by_kind: list[Bar]
    by_purpose: list[Bar]
    by_department: list[Bar]
    by_category: list[Bar]
    trend: list[Bar] = field(default_factory=list)


def usage_monthly(user: User, month: date | None = None) -> UsageMonthly:
    """The month's uses the user may see: counts by kind, purpose, department and category, and a 12-month trend."""
    month = month or this_month()
    rows = in_month(usage_visible_to(user), month)
    kinds = _counts(rows, "kind")
    return UsageMonthly(
        month=month,
        total=sum(kinds.values()),
        by_kind=_bars([(k.value, str(k.label), kinds.get(k.value, 0)) for k in UsageKind]),
        by_purpose=_top(_counts(rows, "purpose"), _("未填写（本部门日常工作）")),
        by_department=_labelled(_counts(rows, "department"), _("无部门（来访人）")),
        by_category=_labelled(_counts(rows, "category"), _("整份档案 / 不分类别")),
        trend=usage_trend(user, month),
    )


def usage_trend(user: User, month: date, months: int = 12) -> list[Bar]:
    """Uses per month for the ``months`` months ending with ``month`` (empty months count 0)."""
    first = month_add(month, 1 - months)
    rows = usage_visible_to(user).filter(at__gte=month_start(first), at__lt=month_start(month_add(month, 1)))
    tz = timezone.get_current_timezone()
    per_month = rows.annotate(m=TruncMonth("at", tzinfo=tz)).values("m").annotate(n=Count("id")).order_by()
    counts = {_as_month(r["m"]): r["n"] for r in per_month}
    series = [month_add(first, i) for i in range(months)]
    return _bars([(f"{m:%Y-%m}", f"{m.month}月", counts.get(m, 0)) for m in series])


def _as_month(value: Any) -> date:
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return date(value.year, value.month, 1)


def _counts(rows: QuerySet[UsageRecord], column: str) -> dict[str, int]:
    grouped = rows.values(column).annotate(n=Count("id")).order_by()
    return {r[column]: r["n"] for r in grouped}


def _labelled(counts: dict[str, int], blank: str) -> list[Bar]:
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return _bars([(key, key or blank, n) for key, n in ordered])


def _top(counts: dict[str, int], blank: str) -> list[Bar]:
    """The most frequent purposes; the rest summed as 其他."""
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    bars = [(key, key or blank, n) for key, n in ordered[:TOP_PURPOSES]]
    rest = sum(n for _key, n in ordered[TOP_PURPOSES:])
    if rest:
        bars.append(("__other__", _("其他目的"), rest))
    return _bars(bars)


def _bars(items: list[tuple[str, str, int]]) -> list[Bar]:
    top = max((n for _k, _l, n in items), default=0) or 1
    return [Bar(key, label, n, round(n * 100 / top)) for key, label, n in items]


# ---- whose ID number --------------------------------------------------------------------------------


def person_for_reveal(user: User, person_pk: int, room_pk: int | None = None) -> tuple[Person, Room]:
    """A person who lives (or lived) in a household the user may see, with that household; else 404.

    Given ``room_pk`` (the household page), that household; otherwise the person's current one first.
    """
    occupancies = Occupancy.objects.filter(person_id=person_pk, room__in=households_visible_to(user))
    if room_pk is not None:
        occupancies = occupancies.filter(room_id=room_pk)
    occ = (
        occupancies.select_related("person", "room__project")
        .order_by(F("end_date").desc(nulls_first=True), "-id")
        .first()
    )
    if occ is None or occ.person is None:
        raise Http404("没有找到该人员")
    return occ.person, occ.room
