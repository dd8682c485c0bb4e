"""Every sign-in, sign-out, refused password, lockout and password change is in the audit trail."""

from __future__ import annotations

from rest_framework.test import APIClient

from tests.world import PASSWORD
from yidang.accounts.tests.conftest import audit_rows


def test_a_sign_in_is_audited_with_the_address(world, client):
    client.post("/login/", {"username": "assistant", "password": PASSWORD}, REMOTE_ADDR="10.9.8.7")

    [row] = audit_rows("account.login")
    assert row.actor == world.assistant
    assert row.after == {"ip": "10.9.8.7", "channel": "web"}


def test_a_sign_out_is_audited(world, client):
    client.force_login(world.assistant)

    client.post("/logout/")

    [row] = audit_rows("account.logout")
    assert row.actor == world.assistant


def test_a_refused_password_is_audited_with_the_name_tried_and_the_address(world, client):
    client.post("/login/", {"username": "assistant", "password": "wrong-password"}, REMOTE_ADDR="10.9.8.7")
    client.post("/login/", {"username": "nobody-here", "password": "wrong-password"}, REMOTE_ADDR="10.9.8.7")

    rows = audit_rows("account.login_failed")
    assert [r.after for r in rows] == [
        {"username": "assistant", "ip": "10.9.8.7", "channel": "web"},
        {"username": "nobody-here", "ip": "10.9.8.7", "channel": "web"},
    ]
    assert rows[0].object_id == str(world.assistant.pk) and rows[1].object_id == ""
    assert all(r.actor is None for r in rows)
    assert not any("wrong-password" in str(r.after) for r in rows)


def test_a_lockout_is_audited(world, client):
    for _ in range(5):
        client.post("/login/", {"username": "assistant", "password": "wrong-password"})

    [row] = audit_rows("account.locked_out")
    assert row.after == {"username": "assistant", "ip": "127.0.0.1"}
    assert len(audit_rows("account.login_failed")) == 5


def test_an_api_sign_in_and_a_refused_one_are_audited_as_api(world):
    api = APIClient()
    api.post("/api/v1/auth/token/", {"username": "assistant", "password": "wrong-password"})
    api.post("/api/v1/auth/token/", {"username": "assistant", "password": PASSWORD})

    assert (audit_rows("account.login_failed")[0].after or {})["channel"] == "api"
    assert (audit_rows("account.login")[0].after or {})["channel"] == "api"


def test_a_password_change_is_audited_without_the_password(world, client):
    client.force_login(world.assistant)

    client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "river-stone-4821", "new_password2": "river-stone-4821"},
    )

    [row] = audit_rows("account.password_change")
    assert row.actor == world.assistant
    assert "river-stone-4821" not in str(row.before) + str(row.after)
