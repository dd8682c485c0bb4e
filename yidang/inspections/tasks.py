"""Background work of inspections, run by the Huey consumer (``manage.py run_huey``)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from yidang.inspections.actions import inspection_proposals_refresh, inspection_samples_due


@db_periodic_task(crontab(minute="23", hour="*/6"))
def inspections_periodic_task() -> tuple[int, int]:
    """Every six hours: propose full checks of buildings that reached a trigger, and draw the half
    year's sample of each project that has none yet. Both are idempotent, so a missed run catches up."""
    return inspection_proposals_refresh(), inspection_samples_due()
