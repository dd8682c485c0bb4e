"""Ask every route of the matrix as every subject, in every scope, and collect the answers."""

from __future__ import annotations

import logging
import os
import re
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.test import Client

from tests.authz.matrix import (
    ALLOW,
    DENY,
    ERROR,
    LEAK,
    NA,
    NONE,
    OPENNESS,
    REFUSED,
    SCOPES,
    Cells,
    Key,
    Route,
    RowCounts,
    Unfillable,
    asked,
    body_text,
    classify,
    markers_in,
    routes,
    scopes_of,
    url_for,
)
from tests.authz.scene import OTHER, OTHER_DEPARTMENTS, OWN, SUBJECTS, Scene


@dataclass
class Answer:
    url: str
    status: int
    verdict: str
    leaked: list[str] = field(default_factory=list)
    personal: list[str] = field(default_factory=list)  # HY household data in an answer to another department
    writes: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass
class Results:
    table: dict[Key, Cells] = field(default_factory=dict)
    answers: dict[tuple[Key, str], Answer] = field(default_factory=dict)
    unfillable: list[str] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    not_asked: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


class LeanClient(Client):
    """The test client without its copies of every rendered template's context (the matrix reads only the
    status, the headers and the text): a third of the time of a page. An exception is a 500 answer."""

    def request(self, **request: Any) -> Any:
        response = self.handler(self._base_environ(**request))  # type: ignore[attr-defined]
        if response.cookies:
            self.cookies.update(response.cookies)
        return response


class Subject:
    """A logged-in test client that stays logged in: a logout answer is rolled back, its cookie restored."""

    def __init__(self, name: str, user: Any) -> None:
        self.name, self.user = name, user
        self.client = LeanClient(raise_request_exception=False)
        if user is not None:
            self.client.force_login(user)
        self.cookie = self.client.cookies.get(settings.SESSION_COOKIE_NAME)

    def send(self, method: str, url: str) -> Any:
        if method == "GET":
            response = self.client.get(url)
        elif method == "POST":
            response = self.client.post(url, {})
        else:
            response = getattr(self.client, method.lower())(url, "{}", content_type="application/json")
        if self.cookie is not None and self.client.cookies.get(settings.SESSION_COOKIE_NAME) != self.cookie:
            self.client.cookies[settings.SESSION_COOKIE_NAME] = self.cookie.value
        return response


def _ask(subject: Subject, method: str, url: str, counts: RowCounts) -> tuple[Any, dict[str, tuple[int, int]]]:
    """One request in a savepoint that is rolled back: every answer meets the same database.

    A write's row counts are compared with those every request starts from (a refused write must
    change nothing). An answer
    that redirects within the site is followed once (GET): the page it leads to decides (the admin's
    ``<id>/`` only redirects to ``<id>/change/``, which checks; the header search only redirects to the
    household search, which checks). A write that changed rows and then lands on a refusal is reported
    by the rules, not hidden."""
    block = transaction.atomic()
    # Actions that must not run nested (durable=True) are allowed inside, as inside a TestCase.
    block._from_testcase = True  # type: ignore[attr-defined]
    with block:
        mark = counts.mark() if method != "GET" else {}
        response = subject.send(method, url)
        if classify(response) == ALLOW and 300 <= response.status_code < 400:
            target = urlsplit(response["Location"])
            if not target.netloc:
                response = subject.send("GET", target.path + (f"?{target.query}" if target.query else ""))
        try:
            writes = counts.changed_since(mark) if method != "GET" else {}
        except Exception:  # the request left the transaction broken (PostgreSQL): the savepoint undoes it
            writes = {}
        transaction.set_rollback(True)
    return response, writes


_ADMIN_WRITES = ("_add", "_change", "_delete", "password_change")


# Routes whose answer cannot depend on a role or a project (signing in and out, the API's description):
# asked by anonymous and one signed-in user only.
SHARED_ROUTES = {"login", "logout", "healthz", "set_language", "api-token", "schema", "api-docs", "admin:login"}


def asks(route: Route, method: str, user: Any) -> bool:
    if route.name in SHARED_ROUTES:
        return user is None or user.username == "archivist"
    return admin_asks(route, method, user)


def admin_asks(route: Route, method: str, user: Any) -> bool:
    """The admin is one family behind ``AdminSite.admin_view``, which turns away everyone without is_staff
    before any view runs: they ask each admin route once (GET, one scope). Staff ask every admin route
    with GET in every scope, and POST where the admin writes (add, change, delete, password)."""
    if not route.is_admin:
        return True
    if user is None or not user.is_staff:
        # Whatever else a user without is_staff holds does not matter to that gate: anonymous and one
        # signed-in role with many permissions (the archivist) stand for the rest.
        return method == route.methods[0] and (user is None or user.username == "archivist")
    return method == "GET" or route.name.endswith(_ADMIN_WRITES)


def _foreign_markers(scene: Scene, user: Any) -> dict[str, tuple[str, ...]]:
    """The markers of each side the subject does not work in."""
    mine = set() if user is None or not user.pk else set(user.projects.values_list("pk", flat=True))
    return {scope: side.markers for scope, side in scene.sides.items() if side.project.pk not in mine}


@contextmanager
def _quiet_refusals() -> Iterator[None]:
    """Thousands of 403/404 warnings (with tracebacks) would cost more than the requests: errors only."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def run_matrix(scene: Scene) -> Results:
    with _quiet_refusals():
        return _run(scene)


def _run(scene: Scene) -> Results:
    results = Results()
    subjects = {name: Subject(name, scene.subjects[name]) for name in SUBJECTS}
    foreign = {name: _foreign_markers(scene, scene.subjects[name]) for name in SUBJECTS}
    counts = RowCounts()  # after the subjects sign in: what every request starts from
    only = re.compile(os.environ.get("AUTHZ_ONLY", ""))
    for route in routes():
        if not only.search(route.display):
            continue
        results.routes.append(route)
        try:
            if not asked(route):
                results.not_asked.append(route.display)
                continue
            scopes = scopes_of(route)
        except Unfillable as exc:
            results.unfillable.append(str(exc))
            continue
        started = time.perf_counter()
        for method in route.methods:
            for name in SUBJECTS:
                key = (route.display, method, name)
                user = scene.subjects[name]
                if not asks(route, method, user):
                    continue
                sampled = scopes if (user is not None and user.is_staff) or not route.is_admin else scopes[:1]
                try:
                    cells = _ask_route(
                        route, method, subjects[name], scene, sampled, counts, foreign[name], results, key
                    )
                except Unfillable as exc:
                    results.unfillable.append(str(exc))
                    break
                results.table[key] = cells
        results.seconds[route.display] = time.perf_counter() - started
    return results


def _ask_route(
    route: Route,
    method: str,
    subject: Subject,
    scene: Scene,
    scopes: tuple[str, ...],
    counts: RowCounts,
    foreign: dict[str, tuple[str, ...]],
    results: Results,
    key: Key,
) -> Cells:
    cells: Cells = dict.fromkeys(SCOPES, NONE)
    for scope in scopes:
        if scope == "mixed" and OPENNESS[cells[OWN]] < OPENNESS[REFUSED]:
            continue  # the HY parent is refused already: a JM child under it is not asked
        url = url_for(route, scene, subject.user, scope)
        response, writes = _ask(subject, method, url, counts)
        verdict = classify(response)
        text = body_text(response) if verdict in (ALLOW, REFUSED) else ""
        leaked = [m for markers in foreign.values() for m in markers_in(text, markers)]
        personal = markers_in(text, scene.sides[OWN].personal) if subject.name in OTHER_DEPARTMENTS else []
        if scope == "all":
            # Asked once: "own" is the answer; "other" says whether JM's data reached the subject.
            own_leak = markers_in(text, foreign.get(OWN, ()))
            other_leak = markers_in(text, foreign.get(OTHER, ()))
            cells[OWN] = LEAK if own_leak else verdict
            cells[OTHER] = LEAK if other_leak else DENY
            leaks = own_leak + other_leak
            results.answers[(key, "all")] = Answer(url, response.status_code, verdict, leaks, personal, writes)
        else:
            cells[scope] = LEAK if leaked else verdict
            results.answers[(key, scope)] = Answer(url, response.status_code, verdict, leaked, personal, writes)
    return cells


# ---- reading the results ---------------------------------------------------------------------------

_LETTER = {ALLOW: "A", REFUSED: "r", DENY: "d", LEAK: "L", ERROR: "E", NA: ".", NONE: " "}


def render(results: Results) -> str:
    """The matrix as a compact text table: a letter per scope (own, other[, mixed]) per subject."""
    width = max((len(k[0]) for k in results.table), default=10) + 1
    width = min(width, 72)
    head = f"{'route':<{width}} {'meth':<6}" + "".join(f"{s[:10]:>11}" for s in SUBJECTS)
    lines = [
        "Authorization matrix: per subject own/other[/mixed]: A allow, r refused (400), d deny, L LEAK, E 5xx,"
        " . 405, blank not asked",
        head,
        "-" * len(head),
    ]
    seen: set[tuple[str, str]] = set()
    for route, method, _subject in sorted(results.table):
        if (route, method) in seen:
            continue
        seen.add((route, method))
        cells = [
            "".join(_LETTER[results.table[(route, method, s)][sc]] for sc in SCOPES).rstrip()
            for s in SUBJECTS
            if (route, method, s) in results.table
        ]
        shown = route if len(route) <= width else route[: width - 1] + "…"
        lines.append(f"{shown:<{width}} {method:<6}" + "".join(f"{c:>11}" for c in cells))
    lines.append("")
    lines.append(summary(results))
    return "\n".join(lines)


def summary(results: Results) -> str:
    lines = [
        f"{'subject':<16}{'own: allow':>11}{'refused':>8}{'deny':>6}{'other: allow':>14}{'refused':>8}{'deny':>6}"
        f"{'leak':>6}{'5xx':>5}"
    ]
    for name in SUBJECTS:
        c: Counter[tuple[str, str]] = Counter()
        for (_route, _method, subject), cells in results.table.items():
            if subject != name:
                continue
            for scope, value in cells.items():
                c[("own" if scope == OWN else "other", value)] += 1
        leaks = c[("own", LEAK)] + c[("other", LEAK)]
        errors = c[("own", ERROR)] + c[("other", ERROR)]
        lines.append(
            f"{name:<16}{c[('own', ALLOW)]:>11}{c[('own', REFUSED)]:>8}{c[('own', DENY)]:>6}"
            f"{c[('other', ALLOW)]:>14}{c[('other', REFUSED)]:>8}{c[('other', DENY)]:>6}{leaks:>6}{errors:>5}"
        )
    return "\n".join(lines)
