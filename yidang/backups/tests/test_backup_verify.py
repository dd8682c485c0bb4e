"""backup_verify re-hashes every file and the dump against the manifest and names what is wrong."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


@pytest.fixture
def backup(filed, tmp_path):
    call_command("backup", str(tmp_path / "backups"), stdout=io.StringIO())
    (folder,) = (tmp_path / "backups").iterdir()
    return folder


def _verify(target) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("backup_verify", str(target), stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def _dump(backup):
    return next(p for p in backup.iterdir() if p.name.startswith("database."))


def test_a_good_backup_verifies(backup):
    out, failed = _verify(backup)

    assert failed is None, out
    assert "数据库转储：完整" in out and "异常 0 项" in out and "完好" in out


def test_the_folder_of_backups_verifies_its_newest(backup):
    out, failed = _verify(backup.parent)

    assert failed is None and f"校验 {backup}" in out


def test_an_altered_file_is_named(backup):
    manifest = json.loads((backup / "manifest.json").read_text())
    name = manifest["files"][0]["name"]
    stored = backup / "files" / name
    stored.write_bytes(stored.read_bytes()[:-1] + b"\x00")

    out, failed = _verify(backup)

    assert failed is not None and failed.returncode != 0
    assert f"校验失败：文件内容与清单不符：{name}" in out
    assert "异常 1 项" in out


def test_a_missing_file_is_named(backup):
    manifest = json.loads((backup / "manifest.json").read_text())
    name = manifest["files"][-1]["name"]
    (backup / "files" / name).unlink()

    out, failed = _verify(backup)

    assert failed is not None
    assert f"校验失败：文件缺失：{name}" in out


def test_a_cut_off_dump_is_named(backup):
    dump = _dump(backup)
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])

    out, failed = _verify(backup)

    assert failed is not None
    assert f"校验失败：数据库转储 {dump.name} 不完整或已被改动" in out


def test_a_manifest_that_is_not_json_is_refused(backup):
    (backup / "manifest.json").write_text('{"format": "yidang-backup/1", "files": [')

    out, failed = _verify(backup)

    assert failed is not None and "清单 manifest.json 无法解析" in out


def test_a_manifest_naming_a_path_outside_the_backup_is_refused(backup):
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["files"][0]["name"] = "../../etc/passwd"
    (backup / "manifest.json").write_text(json.dumps(manifest))

    out, failed = _verify(backup)

    assert failed is not None and "备份中的路径不合法：files/../../etc/passwd" in out


def test_a_place_with_no_backup_is_an_error(db, tmp_path):
    _out, failed = _verify(tmp_path)

    assert failed is not None and "没有备份" in str(failed)
