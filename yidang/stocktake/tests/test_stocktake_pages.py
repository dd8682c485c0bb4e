"""The stocktake pages: the archivist counts through them, others read, another project answers 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.world import PASSWORD
from yidang.audit.models import AuditEvent
from yidang.shelving.models import FolderMove
from yidang.stocktake.actions import stocktake_scan, stocktake_start
from yidang.stocktake.models import Stocktake, StocktakeScan

HX = {"HTTP_HX_REQUEST": "true"}


def signed_in(client, username: str):
    client.login(username=username, password=PASSWORD)
    return client


def test_the_archivist_starts_a_count_and_scans_with_htmx(client, world, area):
    signed_in(client, "archivist")
    response = client.post(reverse("stocktake:start", args=["HY"]), {"area": area.room.pk})
    take = Stocktake.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("stocktake:detail", args=[take.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200 and "扫描或输入档案号" in page.content.decode()
    scan_url = reverse("stocktake:scan", args=[take.pk])
    answer = client.post(scan_url, {"code": area.box1.code}, **HX).content.decode()
    assert "当前清点位置" in answer and area.box1.code in answer
    answer = client.post(scan_url, {"code": area.folders[5].number}, **HX).content.decode()
    assert "错位" in answer and 'id="count-misplaced">1<' in answer
    answer = client.post(scan_url, {"code": area.folders[0].number}, **HX).content.decode()
    assert 'id="count-in_place">1<' in answer and 'id="count-missing">8<' in answer


def test_a_scan_of_nothing_says_so_and_writes_nothing(client, world, area):
    take = stocktake_start(area=area.room, actor=world.archivist)
    signed_in(client, "archivist")
    before = AuditEvent.objects.count()
    answer = client.post(reverse("stocktake:scan", args=[take.pk]), {"code": "   "}, **HX)
    assert answer.status_code == 200 and "请扫描或输入" in answer.content.decode()
    plain = client.post(reverse("stocktake:scan", args=[take.pk]), {"code": ""})
    assert plain.status_code == 400
    assert not StocktakeScan.objects.exists() and AuditEvent.objects.count() == before


def test_a_place_outside_the_area_is_refused(client, world, area):
    take = stocktake_start(area=area.box1, actor=world.archivist)
    signed_in(client, "archivist")
    answer = client.post(reverse("stocktake:scan", args=[take.pk]), {"code": area.box2.code}, **HX).content.decode()
    assert "不在本次清点范围" in answer


def test_a_misplaced_folder_is_recorded_where_it_was_found_through_the_shelving_move(client, world, area):
    take = stocktake_start(area=area.room, actor=world.archivist)
    place = stocktake_scan(stocktake=take, text=area.box1.code, actor=world.archivist).place
    found = stocktake_scan(stocktake=take, text=area.folders[6].number, actor=world.archivist, place=place)
    assert found.scan is not None
    signed_in(client, "archivist")
    answer = client.post(reverse("stocktake:rehome", args=[take.pk, found.scan.pk]), **HX).content.decode()
    assert "已登记到" in answer
    area.folders[6].refresh_from_db()
    assert area.folders[6].location == area.box1
    move = FolderMove.objects.filter(archive=area.folders[6]).latest("moved_at")
    assert move.from_location == area.box2 and move.to_location == area.box1 and "清点" in move.reason
    assert "已按发现位置重新登记" in answer


def test_putting_a_misplaced_folder_back_is_logged(client, world, area):
    take = stocktake_start(area=area.room, actor=world.archivist)
    place = stocktake_scan(stocktake=take, text=area.box1.code, actor=world.archivist).place
    found = stocktake_scan(stocktake=take, text=area.folders[6].number, actor=world.archivist, place=place)
    assert found.scan is not None
    signed_in(client, "archivist")
    answer = client.post(reverse("stocktake:put-back", args=[take.pk, found.scan.pk]), **HX).content.decode()
    assert "已放回原位" in answer
    assert AuditEvent.objects.filter(action="stocktake.put_back").count() == 1
    area.folders[6].refresh_from_db()
    assert area.folders[6].location == area.box2


def test_ticking_a_folder_counts_it_in_place(client, world, area):
    take = stocktake_start(area=area.room, actor=world.archivist)
    signed_in(client, "archivist")
    url = reverse("stocktake:tick", args=[take.pk, area.folders[3].pk])
    answer = client.post(url, **HX).content.decode()
    assert 'id="count-in_place">1<' in answer


def test_closing_from_the_page_shows_the_recorded_result(client, world, area):
    take = stocktake_start(area=area.box1, actor=world.archivist)
    signed_in(client, "archivist")
    response = client.post(reverse("stocktake:close", args=[take.pk]), {"note": "抽盘"})
    assert response.status_code == 302
    take.refresh_from_db()
    assert not take.is_open and take.missing == 5
    page = client.get(reverse("stocktake:detail", args=[take.pk])).content.decode()
    assert "扫描或输入档案号" not in page and 'id="count-missing">5<' in page
    again = client.post(reverse("stocktake:scan", args=[take.pk]), {"code": area.folders[0].number})
    assert again.status_code == 400 and "本次清点已完成" in again.content.decode()


@pytest.mark.parametrize("user", ["supervisor", "manager", "gm"])
def test_heads_read_a_count_but_cannot_scan(client, world, area, user):
    take = stocktake_start(area=area.room, actor=world.archivist)
    signed_in(client, user)
    assert client.get(reverse("stocktake:detail", args=[take.pk])).status_code == 200
    response = client.post(reverse("stocktake:scan", args=[take.pk]), {"code": area.folders[0].number})
    assert response.status_code == 403
    assert not StocktakeScan.objects.exists()


@pytest.mark.parametrize("user", ["assistant", "engineer"])
def test_others_see_no_stocktake(client, world, area, user):
    take = stocktake_start(area=area.room, actor=world.archivist)
    signed_in(client, user)
    assert client.get(reverse("stocktake:detail", args=[take.pk])).status_code == 403


def test_another_projects_count_answers_404(client, world, area, django_user_model):
    take = stocktake_start(area=area.room, actor=world.archivist)
    from tests.world import make_user
    from yidang.accounts.roles import Role

    make_user("jm_archivist", Role.ARCHIVIST, [world.jm])
    signed_in(client, "jm_archivist")
    assert client.get(reverse("stocktake:detail", args=[take.pk])).status_code == 404
    response = client.post(reverse("stocktake:scan", args=[take.pk]), {"code": area.folders[0].number})
    assert response.status_code == 404
    assert client.get(reverse("stocktake:report", args=["HY", 2026])).status_code == 404
    assert not StocktakeScan.objects.exists()


def test_a_second_open_count_of_the_same_area_is_refused(client, world, area):
    stocktake_start(area=area.room, actor=world.archivist)
    signed_in(client, "archivist")
    response = client.post(reverse("stocktake:start", args=["HY"]), {"area": area.room.pk})
    assert response.status_code == 400 and "已有进行中的清点" in response.content.decode()
    assert Stocktake.objects.count() == 1
