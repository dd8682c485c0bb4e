"""The bench database: ``<dbname>_bench_<N>`` next to DATABASE_URL's database, seeded once and reused.

A database whose seed did not finish (rooms but no ``demo.seed`` audit row), or was made by
another version of the generator (``yidang.demo.SEED_VERSION``), is dropped and made again, so a
run never measures a half-seeded or outdated database.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from yidang.demo import SEED_VERSION

Log = Callable[[str], None]


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in {"postgres", "postgresql", "pgsql"}


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/") or "postgres"


def bench_url(url: str, households: int) -> str:
    return with_database(url, f"{database_name(url)}_bench_{households}")


def _seed_state(url: str) -> str:
    """``empty`` (no tables or no rooms), ``seeded`` (a finished seed of this version) or ``stale``."""
    with psycopg.connect(url, autocommit=True) as conn:
        tables = conn.execute("SELECT to_regclass('places_room'), to_regclass('audit_auditevent')").fetchone()
        if not tables or tables[0] is None or tables[1] is None:
            return "empty"
        seed = conn.execute(
            "SELECT after->>'version' FROM audit_auditevent WHERE action = 'demo.seed' ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        if seed and seed[0] == str(SEED_VERSION):
            return "seeded"
        has_rooms = conn.execute("SELECT 1 FROM places_room LIMIT 1").fetchone()
        return "stale" if has_rooms or seed else "empty"


def ensure_database(url: str, log: Log) -> bool:
    """Create the database of ``url`` when missing (or half-seeded); True if it already held a seed."""
    name = database_name(url)
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        state = _seed_state(url) if exists else "empty"
        if state == "stale":
            log(f"{name}: its seed did not finish or is of another generator version; making it again")
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = False
        if not exists:
            log(f"{name}: creating the database")
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return state == "seeded"


@dataclass
class SeedInfo:
    reused: bool
    seconds: float | None  # seeding time of this run; None when reused
    rows: dict[str, int]
    summary_seconds: float | None  # seeding time recorded by the seed that made the database


def dead_rows_vacuumed(log: Log, *, known: bool = False) -> None:
    """VACUUM ANALYZE when tables hold dead rows, as autovacuum would (it is off on the project's machines).

    The import measurement rolls back about twenty rows a household; left in place, their dead index
    entries sit at the high end of the id ranges, where the planner looks up a column's current
    extreme, and every later statement's planning waded through them: after eighteen rolled-back
    100,000-row imports, 12 ms of planning a statement instead of 0.4 ms, and every search three
    times slower (measured 2026-12-07, docs/benchmarks.md). ``known``: the caller has just rolled
    back (the statistics may not count those rows yet).
    """
    from django.db import connection

    from yidang.core.bulk import dead_rows

    dead = dead_rows()
    if not (dead or known):
        return
    with connection.cursor() as cursor:
        log(f"dead rows of a rolled-back import ({dead:,} counted so far): VACUUM ANALYZE")
        started = time.monotonic()
        cursor.execute("VACUUM ANALYZE")
        log(f"VACUUM ANALYZE: {time.monotonic() - started:.0f} s")


def prepare(households: int, reused: bool, log: Log) -> SeedInfo:
    """Migrate, seed when needed, make the bench users. Call after ``django.setup()``."""
    from django.core.management import call_command
    from django.db import connection

    from yidang.demo.actions import demo_seed, demo_users_ensure, last_seed
    from yidang.demo.scans import sample_scans_store

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    log(f"migrate: {time.monotonic() - started:.1f} s")
    seconds = None
    if not reused:
        log(f"seeding {households:,} households (this takes a while at large sizes)")
        started = time.monotonic()
        summary = demo_seed(households=households, seed=1, progress=_progress(log), log=log)
        log(f"seeded in {summary.seconds:.0f} s; VACUUM ANALYZE")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        seconds = time.monotonic() - started
    else:
        dead_rows_vacuumed(log)
    demo_users_ensure()
    bench_user_ensure()
    bench_archivist_ensure()
    # the seed's scan rows point at three content-addressed sample files: make sure this MEDIA_ROOT has them
    sample_scans_store()
    event = last_seed()
    after = (event.after if event else None) or {}
    return SeedInfo(reused, seconds, after.get("rows", {}), after.get("seconds"))


def bench_user_ensure() -> None:
    """``bench``: a CS assistant who works in every project (the widest search scope)."""
    from yidang.accounts.roles import Role
    from yidang.demo.actions import DemoUser, demo_user_ensure
    from yidang.places.models import Project

    codes = tuple(Project.objects.order_by("code").values_list("code", flat=True))
    demo_user_ensure(spec=DemoUser("bench", Role.CS_ASSISTANT, codes, "压测账号"))


def bench_archivist_ensure() -> None:
    """``bench_archivist``: an archivist of every project, who opens files and reads completeness."""
    from yidang.accounts.roles import Role
    from yidang.demo.actions import DemoUser, demo_user_ensure
    from yidang.places.models import Project

    codes = tuple(Project.objects.order_by("code").values_list("code", flat=True))
    demo_user_ensure(spec=DemoUser("bench_archivist", Role.ARCHIVIST, codes, "压测档案员"))


def table_rows() -> dict[str, int]:
    """Exact row counts of the tables the figures depend on (``count(*)``, not estimates)."""
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for table in ROW_COUNTED:
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[table] = int(cursor.fetchone()[0])
        cursor.execute("SELECT pg_database_size(current_database())")
        counts["database_bytes"] = int(cursor.fetchone()[0])
    return counts


ROW_COUNTED = [
    "places_project", "places_room", "people_person", "households_occupancy", "households_searchtoken",
    "archive_archive", "archive_checklistitem", "archive_document", "archive_scan", "timeline_timelineevent",
]  # fmt: skip


def _progress(log: Log) -> Callable[[str, int, int], None]:
    last = [time.monotonic()]
    started = time.monotonic()

    def progress(code: str, done: int, total: int) -> None:
        if done == total or time.monotonic() - last[0] > 30:
            last[0] = time.monotonic()
            log(f"  {code}: {done:,}/{total:,} ({time.monotonic() - started:.0f} s)")

    return progress
