"""Backups, restores and scheduled fixity checks, each recorded as a ``BackupRun`` with its audit rows.

Long runs report progress through a ``Reporter``: lines for the command's output (at most one a
second) and the latest state in the cache for the status page (the run's row is only written at
its start and end).
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.audit.actions import Change, audit_record
from yidang.backups import databases
from yidang.backups.destinations import Destination, destination_from
from yidang.backups.manifest import (
    FILES,
    FORMAT,
    MANIFEST,
    HashingReader,
    Report,
    backup_check,
    backup_resolve,
    dump_fetch,
    file_sha256,
    manifest_files,
    manifest_read,
    progress_files,
)
from yidang.backups.models import PROGRESS_KEY, BackupRun, RunKind, RunStatus
from yidang.core.errors import DomainError

# Test hook: seconds to wait after each copied file, so a test can kill a backup while it copies.
SLOWDOWN_ENV = "YIDANG_BACKUP_TEST_SLOWDOWN"


@dataclass
class Reporter:
    """Where a run's progress goes: ``say`` (e.g. a command's stdout) and the cache, for the page."""

    say: Callable[[str], None] = lambda line: None
    run_id: int | None = None
    every: float = 1.0
    _last: float = field(default=0.0, init=False)

    def __call__(self, line: str, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < self.every:
            return
        self._last = now
        self.say(line)
        if self.run_id:
            cache.set(PROGRESS_KEY.format(self.run_id), {"line": line, "at": timezone.now().isoformat()}, 86400)


# ---- run rows ----------------------------------------------------------------------------------


@transaction.atomic
def backup_run_start(*, kind: str, location: str, actor: Any = None) -> BackupRun:
    run = BackupRun.objects.create(kind=kind, location=location[:500], started_at=timezone.now())
    audit_record(actor=actor, change=Change(f"{kind}.started", run, after={"location": run.location}))
    return run


@transaction.atomic
def backup_run_finish(
    *, run: BackupRun, ok: bool, message: str, actor: Any = None, files: int = 0, size: int = 0, rows: int = 0
) -> BackupRun:
    run.status = RunStatus.OK if ok else RunStatus.FAILED
    run.finished_at = timezone.now()
    run.files, run.bytes, run.rows, run.message = files, size, rows, message[:4000]
    run.save()
    after = {"status": run.status, "files": files, "bytes": size, "rows": rows, "message": run.message[:500]}
    audit_record(actor=actor, change=Change(f"{run.kind}.{'finished' if ok else 'failed'}", run, after=after))
    return run


# ---- backup ------------------------------------------------------------------------------------


def backup_name(at: Any) -> str:
    """Sortable by time: ``yidang-20261204T213000.123456Z``."""
    return "yidang-" + at.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%fZ")


def stored_files(storage: Any = None, top: str = "") -> list[str]:
    """Every file in Django's default storage (scans, previews, anything uploaded), sorted."""
    storage = storage or default_storage
    try:
        dirs, names = storage.listdir(top)
    except FileNotFoundError:
        return []
    found = [f"{top}/{n}" if top else n for n in names]
    for d in dirs:
        found += stored_files(storage, f"{top}/{d}" if top else d)
    return sorted(found)


def backup_create(*, url: str, actor: Any = None, say: Callable[[str], None] = print) -> BackupRun:
    """A consistent backup of the database and every stored file under ``url``/yidang-<time>/.

    Order: the database snapshot, then the files (those a snapshot row names were stored before the
    row committed, and stored files are never overwritten), then the manifest — last, atomically.
    """
    target = destination_from(url).child(backup_name(timezone.now()))
    progress = Reporter(say)
    with tempfile.TemporaryDirectory(prefix="yidang-backup-") as tmp:
        dump = databases.database_dump(Path(tmp), progress)
        run = backup_run_start(kind=RunKind.BACKUP, location=target.url, actor=actor)
        progress.run_id = run.pk
        try:
            manifest = _backup_write(target, dump, progress)
        except BaseException as exc:
            backup_run_finish(run=run, ok=False, message=_failure(exc), actor=actor)
            raise
    totals = manifest["totals"]
    progress(_("备份完成：%(where)s") % {"where": target.url}, force=True)
    return backup_run_finish(
        run=run,
        ok=True,
        message=_("备份完成"),
        actor=actor,
        files=totals["files"],
        size=totals["bytes"],
        rows=totals["rows"],
    )


def _failure(exc: BaseException) -> str:
    return exc.message if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"


def _backup_write(target: Destination, dump: databases.Dump, progress: Reporter) -> dict[str, Any]:
    sha256, size = file_sha256(dump.path)
    with open(dump.path, "rb") as fh:
        target.put(dump.name, fh)
    progress(_("数据库转储已写入（%(mb).1f MB）") % {"mb": size / 1048576}, force=True)
    files = _backup_files(target, progress)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "engine": dump.engine,
        "database": {
            "file": dump.name,
            "sha256": sha256,
            "size": size,
            "tables": dump.tables,
            "migrations": dump.migrations,
        },
        "files": files,
        "totals": {
            "files": len(files),
            "bytes": sum(f["size"] for f in files),
            "rows": sum(dump.tables.values()),
            "tables": len(dump.tables),
        },
    }
    target.put_atomic(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    return manifest


def _backup_files(target: Destination, progress: Reporter) -> list[dict[str, Any]]:
    names = stored_files()
    slowdown = float(os.environ.get(SLOWDOWN_ENV) or 0)
    entries, total_bytes = [], 0
    for done, name in enumerate(names, start=1):
        with default_storage.open(name, "rb") as fh:
            reader = HashingReader(fh)
            target.put(f"{FILES}/{name}", reader)  # type: ignore[arg-type]
        entries.append({"name": name, "sha256": reader.sha256, "size": reader.size})
        total_bytes += reader.size
        progress_files(progress, done, len(names), total_bytes)
        if slowdown:
            time.sleep(slowdown)
    progress(_("已复制 %(n)s 个文件") % {"n": len(names)}, force=True)
    return entries


def backups_prune(*, url: str, keep: int) -> list[str]:
    """Keep the newest ``keep`` finished backups under ``url``; remove older ones and the remains of
    runs that never finished (older than the newest finished one, so none still running)."""
    destination = destination_from(url)
    names = destination.children()
    finished = [n for n in names if n.startswith("yidang-") and destination.child(n).exists(MANIFEST)]
    if not finished:
        return []
    doomed = finished[:-keep] if keep else finished
    doomed += [n for n in names if n.startswith("yidang-") and n not in finished and n < finished[-1]]
    for name in sorted(doomed):
        destination.child(name).remove()
    return sorted(doomed)


# ---- verify ------------------------------------------------------------------------------------


def backup_verify(*, url: str, say: Callable[[str], None] = print) -> Report:
    """Check one backup (or the newest under ``url``) against its manifest; read-only, no run row."""
    backup = backup_resolve(destination_from(url))
    say(_("校验 %(where)s") % {"where": backup.url})
    return backup_check(backup, Reporter(say))


# ---- restore -----------------------------------------------------------------------------------


def backup_restore(*, url: str, actor: Any = None, say: Callable[[str], None] = print) -> BackupRun:
    """Restore a backup into an empty database and an empty storage, checking every byte on the way."""
    backup = backup_resolve(destination_from(url))
    manifest = manifest_read(backup)
    _restore_refuse_unless_empty()
    _restore_refuse_newer_schema(manifest)
    progress = Reporter(say)
    progress(_("从 %(where)s 恢复") % {"where": backup.url}, force=True)
    copied: list[str] = []
    with tempfile.TemporaryDirectory(prefix="yidang-restore-") as tmp:
        local, problem = dump_fetch(backup, manifest, Path(tmp))
        if problem:
            raise DomainError(problem)
        try:
            _restore_files(backup, manifest, copied, progress)
            progress(_("载入数据库…"), force=True)
            databases.database_load(manifest["engine"], local)
        except BaseException:
            _discard(copied)
            raise
    _restore_check_rows(manifest)
    _restore_migrate(say)
    run = backup_run_start(kind=RunKind.RESTORE, location=backup.url, actor=actor)
    totals = manifest["totals"]
    progress(_("恢复完成：%(tables)s 张表 %(rows)s 行，%(files)s 个文件") % totals, force=True)
    return backup_run_finish(
        run=run,
        ok=True,
        message=_("已从 %(where)s 恢复") % {"where": backup.url},
        actor=actor,
        files=totals["files"],
        size=totals["bytes"],
        rows=totals["rows"],
    )


def _restore_refuse_unless_empty() -> None:
    tables = databases.database_is_empty()
    if tables:
        raise DomainError(
            _("数据库不是空的（已有 %(n)s 张表，如 %(some)s）：只能恢复到新建的空数据库（恢复前不要运行 migrate）")
            % {"n": len(tables), "some": "、".join(tables[:3])}
        )
    files = stored_files()
    if files:
        raise DomainError(
            _("文件存储不是空的（已有 %(n)s 个文件，如 %(some)s）：只能恢复到空的 MEDIA_ROOT")
            % {"n": len(files), "some": files[0]}
        )


def _code_migrations() -> set[tuple[str, str]]:
    from django.db.migrations.loader import MigrationLoader

    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _restore_refuse_newer_schema(manifest: dict[str, Any]) -> None:
    known = _code_migrations()
    state = manifest["database"].get("migrations", {})
    unknown = [f"{app}.{name}" for app, names in state.items() for name in names if (app, name) not in known]
    if unknown:
        raise DomainError(
            _("此备份来自更新的程序版本（本程序没有迁移 %(names)s）：请先升级程序再恢复")
            % {"names": "、".join(unknown[:5])}
        )


def _restore_files(backup: Destination, manifest: dict[str, Any], copied: list[str], progress: Reporter) -> None:
    entries = list(manifest_files(manifest))
    size = 0
    for done, (name, sha256, want) in enumerate(entries, start=1):
        with backup.open(f"{FILES}/{name}") as fh, tempfile.SpooledTemporaryFile(max_size=8 << 20) as spooled:
            reader = HashingReader(fh)
            while chunk := reader.read(1 << 20):
                spooled.write(chunk)
            if reader.sha256 != sha256 or reader.size != want:
                raise DomainError(_("备份中的文件与清单不符，恢复已中止：%(name)s") % {"name": name})
            spooled.seek(0)
            saved = default_storage.save(name, File(spooled, name=name))
        copied.append(saved)
        if saved != name:
            raise DomainError(_("文件无法按原名恢复：%(name)s") % {"name": name})
        size += want
        progress_files(progress, done, len(entries), size)


def _discard(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _restore_check_rows(manifest: dict[str, Any]) -> None:
    want = manifest["database"]["tables"]
    found = databases.table_counts()
    wrong = [t for t in want if found.get(t) != want[t]]
    if wrong:
        raise DomainError(_("恢复后的数据表行数与清单不符：%(tables)s") % {"tables": "、".join(wrong[:5])})


def _restore_migrate(say: Callable[[str], None]) -> None:
    """A backup from an older version of the program: bring its schema up to this one."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    if MigrationExecutor(connection).migration_plan(MigrationExecutor(connection).loader.graph.leaf_nodes()):
        say(_("备份来自较早的程序版本：运行 migrate"))
        out = io.StringIO()
        call_command("migrate", interactive=False, stdout=out)
        say(out.getvalue().strip())


# ---- fixity ------------------------------------------------------------------------------------


def fixity_run(*, actor: Any = None) -> BackupRun:
    """Run the archive's ``fixity_check`` over every stored scan and record what it found."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from yidang.archive.models import Scan

    run = backup_run_start(kind=RunKind.FIXITY, location="", actor=actor)
    out = io.StringIO()
    try:
        call_command("fixity_check", stdout=out)
        failed = False
    except CommandError:
        failed = True
    checked = Scan.objects.filter(last_fixity_at__gte=run.started_at)
    bad = checked.filter(fixity_ok=False).count()
    run.problems = bad
    return backup_run_finish(
        run=run, ok=not failed and not bad, message=out.getvalue(), actor=actor, files=checked.count()
    )
