"""A password older than YIDANG_PASSWORD_MAX_AGE_DAYS must be changed before anything else, on the web and the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.world import PASSWORD
from yidang.accounts.models import User
from yidang.accounts.queries import password_expired


def age_password(user: User, days: int) -> None:
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - timedelta(days=days))
    user.refresh_from_db()


def test_a_new_user_starts_with_a_fresh_password(world):
    assert not any(password_expired(user) for user in world.users.values())


def test_demo_users_are_not_stuck_on_an_expired_password(db):
    from yidang.demo.actions import demo_users_ensure

    users = demo_users_ensure()

    assert users and not any(password_expired(user) for user in users)


def test_a_password_expires_after_the_configured_days(world, settings):
    settings.YIDANG_PASSWORD_MAX_AGE_DAYS = 90
    age_password(world.assistant, 89)
    assert not password_expired(world.assistant)
    age_password(world.assistant, 90)
    assert password_expired(world.assistant)


def test_zero_days_turns_expiry_off(world, settings):
    settings.YIDANG_PASSWORD_MAX_AGE_DAYS = 0
    age_password(world.assistant, 4000)
    assert not password_expired(world.assistant)


def test_an_expired_password_sends_every_page_to_the_password_change_page(world, client):
    age_password(world.assistant, 91)
    client.force_login(world.assistant)

    response = client.get("/households/?q=1503")

    assert response.status_code == 302
    assert response["Location"] == "/account/password/?next=%2Fhouseholds%2F%3Fq%3D1503"
    page = client.get(response["Location"]).content.decode()
    assert "密码已超过 90 天未修改，已过期" in page
    assert "张伟" not in page


@pytest.mark.parametrize("path", ["/healthz", "/static/yidang.css"])
def test_an_expired_password_still_reaches_health_check_and_static_files(world, client, path):
    age_password(world.assistant, 91)
    client.force_login(world.assistant)

    assert client.get(path).status_code == 200


def test_an_expired_password_may_still_log_out(world, client):
    age_password(world.assistant, 91)
    client.force_login(world.assistant)

    response = client.post("/logout/")

    assert response.status_code == 302 and response["Location"] == "/login/"
    assert "_auth_user_id" not in client.session


def test_changing_the_expired_password_opens_the_system_again(world, client):
    age_password(world.assistant, 91)
    client.force_login(world.assistant)

    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "river-stone-4821", "new_password2": "river-stone-4821"},
    )

    assert response.status_code == 302
    world.assistant.refresh_from_db()
    assert not password_expired(world.assistant)
    assert client.get("/households/?q=1503").status_code == 200


def test_an_api_token_of_an_expired_password_gets_a_403_that_says_why(world):
    client = APIClient()
    token = client.post("/api/v1/auth/token/", {"username": "assistant", "password": PASSWORD}).json()["token"]
    age_password(world.assistant, 91)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = client.get("/api/v1/households/", {"search": "zw"})

    assert response.status_code == 403
    assert "已过期" in response.json()["detail"]
    assert "张伟" not in response.content.decode()


def test_the_token_endpoint_refuses_a_token_to_an_expired_password(world):
    age_password(world.assistant, 91)

    response = APIClient().post("/api/v1/auth/token/", {"username": "assistant", "password": PASSWORD})

    assert response.status_code == 403
    assert "已过期" in response.json()["detail"]


def test_an_api_call_in_an_expired_session_gets_json_not_a_redirect(world, client):
    age_password(world.assistant, 91)
    client.force_login(world.assistant)

    response = client.get("/api/v1/households/", {"search": "zw"})

    assert response.status_code == 403
    assert response.json()["code"] == "password_change"
