"""The manifest of one backup (``manifest.json``) and checking a backup against it.

A backup folder holds ``database.sqlite3`` or ``database.pgdump``, ``files/<storage name>`` for every
stored file and ``manifest.json``: each file's SHA-256 and size, the dump's SHA-256 and size, each
table's row count and the applied migrations. The manifest is written last, so a folder without
one is a backup that never finished and never verifies.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from yidang.backups import databases
from yidang.backups.destinations import CHUNK, Destination
from yidang.core.errors import DomainError

FORMAT = "yidang-backup/1"
MANIFEST = "manifest.json"
FILES = "files"


class HashingReader:
    """Reads through a stream, hashing and counting the bytes that pass."""

    def __init__(self, fh: IO[bytes] | Any) -> None:
        self.fh, self.digest, self.size = fh, hashlib.sha256(), 0

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data

    def drain(self) -> HashingReader:
        while self.read(CHUNK):
            pass
        return self

    @property
    def sha256(self) -> str:
        return self.digest.hexdigest()


def file_sha256(path: Path) -> tuple[str, int]:
    with open(path, "rb") as fh:
        reader = HashingReader(fh).drain()
    return reader.sha256, reader.size


def manifest_read(backup: Destination) -> dict[str, Any]:
    """The manifest, or a DomainError saying why this is not a finished backup."""
    try:
        with backup.open(MANIFEST) as fh:
            data = json.loads(fh.read())
    except FileNotFoundError:
        raise DomainError(
            _("%(where)s 没有清单 manifest.json：这不是一份完成的备份（可能在复制中途被中断）") % {"where": backup.url}
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise DomainError(_("清单 manifest.json 无法解析：%(error)s") % {"error": exc}) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DomainError(_("清单格式不是 %(format)s，无法使用此备份") % {"format": FORMAT})
    return data


def backup_resolve(destination: Destination) -> Destination:
    """The backup at ``destination``: itself when it holds a manifest or is one backup's folder (then an
    unfinished one, which verify names), else the newest finished backup under it."""
    if destination.exists(MANIFEST):
        return destination
    backups = [name for name in destination.children() if name.startswith("yidang-")]
    for name in reversed(backups):
        if destination.child(name).exists(MANIFEST):
            return destination.child(name)
    if backups:
        return destination.child(backups[-1])
    if any(True for _ in destination.files()):
        return destination
    raise DomainError(_("%(where)s 没有备份") % {"where": destination.url})


@dataclass
class Report:
    """What checking a backup found: ``problems`` empty means it is good."""

    backup: str
    manifest: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    files: int = 0
    bytes: int = 0


def dump_fetch(backup: Destination, manifest: dict[str, Any], workdir: Path) -> tuple[Path, str]:
    """Copy the dump to ``workdir``; the local path and "" when it matches the manifest, else what is wrong."""
    db = manifest.get("database") or {}
    name = db.get("file", "")
    if name not in (databases.SQLITE_DUMP, databases.PG_DUMP):
        return workdir / "missing", _("清单没有记录数据库转储")
    local = workdir / name
    try:
        with backup.open(name) as fh, open(local, "wb") as out:
            reader = HashingReader(fh)
            while chunk := reader.read(CHUNK):
                out.write(chunk)
    except FileNotFoundError:
        return local, _("数据库转储 %(name)s 缺失") % {"name": name}
    if reader.size != db.get("size") or reader.sha256 != db.get("sha256"):
        return local, _(
            "数据库转储 %(name)s 不完整或已被改动（清单 %(want)s 字节，实际 %(got)s 字节，SHA-256 %(sha)s）"
        ) % {
            "name": name,
            "want": db.get("size"),
            "got": reader.size,
            "sha": "一致" if reader.sha256 == db.get("sha256") else "不符",
        }
    return local, ""


def dump_problem(manifest: dict[str, Any], local: Path) -> str:
    """Beyond its hash: the dump opens and holds every table the manifest counts."""
    tables = manifest["database"].get("tables", {})
    if manifest.get("engine") == "sqlite":
        return databases.sqlite_dump_problem(local, tables)
    return databases.pg_dump_problem(local, tables)


def manifest_files(manifest: dict[str, Any]) -> Iterator[tuple[str, str, int]]:
    for entry in manifest.get("files", []):
        yield entry["name"], entry["sha256"], entry["size"]


def backup_check(backup: Destination, progress: Callable[[str], None]) -> Report:
    """Re-hash the dump and every file against the manifest. Problems are named, never raised."""
    report = Report(backup.url)
    try:
        report.manifest = manifest_read(backup)
    except DomainError as exc:
        report.problems.append(exc.message)
        return report
    with tempfile.TemporaryDirectory(prefix="yidang-verify-") as tmp:
        local, problem = dump_fetch(backup, report.manifest, Path(tmp))
        problem = problem or dump_problem(report.manifest, local)
        if problem:
            report.problems.append(problem)
        progress(_("数据库转储：%(state)s") % {"state": problem or _("完整")})
    total = len(report.manifest.get("files", []))
    for name, sha256, size in manifest_files(report.manifest):
        problem = _file_problem(backup, name, sha256, size)
        if problem:
            report.problems.append(problem)
        report.files += 1
        report.bytes += size
        progress_files(progress, report.files, total, report.bytes)
    return report


def _file_problem(backup: Destination, name: str, sha256: str, size: int) -> str:
    try:
        with backup.open(f"{FILES}/{name}") as fh:
            reader = HashingReader(fh).drain()
    except FileNotFoundError:
        return _("文件缺失：%(name)s") % {"name": name}
    except DomainError as exc:  # a name that would leave the backup
        return exc.message
    if reader.sha256 != sha256 or reader.size != size:
        return _("文件内容与清单不符：%(name)s（清单 %(want)s 字节，实际 %(got)s 字节）") % {
            "name": name,
            "want": size,
            "got": reader.size,
        }
    return ""


def progress_files(progress: Callable[[str], None], done: int, total: int, size: int) -> None:
    progress(_("文件 %(done)s/%(total)s（%(mb).1f MB）") % {"done": done, "total": total, "mb": size / 1048576})
