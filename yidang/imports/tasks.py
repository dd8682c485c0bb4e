"""Background work of imports, run by the Huey consumer (``manage.py run_huey``)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from yidang.imports.jobs import import_job_run


@db_task()
def import_job_task(job_id: int) -> None:
    import_job_run(job_id=job_id)
