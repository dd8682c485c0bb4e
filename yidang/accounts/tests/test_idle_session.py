"""A session left idle for SESSION_COOKIE_AGE is signed out; one in use stays open."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone


def test_an_idle_session_is_signed_out(world, client):
    client.force_login(world.assistant)
    assert client.get("/").status_code == 200

    with time_machine.travel(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 1), tick=False):
        response = client.get("/households/?q=1503")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_session_in_use_stays_open_past_the_idle_limit(world, client):
    client.force_login(world.assistant)
    start = timezone.now()
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)

    for step in (0.6, 1.2, 1.8):  # each request before the idle limit restarts the clock
        with time_machine.travel(start + idle * step, tick=False):
            assert client.get("/").status_code == 200


def session_writes(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return [q for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]]


def test_pages_read_within_the_refresh_interval_write_no_session(world, client):
    client.force_login(world.assistant)
    session_writes(client)  # the first page restarts the clock
    assert session_writes(client) == []


def test_a_page_after_the_refresh_interval_restarts_the_idle_clock(world, client):
    client.force_login(world.assistant)
    later = timezone.now() + timedelta(seconds=settings.SESSION_REFRESH_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert len(session_writes(client)) == 1
    expiry = Session.objects.get(pk=client.session.session_key).expire_date
    assert expiry == later + timedelta(seconds=settings.SESSION_COOKIE_AGE)
