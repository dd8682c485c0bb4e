"""A new password may not be any of the user's last five; the history is written on every password change."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.world import PASSWORD
from yidang.accounts.actions import user_password_change
from yidang.accounts.models import PasswordHistory

NEW = ["harbour-lamp-0101", "harbour-lamp-0202", "harbour-lamp-0303", "harbour-lamp-0404", "harbour-lamp-0505"]


def refusals(password: str, user) -> set[str]:
    """The codes of the rules the password breaks (the whole configured list runs)."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code or "" for e in error.error_list}
    return set()


def change_through_the_page(client, user, old: str, new: str):
    client.force_login(user)
    return client.post(
        "/account/password/", {"old_password": old, "new_password1": new, "new_password2": new}, follow=True
    )


def test_the_current_password_cannot_be_chosen_again(world, client):
    response = change_through_the_page(client, world.assistant, PASSWORD, PASSWORD)

    assert "最近 5 次用过的密码" in response.content.decode()
    world.assistant.refresh_from_db()
    assert world.assistant.check_password(PASSWORD)


def test_each_of_the_last_five_passwords_is_refused(world):
    user = world.assistant
    for password in NEW[:4]:
        user_password_change(user=user, new_password=password, actor=user)

    for used in [PASSWORD, *NEW[:4]]:
        assert "password_reused" in refusals(used, user)


def test_the_sixth_password_back_may_be_used_again(world):
    user = world.assistant
    for password in NEW:
        user_password_change(user=user, new_password=password, actor=user)

    assert "password_reused" not in refusals(PASSWORD, user)  # the first; five newer ones came after it
    assert "password_reused" in refusals(NEW[0], user)


def test_only_four_older_hashes_are_kept_beside_the_current_one_and_none_is_plain(world):
    user = world.assistant
    for password in NEW:
        user_password_change(user=user, new_password=password, actor=user)

    kept = list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True))
    assert len(kept) == 4
    assert not any(password in hashed for hashed in kept for password in [PASSWORD, *NEW])


def test_a_password_set_in_the_admin_joins_the_history(world, client):
    world.manager.is_staff = world.manager.is_superuser = True
    world.manager.save()
    client.force_login(world.manager)

    response = client.post(
        f"/admin/accounts/user/{world.assistant.pk}/password/",
        {"password1": NEW[0], "password2": NEW[0], "usable_password": "true"},
    )

    assert response.status_code == 302
    world.assistant.refresh_from_db()
    assert "password_reused" in refusals(NEW[0], world.assistant)
    assert "password_reused" in refusals(PASSWORD, world.assistant)
    assert PasswordHistory.objects.filter(user=world.assistant).count() == 1
