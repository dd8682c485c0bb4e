"""Background work of the archive, run by the Huey consumer (``manage.py run_huey``)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from yidang.archive.actions import checklists_refresh_all


@db_task()
def checklists_refresh_task() -> int:
    return checklists_refresh_all()
