"""Several job workers at once: each building is proposed once, each project sampled once a half year."""

from __future__ import annotations

import threading

import pytest
from django.apps import apps
from django.db import connection

from tests.world import build_world
from yidang.archive.seed import load as load_document_types
from yidang.inspections.actions import inspection_proposals_refresh, inspection_samples_due
from yidang.inspections.models import Inspection, InspectionProposal

WORKERS = 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_job_runs_propose_and_sample_once():
    load_document_types(apps)  # an earlier transactional test may have flushed what the migration seeded
    build_world()
    start = threading.Barrier(WORKERS)
    errors: list[str] = []
    counts: list[tuple[int, int]] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            start.wait()
            try:
                result = (inspection_proposals_refresh(), inspection_samples_due())
            except Exception as exc:  # an IntegrityError or a deadlock would land here and fail the test
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                return
            with lock:
                counts.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    buildings = InspectionProposal.objects.values_list("building__code", flat=True)
    assert sorted(buildings) == ["A2", "T1"]  # the world's fully occupied buildings (B1 is at 50 %)
    assert sum(p for p, _ in counts) == 2
    assert Inspection.objects.count() == 2 and sum(s for _, s in counts) == 2
    assert sorted(Inspection.objects.values_list("project__code", flat=True)) == ["HY", "JM"]
