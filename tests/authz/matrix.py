"""The authorization matrix: every URL pattern × method × subject × scope, asked and classified.

* ``routes()`` walks ``get_resolver()`` recursively: pages, ``/api/v1/`` and the admin alike.
* ``url_for()`` fills a pattern's kwargs from the scene through the explicit tables of ``kwargs.py``. A kwarg (or a
  ``pk`` on a route) the tables cannot fill raises ``Unfillable``: a new URL cannot slip past the matrix.
* ``classify()`` turns an answer into ALLOW (2xx, 3xx), REFUSED (400/409/422: past the gate, the form or
  the action said no and nothing changed), DENY (401/403/404/429, or sent to a sign-in or account-step
  page), NA (405: the method is not served) or ERROR (5xx).
* Scopes: ``own`` = the HY object (the subjects' project), ``other`` = the JM object, ``mixed`` = the
  first object from HY and the nested ones from JM (``/households/<HY>/vehicles/<JM vehicle>/remove/``).
  A route with no object in its URL is asked once; its ``other`` cell then says whether JM's data
  reached the subject (``LEAK``) or not (``DENY``). ``LEAK`` is also reported wherever an allowed
  answer carries another project's markers.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.http import HttpResponse
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from tests.authz.kwargs import (
    ADMIN_CONSTANTS,
    ADMIN_OBJECT_KWARGS,
    ADMIN_PROJECT_PATH,
    ADMIN_WITHOUT_OBJECTS,
    CONSTANT_KWARGS,
    KWARG_OF,
    PK_OF,
    ROUTE_CONSTANTS,
)
from tests.authz.scene import OTHER, OWN, Scene, notification_id, print_job_key

EXPECTED = Path(__file__).with_name("expected.csv")

ALLOW, REFUSED, DENY, LEAK, NA, ERROR, NONE = "ALLOW", "REFUSED", "DENY", "LEAK", "NA", "ERROR", "-"
# From closed to open: a cell moving right is an unexpected allow, moving left an unexpected deny.
OPENNESS = {NONE: 0, NA: 0, DENY: 0, REFUSED: 1, ALLOW: 2, LEAK: 3, ERROR: 3}
# Kinds of object that belong to one user rather than to a project: "own" is the subject's own.
PER_USER_KINDS = {"print_job", "notification"}
SCOPES = (OWN, OTHER, "mixed")


class Unfillable(Exception):
    """A URL kwarg the tables below do not know: add it (and the object it points at) before going on."""


# ---- routes --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    route: str  # as Django's ResolverMatch.route spells it
    name: str  # namespaced
    kwargs: tuple[str, ...]
    methods: tuple[str, ...]

    @property
    def display(self) -> str:
        """The route without regex noise: ``api/v1/households/<pk>/vehicles/<vehicle_id>/``."""
        text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", self.route)
        text = re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", text)
        return text.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")


def _kwargs_of(pattern: Any) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return list(pattern.converters)
    if isinstance(pattern, RegexPattern):
        return list(pattern.regex.groupindex)
    return []


def _methods_of(callback: Any) -> tuple[str, ...]:
    """The methods a view serves: a viewset's action map, a class's handlers, else GET and POST."""
    actions = getattr(callback, "actions", None)
    if actions:
        return tuple(sorted(m.upper() for m in actions if m not in ("head", "options")))
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if cls is not None:
        served = [m for m in cls.http_method_names if m not in ("head", "options") and hasattr(cls, m)]
        return tuple(sorted(m.upper() for m in served))
    return ("GET", "POST")


def routes() -> list[Route]:
    found: list[Route] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str, kwargs: list[str]) -> None:
        for entry in resolver.url_patterns:
            here = kwargs + _kwargs_of(entry.pattern)
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry, prefix + str(entry.pattern), ns, here)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
                found.append(Route(prefix + str(entry.pattern), name, tuple(here), _methods_of(entry.callback)))

    walk(get_resolver(), "", "", [])
    return found


# ---- filling kwargs --------------------------------------------------------------------------------


def _admin_model(route: Route) -> Any:
    """The model of an admin route, from its path: admin/<app_label>/<model_name>/..."""
    parts = route.display.split("/")
    if len(parts) >= 3:
        for model in admin.site._registry:
            if (model._meta.app_label, model._meta.model_name) == (parts[1], parts[2]):
                return model
    raise Unfillable(f"{route.display} ({route.name}): an admin route whose model the matrix cannot tell")


def _admin_has_objects(route: Route) -> bool:
    label = _admin_model(route)._meta.label_lower
    if label not in ADMIN_PROJECT_PATH:
        raise Unfillable(f"admin model {label}: add it to ADMIN_PROJECT_PATH (its path to a project, or None)")
    return label not in ADMIN_WITHOUT_OBJECTS


def _admin_instance(model: Any, scene: Scene, scope: str) -> Any:
    label = model._meta.label_lower
    path = ADMIN_PROJECT_PATH[label]
    manager = model._default_manager
    if path is None:
        instance = manager.order_by("pk").first()
    else:
        instance = manager.filter(**{path: scene.side_of(scope).project.pk}).order_by("pk").first()
    if instance is None:
        raise Unfillable(
            f"admin model {label}: the scene has no {scope} instance; create one in scene.py "
            "(or list the model in ADMIN_WITHOUT_OBJECTS with a reason)"
        )
    return instance


def asked(route: Route) -> bool:
    """False for the object pages of admin models the scene has no rows of (ADMIN_WITHOUT_OBJECTS)."""
    if route.is_admin and route.name != "admin:view_on_site" and any(k in ADMIN_OBJECT_KWARGS for k in route.kwargs):
        return _admin_has_objects(route)
    return True


def object_kwargs(route: Route) -> list[str]:
    """The kwargs that point at an object of a project (the ones own/other/mixed vary)."""
    if route.is_admin:
        if route.name == "admin:view_on_site":
            return ["object_id"]
        found = [k for k in route.kwargs if k in ADMIN_OBJECT_KWARGS]
        if found and ADMIN_PROJECT_PATH.get(_admin_model(route)._meta.label_lower) is not None:
            return found
        return []
    constants = ROUTE_CONSTANTS.get(route.name, {})
    return [k for k in route.kwargs if k not in CONSTANT_KWARGS and k not in constants]


def _kind(route: Route, kwarg: str) -> str:
    if kwarg == "pk":
        if route.name not in PK_OF:
            raise Unfillable(f"{route.display} ({route.name or 'unnamed'}): which object is its pk? add it to PK_OF")
        return PK_OF[route.name]
    if kwarg not in KWARG_OF:
        raise Unfillable(f"{route.display}: unknown kwarg {kwarg!r}; add it to KWARG_OF or CONSTANT_KWARGS")
    return KWARG_OF[kwarg]


def _value(route: Route, kwarg: str, scene: Scene, subject: Any, scope: str) -> str:
    if kwarg in CONSTANT_KWARGS:
        return CONSTANT_KWARGS[kwarg]
    if kwarg in ROUTE_CONSTANTS.get(route.name, {}):
        return ROUTE_CONSTANTS[route.name][kwarg]
    if route.is_admin:
        return _admin_value(route, kwarg, scene, scope)
    kind = _kind(route, kwarg)
    if kind == "print_job":
        return print_job_key(scene, subject, scope)
    if kind == "notification":
        return str(notification_id(scene, subject, scope))
    obj = scene.side_of(scope).objects.get(kind)
    if obj is None:
        raise Unfillable(f"{route.display}: the scene has no {kind!r} object; create one in scene.py")
    return str(obj.code if kind == "project" and kwarg == "code" else obj.pk)


def _admin_value(route: Route, kwarg: str, scene: Scene, scope: str) -> str:
    if kwarg in ADMIN_CONSTANTS:
        return ADMIN_CONSTANTS[kwarg]
    if kwarg == "app_label":
        return "places"
    if route.name == "admin:view_on_site":
        from django.contrib.contenttypes.models import ContentType

        room = scene.side_of(scope).objects["room"]
        return str(ContentType.objects.get_for_model(room).pk if kwarg == "content_type_id" else room.pk)
    if kwarg in ADMIN_OBJECT_KWARGS:
        return str(_admin_instance(_admin_model(route), scene, scope).pk)
    raise Unfillable(f"{route.display}: unknown admin kwarg {kwarg!r}")


def is_per_user(route: Route) -> bool:
    """Whether the route's object belongs to a user (a print job, a notification) rather than a project."""
    return any(
        (k != "pk" and KWARG_OF.get(k) in PER_USER_KINDS) or (k == "pk" and PK_OF.get(route.name) in PER_USER_KINDS)
        for k in route.kwargs
    )


def scopes_of(route: Route) -> tuple[str, ...]:
    """Which scopes a route is asked in: none of own/other/mixed when its URL names no project's object."""
    objs = object_kwargs(route)
    if not objs:
        return ("all",)
    return (OWN, OTHER, "mixed") if len(objs) > 1 else (OWN, OTHER)


def url_for(route: Route, scene: Scene, subject: Any, scope: str) -> str:
    objs = object_kwargs(route)
    values: dict[str, str] = {}
    for kwarg in route.kwargs:
        if scope == "all":
            side = OWN
        elif scope == "mixed":
            side = OWN if kwarg == objs[0] else OTHER
        else:
            side = scope
        values[kwarg] = _value(route, kwarg, scene, subject, side)
    if route.name:
        url = reverse(route.name, kwargs=values or None)
    else:  # an unnamed route: fill its <converter:name> and (?P<name>…) parts in; resolve() checks the result
        text = re.sub(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>", lambda m: values[m[1] or m[2]], route.route)
        url = "/" + text.replace("^", "").replace("$", "").replace("\\.", ".")
    if Route(resolve(url).route, "", (), ()).display != route.display:
        raise Unfillable(f"{route.display}: {route.name or 'the route'} gave {url}, which is another route")
    return url


# ---- answers ---------------------------------------------------------------------------------------


# Where a refused request is sent: the sign-in pages and the account steps every page waits behind (a new
# password, the second factor), and the admin index, which is the admin's answer for an id it does not know.
GATE_ROUTES = ("login", "admin:login", "accounts:password_change", "accounts:otp_verify", "accounts:otp_setup")


@functools.cache
def _gates() -> frozenset[str]:
    found = {reverse("admin:index")}
    for name in GATE_ROUTES:
        with contextlib.suppress(NoReverseMatch):  # an app that is not installed
            found.add(reverse(name))
    return frozenset(found)


def classify(response: HttpResponse) -> str:
    status = response.status_code
    if status >= 500:
        return ERROR
    if status == 405:
        return NA
    if status in (401, 403, 404, 429):
        return DENY
    if 300 <= status < 400:
        path = urlsplit(response.get("Location", "")).path
        return DENY if path in _gates() else ALLOW
    if status in (400, 409, 415, 422):
        return REFUSED
    return ALLOW


def body_text(response: HttpResponse) -> str:
    """The readable text of an answer (pages, JSON); empty for files and streams."""
    if getattr(response, "streaming", False):
        return ""
    kind = response.get("Content-Type", "")
    if not any(t in kind for t in ("text/", "json", "javascript", "xml")):
        return ""
    text = response.content.decode(errors="replace")
    return re.sub(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]*', r"\1", text)


def markers_in(text: str, markers: tuple[str, ...]) -> list[str]:
    return [m for m in markers if m and m in text]


# ---- a row count snapshot: a refused request must change nothing ----------------------------------

_IGNORED_TABLES = {"django_session"}  # the session's idle clock restarts on every request


def _tables() -> list[str]:
    names: set[str] = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.db_table not in _IGNORED_TABLES:
            names.add(meta.db_table)
    existing = set(connection.introspection.table_names())
    return sorted(names & existing)


class RowCounts:
    """Which tables' row counts a request changed, against the counts every request starts from.

    Each request runs in a savepoint that is rolled back, so every one meets the same rows: they are
    counted once. After a write, only the tables it touched are counted again — on PostgreSQL the
    transaction's own statistics (``pg_stat_xact_user_tables``) name them, so nothing else is scanned
    (whole-table counts over a test database's dead rows made the matrix several times slower there);
    SQLite has no such statistics, so there every table is counted again."""

    def __init__(self) -> None:
        self.tables = _tables()
        self.baseline = self._count(self.tables)

    def mark(self) -> dict[str, int]:
        """What the transaction has done to each table so far (PostgreSQL; empty elsewhere)."""
        if connection.vendor != "postgresql":
            return {}
        with connection.cursor() as cursor:
            cursor.execute("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables")
            return dict(cursor.fetchall())

    def changed_since(self, mark: dict[str, int]) -> dict[str, tuple[int, int]]:
        """Each table whose row count now differs from the baseline: (before, after)."""
        if connection.vendor == "postgresql":
            now = self.mark()
            tables = [t for t in self.tables if now.get(t, 0) != mark.get(t, 0)]
        else:
            tables = self.tables
        after = self._count(tables)
        return {t: (self.baseline[t], after[t]) for t in tables if self.baseline[t] != after[t]}

    @staticmethod
    def _count(tables: list[str]) -> dict[str, int]:
        if not tables:
            return {}
        quote = connection.ops.quote_name
        parts = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {parts}")
            row = cursor.fetchone()
        return dict(zip(tables, row, strict=True))


# ---- the expected table --------------------------------------------------------------------------

HEADER = ["route", "method", "subject", "own", "other", "mixed"]
_NOTE = (
    "# The authorization matrix (tests/authz). One line per route x method x subject; own = an object of\n"
    "# the subject's project HY, other = JM's, mixed = a HY parent with a JM child; '-' = not asked.\n"
    "# For routes without an object in the URL, own is the answer and other says whether JM data leaked.\n"
    "# Regenerate with AUTHZ_UPDATE=1 pytest tests/authz, then review the diff line by line.\n"
)

Cells = dict[str, str]  # scope -> class
Key = tuple[str, str, str]  # (route display, method, subject)


def read_expected(path: Path = EXPECTED) -> dict[Key, Cells]:
    if not path.exists():
        return {}
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    table: dict[Key, Cells] = {}
    for row in csv.DictReader(lines):
        table[(row["route"], row["method"], row["subject"])] = {s: row[s] for s in SCOPES}
    return table


def write_expected(table: dict[Key, Cells], path: Path = EXPECTED) -> None:
    out = io.StringIO()
    out.write(_NOTE)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for (route, method, subject), cells in sorted(table.items(), key=lambda kv: _sort_key(kv[0])):
        writer.writerow([route, method, subject, *(cells.get(s, NONE) for s in SCOPES)])
    path.write_text(out.getvalue(), encoding="utf-8")


def _sort_key(key: Key) -> tuple[str, str, int, str]:
    from tests.authz.scene import SUBJECTS

    route, method, subject = key
    order = SUBJECTS.index(subject) if subject in SUBJECTS else len(SUBJECTS)
    return (route, method, order, subject)


def rows(table: dict[Key, Cells]) -> Iterator[tuple[Key, str, str]]:
    for key, cells in table.items():
        for scope, value in cells.items():
            yield key, scope, value
