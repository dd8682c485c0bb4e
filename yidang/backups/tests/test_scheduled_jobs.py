"""The scheduled backup keeps the newest N; the scheduled fixity check runs the archive's fixity_check and
records what it found; both schedules are read in the office's time zone."""

from __future__ import annotations

from datetime import datetime

from yidang.audit.models import AuditEvent
from yidang.backups import tasks
from yidang.backups.models import BackupRun


def test_the_scheduled_backup_keeps_the_newest_n(filed, settings, tmp_path):
    settings.YIDANG_BACKUP_DEST = str(tmp_path / "offsite")
    settings.YIDANG_BACKUP_KEEP = 2
    removed = [tasks.backup_task.call_local() for _ in range(3)]

    kept = sorted(p.name for p in (tmp_path / "offsite").iterdir())
    assert removed[:2] == [[], []] and len(removed[2]) == 1 and removed[2][0] < kept[0]
    assert len(kept) == 2 and all((tmp_path / "offsite" / k / "manifest.json").exists() for k in kept)
    assert BackupRun.objects.filter(kind="backup", status="ok").count() == 3


def test_unfinished_remains_older_than_a_finished_backup_are_pruned(filed, settings, tmp_path):
    settings.YIDANG_BACKUP_DEST = str(tmp_path / "offsite")
    settings.YIDANG_BACKUP_KEEP = 5
    (tmp_path / "offsite" / "yidang-20200101T000000.000000Z" / "files").mkdir(parents=True)  # a killed run

    removed = tasks.backup_task.call_local()

    assert removed == ["yidang-20200101T000000.000000Z"]
    assert len(list((tmp_path / "offsite").iterdir())) == 1


def test_no_destination_means_no_scheduled_backup(db, settings):
    settings.YIDANG_BACKUP_DEST = ""

    assert tasks.backup_task.call_local() == []
    assert not BackupRun.objects.exists()


def test_the_scheduled_fixity_check_records_an_altered_scan(filed, media):
    _, scans = filed
    stored = media / scans[0].storage_name
    stored.write_bytes(stored.read_bytes() + b"x")

    assert tasks.fixity_task.call_local() == 1

    run = BackupRun.objects.get(kind="fixity")
    assert run.status == "failed" and run.files == 6 and run.problems == 1
    assert f"{scans[0].storage_name}：内容已被改动" in run.message
    assert AuditEvent.objects.filter(object_type="backups.backuprun", action="fixity.failed").count() == 1
    assert AuditEvent.objects.filter(action="scan.fixity_failed", object_id=str(scans[0].pk)).exists()


def test_the_scheduled_fixity_check_of_intact_scans_succeeds(filed):
    assert tasks.fixity_task.call_local() == 0

    run = BackupRun.objects.get(kind="fixity")
    assert run.status == "ok" and run.files == 6 and "共校验 6 个扫描件，异常 0 个" in run.message


def test_schedules_are_read_in_local_time():
    nightly = tasks.local_crontab("30 2 * * *")  # 02:30 in Asia/Shanghai is 18:30 UTC the day before

    assert nightly(datetime(2026, 12, 3, 18, 30))
    assert not nightly(datetime(2026, 12, 4, 2, 30))
