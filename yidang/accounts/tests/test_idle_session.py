"""A session left idle for SESSION_COOKIE_AGE is signed out; one in use stays open."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.conf import settings
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
