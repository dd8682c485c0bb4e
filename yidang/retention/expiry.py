"""When a document's retention runs out.

DA/T 22-2015 counts a retention period from 1 January of the year after the document was made:
a 定期10年 paper dated 2015-06-30 is due for appraisal on 2026-01-01. 永久 never expires. Types whose
trigger is the move-out (``RetentionTrigger.MOVE_OUT``) count from the year after the household the
paper belongs to moved out: the occupancies of the room current on the document's date (tenants
only, for tenancy papers) must all have ended; the latest end date counts. Until then the paper
has no expiry. A panel's keep decision pushes the expiry to its ``keep_until``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Max, QuerySet

from yidang.archive.models import RETENTION_YEARS, Condition, Document, RetentionClass, RetentionTrigger
from yidang.households.models import Occupancy, OccupantRole
from yidang.retention.models import AppraisalItem, Decision, ListStatus

BATCH = 2000


def retention_years(retention_class: str, custom_years: int | None) -> int | None:
    """The period in years, or None for 永久."""
    if retention_class == RetentionClass.CUSTOM:
        return custom_years
    return RETENTION_YEARS.get(RetentionClass(retention_class))


def period_end(start: date, years: int) -> date:
    """The first day after a period of ``years`` counted from 1 January after ``start``."""
    return date(start.year + 1 + years, 1, 1)


def expiry_date(
    *, years: int | None, trigger: str, doc_date: date | None, filed_on: date, moved_out_on: date | None
) -> date | None:
    """The day the document is due for appraisal, or None (永久, or the household has not moved out)."""
    if years is None:
        return None
    if trigger == RetentionTrigger.MOVE_OUT:
        return period_end(moved_out_on, years) if moved_out_on else None
    return period_end(doc_date or filed_on, years)


@dataclass(frozen=True)
class Stay:
    role: str
    start: date | None
    end: date | None


def moved_out_on(stays: Iterable[Stay], on: date, *, tenants_only: bool, today: date) -> date | None:
    """When the household of a paper dated ``on`` left: the latest end of the stays current then, if all ended."""
    current = [
        s
        for s in stays
        if (s.start is None or s.start <= on)
        and (s.end is None or s.end >= on)
        and (not tenants_only or s.role == OccupantRole.TENANT)
    ]
    if not current or any(s.end is None or s.end > today for s in current):
        return None
    return max(s.end for s in current if s.end is not None)


@dataclass(frozen=True)
class Expired:
    document_id: int
    project_id: int
    room_id: int
    expired_on: date


def _candidates() -> QuerySet[Document]:
    """Documents that may be due: not permanent, not destroyed, not waiting on an appraisal or list."""
    waiting = AppraisalItem.objects.filter(decision=Decision.PENDING).values("document_id")
    listed = AppraisalItem.objects.filter(
        decision=Decision.DESTROY,
        on_list=True,
        appraisal__destruction_list__status__in=[ListStatus.PENDING, ListStatus.APPROVED],
    ).values("document_id")
    return (
        Document.objects.filter(destroyed_at__isnull=True)
        .exclude(retention_class=RetentionClass.PERMANENT)
        .exclude(pk__in=waiting)
        .exclude(pk__in=listed)
    )


def _stays(room_ids: set[int]) -> dict[int, list[Stay]]:
    by_room: dict[int, list[Stay]] = defaultdict(list)
    rows = Occupancy.objects.filter(room_id__in=room_ids).values_list("room_id", "role", "start_date", "end_date")
    for room_id, role, start, end in rows:
        by_room[room_id].append(Stay(role, start, end))
    return by_room


def _kept_until(ids: list[int]) -> dict[int, date]:
    rows = (
        AppraisalItem.objects.filter(document_id__in=ids, decision=Decision.KEEP)
        .values("document_id")
        .annotate(until=Max("keep_until"))
    )
    return {r["document_id"]: r["until"] for r in rows}


def documents_expired(today: date, *, held: set[int]) -> Iterator[Expired]:
    """Every document due for appraisal on ``today`` that is free to be listed (``held``: document ids on hold)."""
    fields = (
        "pk",
        "archive__project_id",
        "archive__room_id",
        "retention_class",
        "retention_years",
        "doc_date",
        "created_at",
        "doc_type__retention_trigger",
        "doc_type__condition",
    )
    last = 0
    while rows := list(_candidates().filter(pk__gt=last).order_by("pk").values_list(*fields)[:BATCH]):
        last = rows[-1][0]
        move_out_rooms = {r[2] for r in rows if r[7] == RetentionTrigger.MOVE_OUT}
        stays = _stays(move_out_rooms) if move_out_rooms else {}
        kept = _kept_until([r[0] for r in rows])
        for pk, project_id, room_id, klass, custom, doc_date, created_at, trigger, condition in rows:
            if pk in held:
                continue
            on = doc_date or created_at.date()
            out = None
            if trigger == RetentionTrigger.MOVE_OUT:
                tenants = condition == Condition.HAS_TENANT
                out = moved_out_on(stays.get(room_id, []), on, tenants_only=tenants, today=today)
            years = retention_years(klass, custom)
            due = expiry_date(years=years, trigger=trigger, doc_date=doc_date, filed_on=on, moved_out_on=out)
            if due is not None and pk in kept:
                due = max(due, kept[pk])
            if due is not None and due <= today:
                yield Expired(pk, project_id, room_id, due)
