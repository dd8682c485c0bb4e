"""A backup that cannot be written says why, records the failed run with its audit row, and leaves no manifest."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from yidang.audit.models import AuditEvent
from yidang.backups.models import BackupRun


def test_a_bucket_that_does_not_exist_fails_the_run_clearly(filed, s3):
    with pytest.raises(CommandError, match=r"备份失败：.*NoSuchBucket"):
        call_command("backup", "s3://no-such-bucket-here/yidang", stdout=io.StringIO())

    run = BackupRun.objects.get()
    assert run.status == "failed" and "NoSuchBucket" in run.message and run.finished_at
    assert AuditEvent.objects.filter(object_type="backups.backuprun", action="backup.failed").count() == 1


def test_a_destination_that_is_a_file_fails_the_run_clearly(filed, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")

    with pytest.raises(CommandError, match="备份失败："):
        call_command("backup", str(blocker), stdout=io.StringIO())

    assert BackupRun.objects.get().status == "failed"
    assert blocker.read_text() == "x"


@pytest.mark.parametrize("dest", ["ftp://example/backups", "s3:///prefix-without-bucket", " "])
def test_an_unusable_destination_is_refused_before_anything_runs(db, dest):
    with pytest.raises(CommandError):
        call_command("backup", dest, stdout=io.StringIO())

    assert not BackupRun.objects.exists()


def test_keep_must_be_at_least_one(db, tmp_path):
    with pytest.raises(CommandError, match="--keep 至少为 1"):
        call_command("backup", str(tmp_path), "--keep", "0", stdout=io.StringIO())
