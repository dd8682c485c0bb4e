"""Every URL pattern and API route × every role × own / other project answers as tests/authz/expected.csv says.

One world, one test: the matrix asks a few thousand requests, each in a savepoint rolled back afterwards.
Besides the reviewed table, rules that hold whatever the table says: no other project's object is ever
allowed, no page carries another project's data, nobody logged out reaches data, the engineer reaches no
household or archive data, no answer is a 500, and a refused request changes no row.

``AUTHZ_UPDATE=1 pytest tests/authz`` rewrites the table from what the routes answer now (the rules
still apply); review the diff. ``pytest -s tests/authz`` shows the printed matrix.
"""

from __future__ import annotations

import os
import re

import pytest

from tests.authz.matrix import (
    DENY,
    ERROR,
    NA,
    NONE,
    OPENNESS,
    REFUSED,
    is_per_user,
    read_expected,
    write_expected,
)
from tests.authz.run import Results, render, run_matrix
from tests.authz.scene import OTHER, OWN, build_scene

# Routes anyone may open, logged in or not.
PUBLIC = {
    "login/",
    "logout/",
    "healthz",
    "i18n/setlang/",
    "api/v1/auth/token/",
    "admin/login/",
    # The API's description (no data): public on purpose, tests/test_api_schema.py asks for it logged out.
    "api/schema/",
    "api/docs/",
}

# The engineer (another department) reaches no household or archive data on their own: only through an
# approved request, which these routes are not.
ENGINEER_DENIED_PREFIXES = (
    "households/",
    "archive/",
    "shelving/",
    "imports/",
    "timeline/",
    "places/",
    "api/v1/households",
    "api/v1/archives",
    "api/v1/scans",
    "api/v1/locations",
    "api/v1/folder-moves",
    "api/v1/imports",
    "api/v1/buildings",
    "api/v1/projects",
)


# Where the engineer reads a file: the reading view of an approved request, within its window.
ENGINEER_READS = ("access/read/",)


def rule_breaks(results: Results) -> dict[str, list[str]]:
    """What breaks the fixed rules, by rule; each line names the route, method, subject, scope and answer."""
    breaks: dict[str, list[str]] = {
        "another project's object allowed": [],
        "another project's data in the answer": [],
        "server error": [],
        "reached without logging in": [],
        "engineer reached household or archive data": [],
        "engineer shown a household's personal data outside an approved reading": [],
        "admin reached without is_staff": [],
        "a refused request changed rows": [],
    }
    per_user = {r.display for r in results.routes if is_per_user(r)}
    for (key, scope), answer in results.answers.items():
        route, method, subject = key
        line = f"{method} {answer.url} as {subject} ({scope}) → {answer.status}"
        cells = results.table[key]
        if answer.personal and not route.startswith(ENGINEER_READS):
            breaks["engineer shown a household's personal data outside an approved reading"].append(
                f"{line}: {', '.join(answer.personal)}"
            )
        if answer.leaked:
            breaks["another project's data in the answer"].append(f"{line}: {', '.join(answer.leaked)}")
        if answer.verdict == ERROR:
            breaks["server error"].append(line)
        if scope in (OTHER, "mixed") and cells[scope] not in (DENY, NA, REFUSED):
            breaks["another project's object allowed"].append(line)
        if answer.verdict in (DENY, NA, REFUSED) and answer.writes and route not in PUBLIC:
            breaks["a refused request changed rows"].append(f"{line}: {answer.writes}")
        own = cells[OWN]
        if OPENNESS[own] < OPENNESS[REFUSED] or route in PUBLIC:
            continue
        if subject == "anonymous":
            breaks["reached without logging in"].append(line)
        if subject == "engineer" and route.startswith(ENGINEER_DENIED_PREFIXES):
            breaks["engineer reached household or archive data"].append(line)
        if route.startswith("admin/") and subject != "staff_archivist":
            breaks["admin reached without is_staff"].append(line)
        if subject == "no_project" and scope == OWN and route not in per_user and own != REFUSED:
            breaks["another project's object allowed"].append(line + " (a user of no project)")
    return {rule: lines for rule, lines in breaks.items() if lines}


def compare(results: Results, expected: dict) -> tuple[list[str], list[str], list[str], list[str]]:
    """(unexpected allows, unexpected denies, rows not in the table, rows the routes no longer have)."""
    allows: list[str] = []
    denies: list[str] = []
    for key, cells in results.table.items():
        if key not in expected:
            continue
        for scope, got in cells.items():
            want = expected[key].get(scope, NONE)
            if got == want:
                continue
            where = f"{key[1]} {key[0]} as {key[2]} ({scope}): expected {want}, got {got}"
            (allows if OPENNESS[got] > OPENNESS[want] else denies).append(where)
    new = [" ".join(k) for k in results.table if k not in expected]
    gone = [" ".join(k) for k in expected if k not in results.table]
    return allows, denies, new, gone


@pytest.fixture
def scene(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    # Print jobs and import progress live in the cache: one of the test's own.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "authz"}}
    return build_scene(world)


def test_every_route_answers_every_subject_as_the_reviewed_table_says(scene):
    results = run_matrix(scene)
    print(render(results))
    if results.not_asked:
        print(f"\nNot asked (admin object pages of models the scene has no rows of): {len(results.not_asked)} routes")
    print(f"\n{len(results.answers)} requests in {sum(results.seconds.values()):.0f} s; slowest routes:")
    for route, seconds in sorted(results.seconds.items(), key=lambda kv: -kv[1])[:5]:
        print(f"  {seconds:6.1f} s  {route}")
    early = [
        f"{k[1]} {k[0]} as {k[2]} ({scope})"
        for k, c in results.table.items()
        for scope in (OTHER, "mixed")
        if c[scope] == REFUSED
    ]
    if early:
        print("Refused (400) before the other project's object was looked up (the empty body failed first):")
        print("  " + "\n  ".join(sorted(early)))

    assert not results.unfillable, "routes the matrix cannot fill (extend tests/authz/kwargs.py):\n" + "\n".join(
        sorted(set(results.unfillable))
    )
    only = re.compile(os.environ.get("AUTHZ_ONLY", ""))  # a debugging aid: some routes only
    expected = {key: cells for key, cells in read_expected().items() if only.search(key[0])}
    if os.environ.get("AUTHZ_UPDATE"):
        kept = {key: cells for key, cells in read_expected().items() if key not in expected}
        write_expected(kept | results.table)
        expected = results.table
    broken = rule_breaks(results)
    assert not broken, "\n".join(f"{rule}:\n  " + "\n  ".join(lines) for rule, lines in broken.items())

    allows, denies, new, gone = compare(results, expected)
    problems = []
    if allows:
        problems.append(f"{len(allows)} UNEXPECTED ALLOWS:\n  " + "\n  ".join(allows))
    if denies:
        problems.append(f"{len(denies)} unexpected denies:\n  " + "\n  ".join(denies))
    if new or gone:
        problems.append(
            f"{len(new)} rows not in expected.csv, {len(gone)} rows of routes that are gone "
            "(AUTHZ_UPDATE=1 pytest tests/authz, then review the diff):\n  " + "\n  ".join((new + gone)[:50])
        )
    assert not problems, "\n".join(problems)
