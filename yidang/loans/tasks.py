"""Background work of loans, run by the Huey consumer (``manage.py run_huey``)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from yidang.loans.actions import loans_remind_overdue
from yidang.workdays.queries import is_workday


@db_periodic_task(crontab(minute="7"))
def loans_remind_overdue_task() -> int:
    """Hourly, from ``YIDANG_LOAN_REMIND_HOUR`` on a working day: chase overdue loans, each once a day.

    Hourly rather than once at a fixed hour so that a consumer down at that hour catches up later
    the same day (and Huey's crontab is in UTC, the office is not); the claim keeps it to one a day.
    """
    now = timezone.localtime()
    if now.hour < settings.YIDANG_LOAN_REMIND_HOUR or not is_workday(now.date()):
        return 0
    return loans_remind_overdue(now=now)
