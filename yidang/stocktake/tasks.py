"""Background work of the storage-care log, run by the Huey consumer (``manage.py run_huey``)."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from yidang.stocktake.actions import care_checks_remind


@db_periodic_task(crontab(minute="17"))
def care_checks_remind_task() -> int:
    """Hourly: chase the weekly walks and monthly full checks still due (each notice once per period).

    Hourly rather than once a day so that a consumer down at that hour catches up later; the notice
    keys keep it to one notice per room, kind and period.
    """
    return care_checks_remind(today=timezone.localdate())
