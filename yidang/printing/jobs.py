"""Printouts too long to render within a request (a building's catalogue): rendered by the job worker.

A job lives in the cache (shared by the web server and the worker: Redis, or the file cache on one
machine) for an hour; its PDF waits in the default storage until its owner fetches it once.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from typing import Any

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

JOB_SECONDS = 3600


@dataclass
class PrintJob:
    key: str
    user_id: int
    title: str
    filename: str
    status: str = "pending"  # pending → done | failed
    storage_name: str = ""
    error: str = ""


def _cache_key(key: str) -> str:
    return f"yidang:printjob:{key}"


def print_job_start(*, user: Any, title: str, filename: str) -> PrintJob:
    job = PrintJob(key=secrets.token_urlsafe(16), user_id=user.pk, title=title, filename=filename)
    cache.set(_cache_key(job.key), asdict(job), JOB_SECONDS)
    return job


def print_job_get(user: Any, key: str) -> PrintJob | None:
    """The job, if it is ``user``'s (anyone else's key is as good as unknown)."""
    raw = cache.get(_cache_key(key))
    job = PrintJob(**raw) if raw else None
    return job if job is not None and job.user_id == user.pk else None


def print_job_finish(key: str, pdf: bytes) -> None:
    raw = cache.get(_cache_key(key))
    if not raw:
        return  # expired while rendering: nobody is waiting
    name = default_storage.save(f"printouts/{key}.pdf", ContentFile(pdf))
    cache.set(_cache_key(key), raw | {"status": "done", "storage_name": name}, JOB_SECONDS)


def print_job_fail(key: str, error: str) -> None:
    raw = cache.get(_cache_key(key))
    if raw:
        cache.set(_cache_key(key), raw | {"status": "failed", "error": error[:300]}, JOB_SECONDS)


def print_job_take(job: PrintJob) -> bytes:
    """The finished PDF, handed over once: the file and the job are gone afterwards."""
    with default_storage.open(job.storage_name, "rb") as f:
        body = f.read()
    default_storage.delete(job.storage_name)
    cache.delete(_cache_key(job.key))
    return bytes(body)
