"""restore writes only into an empty database and an empty storage, and only a backup this program can read."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from yidang.backups.databases import table_counts
from yidang.backups.tests.conftest import media_hashes


@pytest.fixture
def backup(filed, tmp_path):
    call_command("backup", str(tmp_path / "backups"), stdout=io.StringIO())
    (folder,) = (tmp_path / "backups").iterdir()
    return folder


def test_a_database_with_tables_is_refused_and_left_alone(backup, media):
    before, files = table_counts(), media_hashes(media)

    with pytest.raises(CommandError, match=r"数据库不是空的（已有 .* 张表"):
        call_command("restore", str(backup), stdout=io.StringIO())

    assert table_counts() == before and media_hashes(media) == files


def test_a_storage_holding_files_is_refused_and_nothing_is_written(backup, fresh):
    (fresh.media / "left-over.pdf").write_bytes(b"%PDF-1.4 something")

    refused = fresh.manage("restore", str(backup))

    assert refused.returncode != 0
    assert "文件存储不是空的（已有 1 个文件，如 left-over.pdf）" in refused.stderr
    assert fresh.table_counts() == {}
    assert [p.name for p in fresh.media.iterdir()] == ["left-over.pdf"]


def test_a_backup_from_a_newer_program_is_refused(backup, fresh):
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["database"]["migrations"]["archive"].append("9999_from_the_future")
    (backup / "manifest.json").write_text(json.dumps(manifest))

    refused = fresh.manage("restore", str(backup))

    assert (
        refused.returncode != 0
        and "此备份来自更新的程序版本（本程序没有迁移 archive.9999_from_the_future）" in refused.stderr
    )
    assert fresh.table_counts() == {} and not any(fresh.media.iterdir())


def test_a_file_altered_in_the_backup_stops_the_restore_before_the_database_is_loaded(backup, fresh):
    manifest = json.loads((backup / "manifest.json").read_text())
    last = backup / "files" / manifest["files"][-1]["name"]
    last.write_bytes(b"tampered")

    refused = fresh.manage("restore", str(backup))

    assert refused.returncode != 0 and "备份中的文件与清单不符，恢复已中止" in refused.stderr
    assert fresh.table_counts() == {}
    assert not [p for p in fresh.media.rglob("*") if p.is_file()]  # the files copied before it are removed
