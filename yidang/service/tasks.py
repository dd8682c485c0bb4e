"""The service desk's periodic work, run by the Huey consumer (``make worker``)."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from yidang.service.sla import sla_sweep


@db_periodic_task(crontab(minute="*"))
def sla_sweep_task() -> dict[str, int]:
    """Every minute: warnings and breaches of the clocks that fell due. Safe to run on several workers."""
    return sla_sweep(now=timezone.now())
