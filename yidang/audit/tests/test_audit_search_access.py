"""The audit search page is for the archivist, the CS manager, the general manager and superusers;
CS assistants, supervisors and other departments get a 403 and no menu entry."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yidang.accounts.models import User

ALLOWED = ["archivist", "manager", "gm"]
DENIED = ["assistant", "supervisor", "engineer", "jm_assistant"]


@pytest.mark.parametrize("name", ALLOWED)
def test_the_archivist_and_managers_open_the_audit_search_from_the_menu(search, world, name):
    response = search(world.users[name])

    assert response.status_code == 200
    assert "审计日志" in response.content.decode()
    assert {"label": "审计日志", "url": reverse("audit:search"), "active": True} in response.context["nav_items"]


@pytest.mark.parametrize("name", DENIED)
def test_assistants_supervisors_and_other_departments_are_refused(search, client, world, name):
    response = search(world.users[name])

    assert response.status_code == 403
    client.force_login(world.users[name])
    home = client.get(reverse("home"))
    assert all(item["url"] != reverse("audit:search") for item in home.context["nav_items"])


def test_a_superuser_opens_it_too(search, world):
    root = User.objects.create_superuser("root", password="x" * 12)

    assert search(root).status_code == 200


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(reverse("audit:search"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
