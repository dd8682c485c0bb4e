"""Rows committed while a backup runs: the dump holds exactly those of one moment, and the manifest counts
that same moment (PostgreSQL: the exported snapshot shared by the counts and pg_dump)."""

from __future__ import annotations

import io
import json
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from yidang.backups.actions import SLOWDOWN_ENV
from yidang.backups.models import BackupRun


@pytest.mark.postgres
def test_a_backup_taken_while_rows_are_written_restores_exactly_its_snapshot(filed, fresh, tmp_path, monkeypatch):
    monkeypatch.setenv(SLOWDOWN_ENV, "0.1")
    stop, written = threading.Event(), threading.Semaphore(0)

    def writer() -> None:
        try:
            while not stop.is_set():
                BackupRun.objects.create(kind="fixity", status="ok", started_at=timezone.now())
                written.release()
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        for _ in range(20):
            assert written.acquire(timeout=10)
        call_command("backup", str(tmp_path / "backups"), stdout=io.StringIO())
        for _ in range(20):  # the writer went on after the snapshot
            assert written.acquire(timeout=10)
    finally:
        stop.set()
        thread.join()
    (backup,) = (tmp_path / "backups").iterdir()
    in_snapshot = json.loads((backup / "manifest.json").read_text())["database"]["tables"]["backups_backuprun"]
    total = BackupRun.objects.filter(kind="fixity").count()
    assert 20 <= in_snapshot < total

    restored = fresh.manage("restore", str(backup))

    assert restored.returncode == 0, restored.stderr  # restore itself compares every table with the manifest
    assert fresh.table_counts()["backups_backuprun"] == in_snapshot + 1  # and the restore's own run
