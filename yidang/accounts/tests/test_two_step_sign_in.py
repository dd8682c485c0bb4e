"""A user enrols an authenticator app (QR code or typed key, one code to confirm); from then on a sign-in asks for its code."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from tests.world import PASSWORD
from yidang.accounts.tests.conftest import audit_rows, code_of


def sign_in(client, username: str = "assistant"):
    return client.post("/login/", {"username": username, "password": PASSWORD})


def test_the_setup_page_shows_a_qr_code_and_the_key_to_type(world, client):
    client.force_login(world.assistant)

    page = client.get("/account/two-step/setup/").content.decode()

    device = TOTPDevice.objects.get(user=world.assistant, confirmed=False)
    assert '<svg viewBox="' in page  # scales to the phone's width instead of being cut off
    key = page.split('class="otp-key">')[1].split("<")[0].replace(" ", "")
    from base64 import b32decode

    assert b32decode(key + "=" * (-len(key) % 8)) == device.bin_key


def test_reloading_the_setup_page_keeps_the_same_key(world, client):
    client.force_login(world.assistant)
    client.get("/account/two-step/setup/")
    client.get("/account/two-step/setup/")

    assert TOTPDevice.objects.filter(user=world.assistant).count() == 1


def test_a_wrong_code_does_not_enrol(world, client):
    client.force_login(world.assistant)
    client.get("/account/two-step/setup/")

    response = client.post("/account/two-step/setup/", {"code": "000000"})

    assert "验证码不正确或已过期" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.assistant, confirmed=True).exists()


def test_the_right_code_enrols_and_is_audited(world, client):
    client.force_login(world.assistant)
    client.get("/account/two-step/setup/")
    device = TOTPDevice.objects.get(user=world.assistant)

    response = client.post("/account/two-step/setup/", {"code": code_of(device)}, follow=True)

    device.refresh_from_db()
    assert device.confirmed
    assert "两步验证已启用" in response.content.decode()
    assert [e.actor for e in audit_rows("account.totp_enrol")] == [world.assistant]


def test_after_the_password_every_page_asks_for_the_code(world, client, enrolled):
    assert sign_in(client).status_code == 302

    response = client.get("/households/?q=1503")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-step/?next=")
    assert "张伟" not in client.get(response["Location"]).content.decode()


def test_the_right_code_finishes_the_sign_in(world, client, enrolled):
    sign_in(client)

    response = client.post("/account/two-step/", {"code": code_of(enrolled), "next": "/households/?q=1503"})

    assert response.status_code == 302 and response["Location"] == "/households/?q=1503"
    assert client.get("/households/?q=1503").status_code == 200
    assert audit_rows("account.totp_verify")[0].after == {"username": "assistant", "ip": "127.0.0.1"}


def test_a_wrong_code_is_refused_audited_and_slowed_down(world, client, enrolled):
    sign_in(client)

    first = client.post("/account/two-step/", {"code": "000000"})
    second = client.post("/account/two-step/", {"code": code_of(enrolled)})  # too soon after a failure

    assert "验证码不正确或已过期" in first.content.decode()
    assert "验证码错误次数过多" in second.content.decode()
    assert len(audit_rows("account.totp_failed")) == 2
    assert client.get("/").status_code == 302


def test_a_code_cannot_be_used_twice(world, client, enrolled):
    code = code_of(enrolled)
    sign_in(client)
    client.post("/account/two-step/", {"code": code})
    client.post("/logout/")
    sign_in(client)

    with time_machine.travel(timezone.now() + timedelta(seconds=5), tick=False):
        response = client.post("/account/two-step/", {"code": code})

    assert "验证码不正确或已过期" in response.content.decode()


def test_managers_must_enrol_first_when_the_setting_is_on(world, client, settings):
    settings.YIDANG_TOTP_REQUIRED_FOR_MANAGERS = True
    for username in ["manager", "gm"]:
        client.force_login(world.users[username])
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/account/two-step/setup/")
        assert "须先绑定手机验证器" in client.get(response["Location"]).content.decode()


def test_other_roles_and_managers_without_the_setting_go_straight_in(world, client, settings):
    settings.YIDANG_TOTP_REQUIRED_FOR_MANAGERS = True
    client.force_login(world.assistant)
    assert client.get("/").status_code == 200

    settings.YIDANG_TOTP_REQUIRED_FOR_MANAGERS = False
    client.force_login(world.manager)
    assert client.get("/").status_code == 200


def test_an_enrolled_manager_goes_on_after_the_code(world, client, settings):
    settings.YIDANG_TOTP_REQUIRED_FOR_MANAGERS = True
    client.force_login(world.manager)
    client.get("/account/two-step/setup/")
    device = TOTPDevice.objects.get(user=world.manager)

    client.post("/account/two-step/setup/", {"code": code_of(device)})

    assert client.get("/").status_code == 200


def test_the_api_token_endpoint_asks_an_enrolled_user_for_the_code(world, enrolled):
    api = APIClient()

    without = api.post("/api/v1/auth/token/", {"username": "assistant", "password": PASSWORD})
    wrong = api.post("/api/v1/auth/token/", {"username": "assistant", "password": PASSWORD, "otp": "000000"})
    with time_machine.travel(timezone.now() + timedelta(seconds=5), tick=False):
        right = api.post(
            "/api/v1/auth/token/", {"username": "assistant", "password": PASSWORD, "otp": code_of(enrolled)}
        )

    assert without.status_code == 400 and "otp" in without.json()
    assert wrong.status_code == 400 and "token" not in wrong.json()
    assert right.status_code == 200 and "token" in right.json()


def test_a_manager_who_must_enrol_gets_no_api_access_until_then(world, settings):
    settings.YIDANG_TOTP_REQUIRED_FOR_MANAGERS = True

    response = APIClient().post("/api/v1/auth/token/", {"username": "manager", "password": PASSWORD})

    assert response.status_code == 403
    assert "须先绑定手机验证器" in response.json()["detail"]


def test_a_user_whose_device_an_admin_removed_is_not_stuck_on_the_code_page(world, client, enrolled):
    sign_in(client)
    assert client.get("/").status_code == 302
    enrolled.delete()  # lost phone: the admin deletes the device

    response = client.get("/account/two-step/?next=/")

    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
