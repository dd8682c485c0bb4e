"""One bench run, after ``django.setup()`` on the bench database: seed, serve, measure, explain, import."""

from __future__ import annotations

import http.client
import json
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from django.db import connection
from django.test import Client

from bench.database import dead_rows_vacuumed, prepare, table_rows
from bench.explain import plan_check
from bench.importing import import_measure, workbook_write
from bench.measure import Series, Target, run_series
from bench.samples import Samples, project_near, samples_for, thick_files
from bench.server import WORKERS, Gunicorn

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
SEARCH_TARGET_MS = 30.0
PAGE_TARGET_MS = 80.0
ARCHIVE_TARGET_MS = 80.0  # the archive page of a file with 50 documents and 200 timeline events
COMPLETENESS_TARGET_MS = 300.0  # the completeness roll-up of a 5,000-household project
COMPLETENESS_HOUSEHOLDS = 5_000
THICK_DOCUMENTS, THICK_EVENTS = 50, 200
KINDS = [("room", "room"), ("name2", "2-character name"), ("initials", "pinyin initials"), ("phone_tail", "phone tail")]

Log = Callable[[str], None]


def machine() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return {"nproc": os.cpu_count(), "memory_gib": pages / 2**30, "postgres": f"PostgreSQL {version}",
            "python": platform.python_version(), "load_average": os.getloadavg()}  # fmt: skip


def api_token(port: int, username: str, password: str) -> str:
    """A token from the real endpoint, ``POST /api/v1/auth/token/``."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        body = urlencode({"username": username, "password": password})
        conn.request("POST", "/api/v1/auth/token/", body, {"Content-Type": "application/x-www-form-urlencoded"})
        response = conn.getresponse()
        payload = json.loads(response.read())
    finally:
        conn.close()
    return str(payload["token"])


def _scope(username: str) -> tuple[list[int], int]:
    from yidang.accounts.models import User
    from yidang.accounts.queries import project_ids_of
    from yidang.places.models import Room

    ids = project_ids_of(User.objects.get(username=username))
    return ids, Room.objects.filter(project_id__in=ids).count()


def search_series(port: int, username: str, samples: Samples, label: str) -> list[Series]:
    from yidang.demo.actions import DEMO_PASSWORD

    token = api_token(port, username, DEMO_PASSWORD)
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    client = Client(headers=headers)
    out = []
    for kind, name in KINDS:
        targets = [Target(f"/api/v1/households/?search={quote(v)}", headers, client) for v in getattr(samples, kind)]
        out.append(run_series(Series(f"search: {name}", label, SEARCH_TARGET_MS), targets, port))
    return out


def _session(username: str) -> tuple[Client, dict[str, str]]:
    """A logged-in test client and the session cookie that makes the same user over HTTP."""
    from yidang.demo.actions import DEMO_PASSWORD

    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client, {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}


def page_series(port: int, username: str, room_ids: list[int], label: str) -> Series:
    client, headers = _session(username)
    targets = [Target(f"/households/{pk}/", headers, client) for pk in room_ids]
    return run_series(Series("household page", label, PAGE_TARGET_MS, searches=False), targets, port)


def archive_series(port: int, username: str, archive_ids: list[int], requests: int, label: str) -> Series:
    """``/archive/<id>/`` of thick files, each file once while there are enough of them."""
    client, headers = _session(username)
    paths = [f"/archive/{archive_ids[i % len(archive_ids)]}/" for i in range(requests)] if archive_ids else []
    series = Series("archive page", label, ARCHIVE_TARGET_MS, searches=False)
    return run_series(series, [Target(path, headers, client) for path in paths], port)


def completeness_series(port: int, username: str, code: str, requests: int, label: str) -> Series:
    """``/archive/completeness/<code>/``: the project's files rolled up per building."""
    client, headers = _session(username)
    targets = [Target(f"/archive/completeness/{quote(code)}/", headers, client) for _ in range(requests)]
    return run_series(Series("completeness roll-up", label, COMPLETENESS_TARGET_MS, searches=False), targets, port)


def archive_measure(port: int, requests: int, log: Log) -> tuple[list[Series], dict[str, Any]]:
    """The archive page of thick files and the completeness roll-up, as an archivist of every project."""
    username = "bench_archivist"
    log(f"finding files with {THICK_DOCUMENTS} documents and {THICK_EVENTS} timeline events")
    started = time.monotonic()
    archive_ids = thick_files(requests, THICK_DOCUMENTS, THICK_EVENTS)
    found_s = time.monotonic() - started
    code, households = project_near(COMPLETENESS_HOUSEHOLDS)
    log(f"measuring the archive page ({len(archive_ids)} files) and the completeness of {code}")
    label = f"{username}: {len(archive_ids)} files of {THICK_DOCUMENTS} docs / {THICK_EVENTS} events"
    series = [archive_series(port, username, archive_ids, requests, label)]
    label = f"{username}: project {code}, {households:,} hh"
    series.append(completeness_series(port, username, code, requests, label))
    info = {"thick_files": len(archive_ids), "thick_files_search_s": round(found_s, 1),
            "completeness_project": code, "completeness_households": households}  # fmt: skip
    return series, info


def _import(rows: int, log: Log) -> dict[str, Any]:
    try:
        import yidang.imports.actions  # noqa: F401
    except ImportError:
        return {"skipped": "yidang.imports.actions is not available"}
    path = RESULTS / f"import-{rows}.xlsx"
    if not path.exists():
        log(f"writing the {rows:,}-row workbook {path.name}")
        workbook_write(path, rows)
    log(f"importing {rows:,} rows")
    result = import_measure(path, rows)
    dead_rows_vacuumed(log, known=True)  # the import was rolled back: leave the database as it was measured
    return {**result.__dict__, "rows_per_second": result.rows_per_second,
            "floor_rows_per_second": result.floor_rows_per_second}  # fmt: skip


def run(*, url: str, households: int, reused: bool, requests: int, import_rows: int, log: Log) -> dict[str, Any]:
    from yidang.places.models import Project

    started = time.strftime("%Y-%m-%d %H:%M:%S")
    seed = prepare(households, reused, log)
    results: dict[str, Any] = {"households": households, "projects": Project.objects.count(), "started": started,
                               "machine": machine(), "seed": seed.__dict__, "requests_per_kind": requests,
                               "server": {"workers": WORKERS, "worker_class": "sync", "debug": False}}  # fmt: skip
    series: list[Series] = []
    plans, explain_text = [], ""
    RESULTS.mkdir(exist_ok=True)
    with Gunicorn(url, RESULTS / "gunicorn.log") as server:
        for username in ("assistant", "bench"):
            ids, rooms = _scope(username)
            label = f"{username}: {len(ids)} project{'s' if len(ids) > 1 else ''}, {rooms:,} hh"
            log(f"sampling queries and measuring search as {label}")
            samples = samples_for(ids, requests)
            series += search_series(server.port, username, samples, label)
            if username == "bench":
                log("measuring the household page")
                series.append(page_series(server.port, username, samples.room_ids, label))
                for kind, _ in KINDS:
                    check = plan_check(kind, getattr(samples, kind), ids)
                    plans.append(check.summary())
                    explain_text += check.example
        archive, results["archive"] = archive_measure(server.port, requests, log)
        series += archive
    results["series"] = [s.summary() for s in series]
    results["plans"] = plans
    results["explain_text"] = explain_text
    results["import"] = _import(import_rows, log) if import_rows else None
    results["broken"] = _broken(results)
    results["machine"]["load_average_at_end"] = os.getloadavg()
    log("counting rows")
    results["rows"] = table_rows()
    return results


def _broken(results: dict[str, Any]) -> list[str]:
    broken = [
        f"{s['name']}: {s['errors']} errors, {s['empty_results']} searches found nothing {s['first_errors']}"
        for s in results["series"]
        if s["errors"] or s["empty_results"] or not s["requests"]
    ]
    if results.get("archive", {}).get("thick_files") == 0:
        broken.append("archive page: no file with 50 documents and 200 timeline events in the data")
    imported = results.get("import")
    if imported and not imported.get("skipped") and (imported["errors"] or not imported["committed"]):
        broken.append(f"import: committed={imported['committed']} errors={imported['errors']}")
    return broken
