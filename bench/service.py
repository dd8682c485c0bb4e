"""``python -m bench.service [--ci]``: the service desk on PostgreSQL — the ticket list and the SLA sweep.

Its own database ``<dbname>_bench_service_<tickets>`` next to DATABASE_URL's: households by ``demo_seed``,
then tickets by ``yidang.demo.tickets.tickets_seed`` (COPY), seeded once and reused while both seeds'
summary rows match the asked sizes and generator versions (else dropped and made again).

Measured, as the CS assistant ``assistant`` of one project (HY):

- the ticket list page ``/service/?status=S`` and its API ``/api/v1/tickets/?status=S`` for every status
  and the three views (未关闭 / 待派工 / 全部): HTTP p50/p95/p99 against gunicorn and the same statements
  replayed on a bare cursor (``bench.measure``); half the requests are first pages, half continue after a
  random ticket of that status (the ``after`` cursor of scrolling on);
- one ``sla_sweep`` at the seed's "now" over the open tickets' due clocks: wall time, clocks warned and
  breached, notices written — then a second sweep, which must send nothing new. The sweep's state is put
  back first (clocks of open tickets un-swept, its notices deleted), so every run measures the same work.

Fails (exit 1) only when something is broken — an HTTP error, an empty list, a second sweep that sends —
never on timing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from bench.database import database_name, is_postgres, with_database

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
LIST_TARGET_MS = 50.0
SWEEP_TARGET_S = 5.0
FULL = {"tickets": 1_000_000, "open": 100_000, "households": 100_000, "requests": 100}
CI = {"tickets": 20_000, "open": 2_000, "households": 2_000, "requests": 10}
USERNAME = "assistant"


def log(text: str) -> None:
    print(f"[bench-service {time.strftime('%H:%M:%S', time.gmtime())}Z] {text}", file=sys.stderr, flush=True)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.service", description=__doc__.split("\n")[0])
    parser.add_argument("--ci", action="store_true", help="small run that fails only when something is broken")
    parser.add_argument("--tickets", type=int, help="tickets to seed (default 1,000,000; --ci 20,000)")
    parser.add_argument("--open", type=int, help="of them still open (default 100,000; --ci 2,000)")
    parser.add_argument("--households", type=int, help="households to seed first (default 100,000; --ci 2,000)")
    parser.add_argument("--requests", type=int, help="measured requests per status and kind (default 100)")
    parser.add_argument("--database-url", help="PostgreSQL URL (default: $DATABASE_URL)")
    parser.add_argument("--seed-only", action="store_true", help="make the database and stop")
    return parser.parse_args(argv)


# ---- the database ------------------------------------------------------------------------------------


def _seeded(url: str, households: int, tickets: int, open_tickets: int) -> str:
    """``seeded`` (both seeds finished with these sizes and versions), ``households`` (only the households'),
    ``empty`` or ``stale``."""
    from yidang.demo import SEED_VERSION
    from yidang.demo.tickets import SEED_ACTION, TICKETS_SEED_VERSION

    with psycopg.connect(url, autocommit=True) as conn:
        if conn.execute("SELECT to_regclass('audit_auditevent')").fetchone() == (None,):
            return "empty"
        rows: dict[str, Any] = dict(
            conn.execute(
                "SELECT DISTINCT ON (action) action, after FROM audit_auditevent WHERE action IN ('demo.seed', %s)"
                " ORDER BY action, seq DESC",
                [SEED_ACTION],
            ).fetchall()
        )
        homes, made = rows.get("demo.seed") or {}, rows.get(SEED_ACTION) or {}
        wanted_homes = {"households": households, "version": SEED_VERSION}
        wanted = {"tickets": tickets, "open": open_tickets, "version": TICKETS_SEED_VERSION}
        if all(homes.get(k) == v for k, v in wanted_homes.items()):
            return "seeded" if all(made.get(k) == v for k, v in wanted.items()) else "households"
        has_rows = conn.execute("SELECT 1 FROM places_project LIMIT 1").fetchone()
        return "stale" if has_rows or rows else "empty"


def ensure_database(url: str, households: int, tickets: int, open_tickets: int) -> str:
    """Create (or re-create, when half-seeded or of other sizes) the bench database; the state it was in."""
    name = database_name(url)
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        state = _seeded(url, households, tickets, open_tickets) if exists else "empty"
        if state == "stale":
            log(f"{name}: its seed did not finish or is of other sizes or versions; making it again")
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists, state = False, "empty"
        if not exists:
            log(f"{name}: creating the database")
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return state


SERVICE_TABLES = ["service_ticketstep", "service_slaclock", "service_callback", "service_ticket"]


def prepare(households: int, tickets: int, open_tickets: int, state: str) -> dict[str, Any]:
    """Migrate, seed households and tickets when needed, make the demo users. After ``django.setup()``."""
    from django.core.management import call_command
    from django.db import connection

    from yidang.demo.actions import demo_seed, demo_users_ensure, last_seed
    from yidang.demo.scans import sample_scans_store
    from yidang.demo.tickets import last_tickets_seed, tickets_seed

    reused = state == "seeded"
    info: dict[str, Any] = {"reused": reused, "households_reused": state in ("seeded", "households")}
    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    log(f"migrate: {time.monotonic() - started:.1f} s")
    demo_users_ensure()
    if state == "empty":
        log(f"seeding {households:,} households")
        summary = demo_seed(households=households, seed=1, progress=_progress())
        info["households_seconds"] = round(summary.seconds, 1)
        log(f"households seeded in {summary.seconds:.0f} s")
    elif state == "households":  # the households are as asked: only the tickets are made again
        log("the households are reused; emptying the tickets' tables")
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(SERVICE_TABLES)}")
            cursor.execute("DELETE FROM notifications_notification WHERE key LIKE 'sla-%%'")
    if not reused:
        log(f"seeding {tickets:,} tickets ({open_tickets:,} open)")
        made = tickets_seed(tickets=tickets, open_tickets=open_tickets, seed=1, progress=_ticket_progress(tickets))
        info["tickets_seconds"] = round(made.seconds, 1)
        log(f"tickets seeded in {made.seconds:.0f} s ({dict(made.rows)}); VACUUM ANALYZE")
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        info["vacuum_seconds"] = round(time.monotonic() - started, 1)
    sample_scans_store()
    homes, made_row = last_seed(), last_tickets_seed()
    info["households_seed"] = {k: (homes.after or {}).get(k) for k in ("households", "seconds")} if homes else {}
    info["tickets_seed"] = (made_row.after or {}) if made_row else {}
    return info


def _progress() -> Any:
    last = [time.monotonic()]

    def progress(code: str, done: int, total: int) -> None:
        if done == total or time.monotonic() - last[0] > 30:
            last[0] = time.monotonic()
            log(f"  {code}: {done:,}/{total:,}")

    return progress


def _ticket_progress(total: int) -> Any:
    started, last = time.monotonic(), [time.monotonic()]

    def progress(done: int, _total: int) -> None:
        if done == total or time.monotonic() - last[0] > 30:
            last[0] = time.monotonic()
            log(f"  tickets: {done:,}/{total:,} ({time.monotonic() - started:.0f} s)")

    return progress


# ---- main -----------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    sizes = CI if args.ci else FULL
    tickets = args.tickets or sizes["tickets"]
    open_tickets = sizes["open"] if args.open is None else args.open
    households = args.households or sizes["households"]
    requests = args.requests or sizes["requests"]
    base = args.database_url or os.environ.get("DATABASE_URL", "")
    if not is_postgres(base):
        log("the bench runs on PostgreSQL: set DATABASE_URL=postgres://user@host:5432/dbname (or --database-url)")
        return 2
    url = with_database(base, f"{database_name(base)}_bench_service_{tickets}")
    os.environ.update(DATABASE_URL=url, DEBUG="0", DJANGO_SETTINGS_MODULE="yidang.settings", YIDANG_DEMO="0")
    import django

    django.setup()
    state = ensure_database(url, households, tickets, open_tickets)
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    load_start = os.getloadavg()
    seed = prepare(households, tickets, open_tickets, state)
    if args.seed_only:
        log(f"seeded: {json.dumps(seed, ensure_ascii=False, default=str)}")
        return 0
    from bench.service_measure import measure

    results = measure(url=url, username=USERNAME, requests=requests, log=log, rng=random.Random(11))
    results.update(started=started, seed=seed, load_average_before_seed=load_start, ci=args.ci,
                   sizes={"tickets": tickets, "open": open_tickets, "households": households})  # fmt: skip
    from bench.service_report import table, write

    print(table(results), flush=True)
    path = write(results, RESULTS)
    log(f"results written to {path.relative_to(ROOT)}")
    if results["broken"]:
        log("BROKEN: " + "; ".join(results["broken"]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
