"""Working-day arithmetic on the company calendar: loans' due dates today, SLA clocks tomorrow.

The calendar is Monday–Friday, except the days listed in ``CalendarDay`` (holidays on weekdays,
weekend days worked for 调休). Every function reads the exceptions of the span it needs in one
query; none of them caches, so an admin's change applies at once.

The API, in the local time zone (``TIME_ZONE``):

- ``is_workday(d)`` — is this date a working day?
- ``end_of_working_day(at)`` — the end (``YIDANG_WORKDAY_END``, default 18:00) of the working day
  ``at`` falls in; after hours or on a day off, the end of the next working day. "Same day".
- ``add_working_days(start, n)`` — the end of the n-th working day after ``start``'s date. The day
  the period starts is not counted, as the Civil Code counts periods (民法典 第二百零一条): a loan
  handed out on Monday for 3 working days is due on Thursday at 18:00; across National Day, on the
  third working day after the holiday. ``n = 0`` is ``end_of_working_day(start)``.
- ``working_days_between(a, b)`` — working days after ``a`` up to and including ``b`` (negative
  when ``b`` is earlier), so ``working_days_between(d, add_working_days(d, n)) == n``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from yidang.workdays.models import CalendarDay

# A window of this many days holds the longest run of days off (Spring Festival: 9) many times over.
_SPAN = 31


def _exceptions(first: date, last: date) -> dict[date, bool]:
    """The calendar's exceptions between two dates (inclusive): date → is a working day."""
    return dict(CalendarDay.objects.filter(date__range=(first, last)).values_list("date", "is_workday"))


def _by_rule(d: date) -> bool:
    return d.weekday() < 5


def is_workday(d: date) -> bool:
    """Whether ``d`` is a working day: its calendar entry, else Monday to Friday."""
    listed = CalendarDay.objects.filter(date=d).values_list("is_workday", flat=True).first()
    return _by_rule(d) if listed is None else listed


def workday_end() -> time:
    """The time a working day ends (``YIDANG_WORKDAY_END``): when things due "that day" are due."""
    return time.fromisoformat(settings.YIDANG_WORKDAY_END)


def _end_of(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, workday_end()))


def _local(at: datetime) -> datetime:
    return timezone.localtime(at if timezone.is_aware(at) else timezone.make_aware(at))


def working_days_from(first: date, *, span: int = _SPAN) -> Iterator[date]:
    """The working days on or after ``first``, in order: one query per ``span`` days walked."""
    while True:
        last = first + timedelta(days=span - 1)
        exceptions = _exceptions(first, last)
        day = first
        while day <= last:
            if exceptions.get(day, _by_rule(day)):
                yield day
            day += timedelta(days=1)
        first = last + timedelta(days=1)


def end_of_working_day(at: datetime) -> datetime:
    """The end of the working day ``at`` falls in; after hours or on a day off, of the next one."""
    local = _local(at)
    first = local.date() if local < _end_of(local.date()) else local.date() + timedelta(days=1)
    return _end_of(next(working_days_from(first, span=14)))


def add_working_days(start: datetime, n: int) -> datetime:
    """The end of the ``n``-th working day after ``start``'s date (its own day not counted)."""
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        return end_of_working_day(start)
    days = working_days_from(_local(start).date() + timedelta(days=1), span=2 * n + _SPAN)
    for counted, day in enumerate(days, start=1):
        if counted == n:
            return _end_of(day)
    raise AssertionError("unreachable: working_days_from never ends")


def _as_date(value: date | datetime) -> date:
    return _local(value).date() if isinstance(value, datetime) else value


def _weekdays(first: date, last: date) -> int:
    """Mondays to Fridays from ``first`` to ``last`` inclusive, by arithmetic."""
    days = (last - first).days + 1
    weeks, rest = divmod(days, 7)
    return weeks * 5 + sum(1 for i in range(rest) if (first.weekday() + i) % 7 < 5)


def working_days_between(a: date | datetime, b: date | datetime) -> int:
    """Working days after ``a`` up to and including ``b``; negative when ``b`` is before ``a``."""
    first, last = _as_date(a), _as_date(b)
    if last < first:
        return -working_days_between(last, first)
    if last == first:
        return 0
    first += timedelta(days=1)
    total = _weekdays(first, last)
    for day, worked in _exceptions(first, last).items():
        if worked != _by_rule(day):
            total += 1 if worked else -1
    return total
