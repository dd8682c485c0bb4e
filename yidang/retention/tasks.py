"""Background work of retention, run by the Huey consumer (``manage.py run_huey``)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from yidang.retention.actions import destroyed_bytes_purge, destruction_lists_remind, retention_sweep


@db_periodic_task(crontab(minute="23", hour="18"))
def retention_sweep_task() -> int:
    """Daily (02:23 in Shanghai): list newly expired documents, and finish wiping destroyed scans' bytes.

    Idempotent: a second run the same day, or two workers at once, lists nothing twice.
    """
    listed = retention_sweep()
    destroyed_bytes_purge()
    return listed


@db_periodic_task(crontab(minute="17"))
def destruction_lists_remind_task() -> int:
    """Hourly: remind the general manager once of a destruction list whose deadline is within a working day."""
    return destruction_lists_remind()
