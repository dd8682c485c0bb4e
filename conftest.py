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
