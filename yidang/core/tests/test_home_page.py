"""The home page is each role's start: CS staff get figures and quick links, others an explanation."""

from __future__ import annotations

from django.urls import reverse

from yidang.places.models import Building


def home(client, user):
    client.force_login(user)
    return client.get(reverse("home"))


def test_cs_assistant_sees_room_figures_of_their_projects(client, world):
    response = home(client, world.assistant)

    assert response.status_code == 200
    figures = [response.context[name] for name in ("room_count", "occupied_count", "vacant_count")]
    assert figures == [3, 2, 1]


def test_cs_assistant_gets_links_to_search_import_and_each_building_map(client, world):
    html = home(client, world.assistant).content.decode()

    assert reverse("households:search") in html
    assert reverse("imports:list") in html
    for building in Building.objects.filter(project=world.hy):
        assert reverse("places:building", args=[building.pk]) in html


def test_figures_and_buildings_of_another_project_are_not_shown(client, world):
    response = home(client, world.jm_assistant)
    html = response.content.decode()

    assert response.context["room_count"] == 1
    hy_building_links = [reverse("places:building", args=[b.pk]) for b in Building.objects.filter(project=world.hy)]
    assert "华苑小区" not in html
    assert not [link for link in hy_building_links if link in html]


def test_engineer_is_told_how_to_ask_for_access_and_sees_no_figures(client, world):
    response = home(client, world.engineer)
    html = response.content.decode()

    assert "一级保密" in html and "查阅申请" in html
    assert response.context["summaries"] == []
    assert reverse("households:search") not in html


def test_general_manager_reads_figures_but_gets_no_import_button(client, world):
    html = home(client, world.gm).content.decode()

    assert reverse("households:search") in html
    assert "导入业户汇总表" not in html  # the menu still offers 导入导出 for the export
