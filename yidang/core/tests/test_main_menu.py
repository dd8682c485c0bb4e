"""The main menu: each role's places in groups, a group of one shown as a plain link, the current page marked."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse


def sign_in(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def groups_of(response):
    return {g["label"]: [i["label"] for i in g["items"]] for g in response.context["nav_groups"]}


def test_the_archivist_sees_the_archive_places_in_one_group(client, world):
    groups = groups_of(sign_in(client, "archivist").get(reverse("home")))
    assert groups["档案"][:3] == ["业户档案", "档案存放", "档案清点"]
    assert "查阅申请" in groups["利用"] and "档案借阅" in groups["利用"]


def test_the_engineer_sees_no_household_group_and_single_places_as_links(client, world):
    response = sign_in(client, "engineer").get(reverse("home"))
    groups = groups_of(response)
    assert "住户" not in groups and groups["客服"] == ["我的工单"]
    body = response.content.decode()
    assert f'<a href="{reverse("service:mine")}">我的工单</a>' in body  # not inside a drop-down
    assert "住户查询" not in body


def test_every_place_is_listed_once_and_the_current_one_is_marked_with_its_group(client, world):
    response = sign_in(client, "supervisor").get(reverse("service:surveys"))
    items = response.context["nav_items"]
    assert len({i["url"] for i in items}) == len(items)
    (current,) = [i["label"] for i in items if i["active"]]
    assert current == "满意度调查"
    assert [g["label"] for g in response.context["nav_groups"] if g["active"]] == ["客服"]
    assert '<summary class="current">客服</summary>' in response.content.decode()
