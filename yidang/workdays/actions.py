"""Changes to the working calendar. The admin edits single days (audited by ``AuditedAdmin``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from yidang.audit.actions import Change, audit_record_many
from yidang.workdays.holidays import OfficialDay, official_days
from yidang.workdays.models import CalendarDay


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    kept: int


def _view(day: CalendarDay | OfficialDay) -> dict[str, Any]:
    return {"date": day.date.isoformat(), "is_workday": day.is_workday, "name": day.name}


@transaction.atomic
def calendar_days_load(*, actor: Any, replace: bool = False) -> LoadResult:
    """Add the official holidays and 调休 days the calendar does not have yet; idempotent.

    A day already in the calendar (perhaps changed by hand in the admin) is kept as it is,
    unless ``replace``: then it is set back to the official value.
    """
    official = official_days()
    if not official:
        return LoadResult(0, 0, 0)
    existing = {d.date: d for d in CalendarDay.objects.filter(date__range=(official[0].date, official[-1].date))}
    new = [CalendarDay(date=o.date, is_workday=o.is_workday, name=o.name) for o in official if o.date not in existing]
    changed = []
    for o in official:
        day = existing.get(o.date)
        if replace and day is not None and (day.is_workday, day.name) != (o.is_workday, o.name):
            day.is_workday, day.name = o.is_workday, o.name
            changed.append(day)
    CalendarDay.objects.bulk_create(new)
    CalendarDay.objects.bulk_update(changed, ["is_workday", "name"])
    new_dates = {d.date for d in new}
    span = (official[0].date, official[-1].date)
    created = [d for d in CalendarDay.objects.filter(date__range=span) if d.date in new_dates] if new else []
    audit_record_many(
        actor=actor,
        changes=[Change("calendar_day.load", d, after=_view(d)) for d in created]
        + [Change("calendar_day.reset", d, after=_view(d)) for d in changed],
    )
    return LoadResult(created=len(new), updated=len(changed), kept=len(existing) - len(changed))
