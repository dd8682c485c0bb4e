"""What ``bench.service`` measures, after ``django.setup()`` on its seeded database: the list and the sweep."""

from __future__ import annotations

import operator
import os
import random
import time
from collections.abc import Callable
from datetime import datetime
from functools import reduce
from typing import Any
from urllib.parse import urlencode

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from bench.measure import Series, Target, run_series
from bench.run import _session, api_token, machine
from bench.server import WORKERS, Gunicorn

Log = Callable[[str], None]
LIST_TARGET_MS = 50.0
SWEEP_TARGET_S = 5.0


def filters() -> list[str]:
    """Every value of the list's status filter: the twelve statuses and the three views."""
    from yidang.service.listing import STATUS_VIEWS
    from yidang.service.models import TicketStatus

    return [*TicketStatus.values, *(key for key, _label in STATUS_VIEWS)]


def _matching(status: str) -> Q:
    from yidang.service.listing import TicketFilter, status_ranges

    return reduce(operator.or_, [Q(r.where, status=r.status) for r in status_ranges(TicketFilter(status=status))])


def list_paths(base: str, status: str, project_ids: list[int], count: int, rng: random.Random) -> list[str]:
    """``count`` requests of the list filtered by ``status``: half first pages, half continuing after a random
    ticket of that status (as scrolling on sends its ``after`` cursor)."""
    from yidang.service.models import Ticket

    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [rng.random()])
    later = count // 2
    picked = list(
        Ticket.objects.filter(_matching(status), project_id__in=project_ids)
        .order_by("?")
        .values_list("registered_at", "id")[:later]
    )
    paths = [f"{base}?{urlencode({'status': status})}" for _ in range(count - len(picked))]
    paths += [f"{base}?{urlencode({'status': status, 'after': f'{at.isoformat()}~{pk}'})}" for at, pk in picked]
    rng.shuffle(paths)
    return paths


def first_page_rows(username: str, status: str) -> int:
    """How many tickets the first page shows (in-process): a filter that lists nothing is a broken bench."""
    from yidang.accounts.models import User
    from yidang.accounts.queries import project_ids_of
    from yidang.service.listing import TicketFilter, status_ranges, ticket_page, tickets_filtered
    from yidang.service.queries import tickets_visible_to

    user = User.objects.get(username=username)
    wanted = TicketFilter(status=status)
    page = ticket_page(
        tickets_filtered(tickets_visible_to(user), wanted, user),
        ranges=status_ranges(wanted),
        project_ids=project_ids_of(user),
    )
    return len(page.tickets)


def list_measure(port: int, username: str, requests: int, rng: random.Random, log: Log) -> tuple[list[Series], dict]:
    from yidang.accounts.models import User
    from yidang.accounts.queries import project_ids_of
    from yidang.demo.actions import DEMO_PASSWORD
    from yidang.service.models import Ticket

    user = User.objects.get(username=username)
    ids = project_ids_of(user)
    visible = Ticket.objects.filter(project_id__in=ids).count()
    codes = ",".join(user.projects.order_by("code").values_list("code", flat=True))
    scope = f"{username} ({codes}): {visible:,} tickets"
    page_client, page_headers = _session(username)
    token = api_token(port, username, DEMO_PASSWORD)
    api_headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    from django.test import Client

    api_client = Client(headers=api_headers)
    series: list[Series] = []
    rows: dict[str, int] = {}
    for status in filters():
        rows[status] = first_page_rows(username, status)
        log(f"  status={status}: {rows[status]} on the first page")
        for kind, base, client, headers in (
            ("page", "/service/", page_client, page_headers),
            ("API", "/api/v1/tickets/", api_client, api_headers),
        ):
            paths = list_paths(base, status, ids, requests, rng)
            targets = [Target(path, headers, client) for path in paths]
            series.append(run_series(Series(f"{kind} {status}", scope, LIST_TARGET_MS, searches=False), targets, port))
    return series, {"visible_tickets": visible, "first_page_rows": rows, "projects": codes}


# ---- the sweep ------------------------------------------------------------------------------------------


def sweep_reset() -> None:
    """The open tickets' running clocks back to as the actions left them (un-swept), the sweep's notices gone."""
    from yidang.notifications.models import Notification
    from yidang.service.models import SlaClock, TicketStatus

    with transaction.atomic():
        Notification.objects.filter(key__startswith="sla-").delete()
        SlaClock.objects.filter(stopped_at__isnull=True, ticket__paused_since__isnull=True).exclude(
            ticket__status=TicketStatus.CLOSED
        ).update(warned_at=None, breached_at=None, next_check_at=F("warn_at"))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE service_slaclock")
        cursor.execute("VACUUM ANALYZE notifications_notification")


def sweep_measure(now: datetime, log: Log) -> dict[str, Any]:
    from yidang.notifications.models import Notification
    from yidang.service.models import SlaClock, Ticket, TicketStatus
    from yidang.service.sla import sla_sweep

    log("putting the sweep's state back (open tickets' clocks un-swept, their notices deleted)")
    sweep_reset()
    due = SlaClock.objects.filter(next_check_at__lte=now)
    info: dict[str, Any] = {
        "now": now.isoformat(),
        "open_tickets": Ticket.objects.exclude(status=TicketStatus.CLOSED).count(),
        "running_clocks": SlaClock.objects.filter(stopped_at__isnull=True).count(),
        "due_clocks": due.count(),
        "tickets_with_due_clocks": due.values("ticket_id").distinct().count(),
        "load_average_before": os.getloadavg(),
    }
    log(f"sweeping {info['due_clocks']:,} due clocks of {info['tickets_with_due_clocks']:,} open tickets")
    started = time.perf_counter()
    first = sla_sweep(now=now)
    info["seconds"] = round(time.perf_counter() - started, 2)
    info["load_average_after"] = os.getloadavg()
    info["first"] = first
    info["notices"] = Notification.objects.filter(key__startswith="sla-").count()
    started = time.perf_counter()
    info["second"] = sla_sweep(now=now)
    info["second_seconds"] = round(time.perf_counter() - started, 2)
    info["notices_after_second"] = Notification.objects.filter(key__startswith="sla-").count()
    info["left_due"] = SlaClock.objects.filter(next_check_at__lte=now).count()
    info["target_s"] = SWEEP_TARGET_S
    info["target_met"] = info["seconds"] <= SWEEP_TARGET_S
    log(f"sweep: {info['seconds']} s, {first}, {info['notices']:,} notices; second sweep {info['second']}")
    return info


def measure(*, url: str, username: str, requests: int, log: Log, rng: random.Random) -> dict[str, Any]:
    from bench.service import RESULTS
    from yidang.demo.tickets import last_tickets_seed

    seed = last_tickets_seed()
    assert seed is not None and seed.after
    now = datetime.fromisoformat(seed.after["now"])
    results: dict[str, Any] = {"machine": machine(), "requests_per_series": requests,
                               "server": {"workers": WORKERS, "worker_class": "sync", "debug": False}}  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    log(f"measuring the ticket list as {username}, {requests} requests per status, page and API")
    with Gunicorn(url, RESULTS / "gunicorn-service.log") as server:
        series, results["list"] = list_measure(server.port, username, requests, rng, log)
    results["series"] = [s.summary() for s in series]
    results["sweep"] = sweep_measure(timezone.localtime(now), log)
    results["machine"]["load_average_at_end"] = os.getloadavg()
    results["broken"] = broken(results)
    return results


def broken(results: dict[str, Any]) -> list[str]:
    out = [
        f"{s['name']}: {s['errors']} errors {s['first_errors']}"
        for s in results["series"]
        if s["errors"] or not s["requests"]
    ]
    out += [f"status={k}: the first page is empty" for k, n in results["list"]["first_page_rows"].items() if not n]
    sweep = results["sweep"]
    if sweep["due_clocks"] == 0 or sweep["first"]["warned"] + sweep["first"]["breached"] != sweep["due_clocks"]:
        out.append(f"sweep: {sweep['due_clocks']} due clocks but {sweep['first']} settled")
    if sweep["second"] != {"warned": 0, "breached": 0} or sweep["notices_after_second"] != sweep["notices"]:
        out.append(f"sweep: the second sweep sent again ({sweep['second']})")
    if sweep["left_due"]:
        out.append(f"sweep: {sweep['left_due']} clocks still due after two sweeps")
    return out
