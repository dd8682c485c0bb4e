"""The little world every test shares: two projects, the roles of DOMAIN.md, a few households.

Like healthchecks' ``hc/test.py``: ``hy`` (华苑小区) and ``jm`` (金茂大厦); ``assistant`` works
in HY, ``jm_assistant`` in JM only, ``engineer`` is engineering staff in HY.
"""

from __future__ import annotations

import os

import pytest

# The browser fixtures (one Chromium for the whole session) serve every test folder.
pytest_plugins = ["tests.browser.plugin"]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def pytest_configure(config):
    """Parallel workers (``make test`` runs pytest-xdist) each have a database of their own, so their
    ids repeat: their cache keys (an import's progress is keyed by its job id) get a prefix of their
    own, or two workers would read each other's entries in the shared cache (files or Redis)."""
    from django.conf import settings

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        for cache in settings.CACHES.values():
            cache["KEY_PREFIX"] = f"{cache.get('KEY_PREFIX', '')}{worker}"


DEAD_ROWS_BEFORE_VACUUM = 100_000


@pytest.fixture(scope="module", autouse=True)
def _dead_rows_vacuumed(django_db_setup, django_db_blocker):
    """PostgreSQL: every test's rollback leaves its rows dead, and the project's server runs no
    autovacuum, so past ``DEAD_ROWS_BEFORE_VACUUM`` the suite vacuums its own database between test
    modules — or later tests wade through them all (the authz matrix, which counts rows after each
    write, took 10 minutes late in a run instead of 3)."""
    from django.db import connection

    from yidang.core.bulk import dead_rows

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock():
        if not connection.in_atomic_block and dead_rows() > DEAD_ROWS_BEFORE_VACUUM:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")


@pytest.fixture(scope="session", autouse=True)
def _stray_sessions_ended(django_db_setup, django_db_blocker):
    """PostgreSQL: at the end of the run, end any other session still on the test database (a thread's
    connection not yet collected), or dropping the database fails with "being accessed by other users"
    and leaves it behind. Torn down after the live server and the browser, before the database."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def world(db):
    from tests.world import build_world

    return build_world()


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (run by .ci/run with DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 makes every test user cost a third of a second; tests do not need its strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
