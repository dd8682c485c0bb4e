"""The password change page: old password, new one twice, the rules shown; the user stays signed in."""

from __future__ import annotations

from tests.world import PASSWORD


def change(client, old: str, new: str, again: str | None = None):
    data = {"old_password": old, "new_password1": new, "new_password2": again or new}
    return client.post("/account/password/", data, follow=True)


def test_the_page_lists_the_rules(world, client):
    client.force_login(world.assistant)

    page = client.get("/account/password/").content.decode()

    assert "修改密码" in page
    assert "10" in page and "最近 5 次用过的密码" in page


def test_a_good_new_password_is_saved_and_the_user_stays_signed_in(world, client):
    client.force_login(world.assistant)

    response = change(client, PASSWORD, "river-stone-4821")

    assert "密码已修改" in response.content.decode()
    world.assistant.refresh_from_db()
    assert world.assistant.check_password("river-stone-4821")
    assert client.get("/").status_code == 200


def test_a_wrong_old_password_is_refused(world, client):
    client.force_login(world.assistant)

    response = change(client, "not-my-password", "river-stone-4821")

    assert "旧密码不正确" in response.content.decode() or "old password" in response.content.decode()
    world.assistant.refresh_from_db()
    assert world.assistant.check_password(PASSWORD)


def test_a_short_or_common_password_is_refused(world, client):
    client.force_login(world.assistant)

    short = change(client, PASSWORD, "a1b2c3").content.decode()
    common = change(client, PASSWORD, "password123").content.decode()

    assert "密码太短，至少需要 10 个字符" in short
    assert "aria-invalid" in common and "常见" in common
    world.assistant.refresh_from_db()
    assert world.assistant.check_password(PASSWORD)


def test_the_page_needs_a_signed_in_user(db, client):
    response = client.get("/account/password/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
