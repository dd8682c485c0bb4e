"""Background printouts of the paper archive, run by the Huey consumer (``manage.py run_huey``)."""

from __future__ import annotations

import logging

from huey.contrib.djhuey import db_task

from yidang.accounts.models import User
from yidang.places.models import Building
from yidang.printing.jobs import print_job_fail, print_job_finish
from yidang.shelving.printouts import catalogue_pdf

log = logging.getLogger(__name__)


@db_task()
def catalogue_job_task(key: str, building_id: int, user_id: int) -> None:
    """Render a large building's catalogue for the job ``key``."""
    try:
        building = Building.objects.select_related("project").get(pk=building_id)
        print_job_finish(key, catalogue_pdf(building, User.objects.get(pk=user_id)))
    except Exception as exc:  # the person waiting must learn it failed, not wait forever
        log.exception("catalogue printout %s failed", key)
        print_job_fail(key, str(exc))
