"""A backup restored into a fresh instance holds the same rows in every table and the same bytes in every file.

Runs on SQLite and, with DATABASE_URL set to PostgreSQL, on PostgreSQL (pg_dump / pg_restore): the source
is the test database, the restore a separate process with its own empty database and storage.
"""

from __future__ import annotations

import io
import json

from django.core.management import call_command

from yidang.backups.databases import table_counts
from yidang.backups.models import BackupRun
from yidang.backups.tests.conftest import media_hashes


def test_backup_then_restore_into_a_fresh_instance_gives_identical_tables_and_files(filed, media, fresh, tmp_path):
    before_tables, before_files = table_counts(), media_hashes(media)
    assert len(before_files) >= 6 and before_tables["archive_scan"] == 6

    out = io.StringIO()
    call_command("backup", str(tmp_path / "backups"), stdout=out)
    (backup,) = (tmp_path / "backups").iterdir()
    manifest = json.loads((backup / "manifest.json").read_text())

    restored = fresh.manage("restore", str(backup))

    assert restored.returncode == 0, restored.stderr
    assert "恢复完成" in restored.stdout
    assert manifest["database"]["tables"] == before_tables  # the snapshot is the database as it was
    after = fresh.table_counts()
    # The restore records itself in the new instance: one run row and its two audit rows, nothing else.
    assert fresh.audit_actions(2) == ["restore.started", "restore.finished"]
    assert after == before_tables | {
        "backups_backuprun": before_tables["backups_backuprun"] + 1,
        "audit_auditevent": before_tables["audit_auditevent"] + 2,
    }
    assert media_hashes(fresh.media) == before_files
    assert {f["name"]: f["sha256"] for f in manifest["files"]} == before_files
    # The restored instance works: its audit chain goes on unbroken, every scan's bytes match its row.
    chain = fresh.manage("audit_verify")
    assert chain.returncode == 0, chain.stdout + chain.stderr
    fixity = fresh.manage("fixity_check")
    assert fixity.returncode == 0 and "共校验 6 个扫描件，异常 0 个" in fixity.stdout


def test_the_backup_run_is_recorded_with_audit_rows_and_not_inside_its_own_dump(filed, media, tmp_path):
    call_command("backup", str(tmp_path / "backups"), stdout=io.StringIO())

    run = BackupRun.objects.get()
    (backup,) = (tmp_path / "backups").iterdir()
    manifest = json.loads((backup / "manifest.json").read_text())
    assert run.kind == "backup" and run.status == "ok" and run.location == str(backup)
    assert run.files == len(manifest["files"]) and run.rows == manifest["totals"]["rows"]
    assert manifest["database"]["tables"]["backups_backuprun"] == 0
    from yidang.audit.models import AuditEvent

    actions = list(AuditEvent.objects.filter(object_type="backups.backuprun").values_list("action", flat=True))
    assert actions == ["backup.started", "backup.finished"]
    assert manifest["database"]["migrations"]["backups"] == ["0001_initial"]
