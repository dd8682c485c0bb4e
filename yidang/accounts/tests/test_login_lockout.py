"""Five wrong passwords for one name from one address lock that name there for 30 minutes, on the web and the API."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from tests.world import PASSWORD


def sign_in(client, username: str, password: str, ip: str = "127.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(client, times: int, username: str = "assistant", ip: str = "127.0.0.1"):
    response = None
    for _ in range(times):
        response = sign_in(client, username, "wrong-password", ip)
    return response


def test_four_wrong_passwords_only_say_the_password_is_wrong(world, client):
    response = fail(client, 4)

    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert sign_in(client, "assistant", PASSWORD).status_code == 302


def test_the_fifth_wrong_password_locks_the_name_with_a_clear_message(world, client):
    response = fail(client, 5)

    assert response.status_code == 429
    page = response.content.decode()
    assert "登录失败次数过多" in page and "30 分钟后再试" in page


def test_while_locked_even_the_right_password_is_refused(world, client):
    fail(client, 5)

    response = sign_in(client, "assistant", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_one_name_from_one_address_only(world, client):
    fail(client, 5)

    assert sign_in(client, "supervisor", PASSWORD).status_code == 302  # another name, same address
    client.logout()
    assert sign_in(client, "assistant", PASSWORD, ip="10.1.2.3").status_code == 302  # same name, elsewhere


def test_the_lock_lifts_after_the_cool_off(world, client):
    fail(client, 5)

    with time_machine.travel(timezone.now() + timedelta(minutes=29), tick=False):
        assert sign_in(client, "assistant", PASSWORD).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
        assert sign_in(client, "assistant", PASSWORD).status_code == 302


def test_the_limit_and_cool_off_come_from_settings(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=10)

    response = fail(client, 2)

    assert response.status_code == 429
    assert "10 分钟后再试" in response.content.decode()


def test_a_successful_sign_in_forgets_earlier_failures(world, client):
    fail(client, 4)
    assert sign_in(client, "assistant", PASSWORD).status_code == 302
    client.logout()

    response = fail(client, 4)

    assert response.status_code == 200


def test_failures_at_the_api_token_endpoint_count_and_lock_it_too(world):
    api = APIClient()
    for _ in range(4):
        assert api.post("/api/v1/auth/token/", {"username": "assistant", "password": "nope-nope"}).status_code == 400

    fifth = api.post("/api/v1/auth/token/", {"username": "assistant", "password": "nope-nope"})
    right = api.post("/api/v1/auth/token/", {"username": "assistant", "password": PASSWORD})

    assert fifth.status_code == 429 and "登录失败次数过多" in fifth.json()["detail"]
    assert right.status_code == 429 and "token" not in right.json()


def test_web_and_api_failures_add_up(world, client):
    fail(client, 3)
    api = APIClient()
    api.post("/api/v1/auth/token/", {"username": "assistant", "password": "nope-nope"})

    fifth = api.post("/api/v1/auth/token/", {"username": "assistant", "password": "nope-nope"})

    assert fifth.status_code == 429
    assert sign_in(client, "assistant", PASSWORD).status_code == 429
