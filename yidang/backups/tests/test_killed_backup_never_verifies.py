"""A backup killed with SIGKILL while it copies files leaves no manifest, so it never verifies as good
and cannot be restored. The copy is slowed by the test hook so the kill lands half-way every time."""

from __future__ import annotations

import io
import os
import signal
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from yidang.backups.actions import SLOWDOWN_ENV


def _wait_for_copied_files(dest, at_least: int, proc, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        copied = [p for p in dest.glob("yidang-*/files/**/*") if p.is_file()]
        if len(copied) >= at_least:
            return
        assert proc.poll() is None, proc.stdout.read()
        time.sleep(0.05)
    raise AssertionError("the backup never started copying files")


def test_a_backup_killed_while_copying_files_never_verifies_as_good(source, fresh, tmp_path):
    files_total = sum(1 for p in source.media.rglob("*") if p.is_file())
    dest = tmp_path / "backups"
    proc = source.popen("backup", str(dest), **{SLOWDOWN_ENV: "0.5"})
    _wait_for_copied_files(dest, 2, proc)

    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)

    (backup,) = dest.iterdir()
    copied = [p for p in (backup / "files").rglob("*") if p.is_file()]
    assert 2 <= len(copied) < files_total  # half-way: some files copied, not all
    assert (backup / "database.sqlite3").exists() or (backup / "database.pgdump").exists()
    assert not (backup / "manifest.json").exists()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("backup_verify", str(backup), stdout=out)
    assert f"{backup} 没有清单 manifest.json：这不是一份完成的备份" in out.getvalue()
    with pytest.raises(CommandError):  # the folder of backups: its newest is the unfinished one
        call_command("backup_verify", str(dest), stdout=io.StringIO())
    refused = fresh.manage("restore", str(backup))
    assert refused.returncode != 0 and "没有清单 manifest.json" in refused.stderr
    assert fresh.table_counts() == {} and not any(fresh.media.iterdir())
