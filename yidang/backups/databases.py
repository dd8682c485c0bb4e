"""Consistent dumps of the configured database and loading them into an empty one.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies the live database page by
page; a write by another connection between steps makes SQLite restart the copy, so the result
is one moment's state. PostgreSQL: a REPEATABLE READ transaction exports its snapshot, the row
counts are taken in that transaction and ``pg_dump --snapshot`` (custom format) dumps exactly it.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from yidang.core.errors import DomainError

Progress = Callable[[str], None]
SQLITE_DUMP = "database.sqlite3"
PG_DUMP = "database.pgdump"


@dataclass
class Dump:
    """A dump written to a local file, with what it holds."""

    engine: str
    name: str
    path: Path
    tables: dict[str, int] = field(default_factory=dict)
    migrations: dict[str, list[str]] = field(default_factory=dict)


def engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def dump_name_for(engine_name: str) -> str:
    return SQLITE_DUMP if engine_name == "sqlite" else PG_DUMP


def database_dump(workdir: Path, progress: Progress) -> Dump:
    if connection.in_atomic_block:
        raise RuntimeError("a backup must not run inside a transaction: it would copy uncommitted rows")
    if engine() == "sqlite":
        return _sqlite_dump(workdir / SQLITE_DUMP, progress)
    return _pg_dump(workdir / PG_DUMP, progress)


def database_is_empty() -> list[str]:
    """The tables already in the configured database (empty list: nothing there)."""
    return connection.introspection.table_names()


def table_counts() -> dict[str, int]:
    """Rows of every table of the configured database, as they stand."""
    with connection.cursor() as cursor:
        return _counts(cursor, connection.introspection.table_names(cursor))


def _counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # names from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def _migrations(cursor: Any, tables: dict[str, int]) -> dict[str, list[str]]:
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    state: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        state.setdefault(app, []).append(name)
    return state


# ---- SQLite ------------------------------------------------------------------------------------


def _sqlite_dump(path: Path, progress: Progress) -> Dump:
    connection.ensure_connection()
    source = connection.connection
    target = sqlite3.connect(path)
    try:

        def step(status: int, remaining: int, total: int) -> None:
            progress(_("数据库 %(done)s/%(total)s 页") % {"done": total - remaining, "total": total})

        source.backup(target, pages=1024, progress=step)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        cursor = target.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        tables = _counts(cursor, [row[0] for row in cursor.fetchall()])
        migrations = _migrations(cursor, tables)
    finally:
        target.close()
    return Dump("sqlite", SQLITE_DUMP, path, tables, migrations)


def sqlite_dump_problem(path: Path, tables: dict[str, int]) -> str:
    """ "" when the file is an intact SQLite database holding the recorded rows, else what is wrong."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            check = db.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                return _("数据库文件损坏：%(check)s") % {"check": check}
            found = _counts(db.cursor(), list(tables))
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        return _("数据库文件无法读取：%(error)s") % {"error": exc}
    wrong = [t for t in tables if found.get(t) != tables[t]]
    if wrong:
        return _("数据表行数与清单不符：%(tables)s") % {"tables": "、".join(wrong[:5])}
    return ""


def _sqlite_load(path: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")


# ---- PostgreSQL --------------------------------------------------------------------------------


def _pg_params() -> tuple[str, dict[str, str]]:
    import psycopg.conninfo

    db = connection.settings_dict
    parts = {"dbname": db["NAME"], "user": db.get("USER"), "host": db.get("HOST"), "port": db.get("PORT")}
    conninfo = psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in parts.items() if v})
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return conninfo, env


def _server_major() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def pg_tool(name: str) -> str:
    """The pg_dump / pg_restore matching the server: ``YIDANG_PG_BIN_DIR``, Debian's versioned folder, PATH."""
    major = _server_major()
    candidates = [Path(settings.YIDANG_PG_BIN_DIR) / name] if settings.YIDANG_PG_BIN_DIR else []
    candidates += [Path(f"/usr/lib/postgresql/{major}/bin/{name}")]
    found = shutil.which(name)
    candidates += [Path(found)] if found else []
    for tool in candidates:
        if tool.is_file():
            out = subprocess.run([str(tool), "--version"], capture_output=True, text=True, check=False).stdout
            version = re.search(r"(\d+)(?:\.\d+)*", out)
            if version and int(version.group(1)) >= major:
                return str(tool)
    raise DomainError(
        _("找不到与数据库服务器（PostgreSQL %(major)s）匹配的 %(tool)s：请安装 postgresql-client-%(major)s")
        % {"major": major, "tool": name}
    )


def _pg_dump(path: Path, progress: Progress) -> Dump:
    import psycopg

    conninfo, env = _pg_params()
    tool = pg_tool("pg_dump")
    with psycopg.connect(conninfo, autocommit=True) as pg:
        pg.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        row = pg.execute("SELECT pg_export_snapshot()").fetchone()
        assert row is not None
        snapshot = row[0]
        tables_rows = pg.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()
        progress(_("数据库快照 %(snapshot)s，统计 %(n)s 张表的行数") % {"snapshot": snapshot, "n": len(tables_rows)})
        cursor = pg.cursor()
        tables = _counts(cursor, [r[0] for r in tables_rows])
        migrations = _migrations(cursor, tables)
        progress(_("pg_dump 导出数据库…"))
        done = subprocess.run(
            [tool, "--format=custom", f"--snapshot={snapshot}", "--no-owner", f"--file={path}", f"--dbname={conninfo}"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        pg.execute("COMMIT")
    if done.returncode:
        raise DomainError(_("pg_dump 失败：%(error)s") % {"error": done.stderr.strip()[-500:]})
    return Dump("postgresql", PG_DUMP, path, tables, migrations)


def pg_dump_problem(path: Path, tables: dict[str, int]) -> str:
    """ "" when pg_restore can read the whole archive's table of contents and every table's data is in it."""
    done = subprocess.run([_pg_restore_tool(), "--list", str(path)], capture_output=True, text=True, check=False)
    if done.returncode:
        return _("数据库转储无法读取：%(error)s") % {"error": done.stderr.strip()[-300:]}
    with_data = set(re.findall(r"TABLE DATA \S+ (\S+) ", done.stdout))
    lacking = [t for t in tables if t not in with_data]
    if lacking:
        return _("数据库转储缺少数据表：%(tables)s") % {"tables": "、".join(lacking[:5])}
    # The table of contents sits at the start of the file: only reading every block finds a cut-off end.
    done = subprocess.run(
        [_pg_restore_tool(), "--file=/dev/null", str(path)], capture_output=True, text=True, check=False
    )
    if done.returncode:
        return _("数据库转储不完整：%(error)s") % {"error": done.stderr.strip()[-300:]}
    return ""


def _pg_restore_tool() -> str:
    if connection.vendor == "postgresql":
        return pg_tool("pg_restore")
    found = shutil.which("pg_restore")  # verifying a PostgreSQL backup from a SQLite instance
    if not found:
        raise DomainError(_("找不到 pg_restore：请安装 postgresql-client"))
    return found


def _pg_load(path: Path) -> None:
    conninfo, env = _pg_params()
    args = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", f"--dbname={conninfo}"]
    done = subprocess.run(
        [pg_tool("pg_restore"), *args, str(path)], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise DomainError(_("pg_restore 失败，数据库未改动：%(error)s") % {"error": done.stderr.strip()[-500:]})


def database_load(dump_engine: str, path: Path) -> None:
    """Load a dump into the configured (empty) database; all of it or, on failure, nothing."""
    if dump_engine != engine():
        raise DomainError(
            _("此备份来自 %(source)s 数据库，不能恢复到当前的 %(target)s 数据库")
            % {"source": dump_engine, "target": engine()}
        )
    connection.close()
    if dump_engine == "sqlite":
        _sqlite_load(path)
    else:
        _pg_load(path)
