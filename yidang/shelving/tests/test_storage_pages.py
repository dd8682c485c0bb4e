"""The storage pages: the tree with folder counts, a place, adding places, moving a folder by typed or scanned code."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from yidang.archive.models import Archive
from yidang.shelving.actions import folder_move
from yidang.shelving.models import FolderMove, Location
from yidang.shelving.printouts import location_qr_url
from yidang.shelving.tests.storage import login


def test_the_tree_shows_rooms_to_boxes_with_folder_counts(client, world, storage, hy1503, hy0801):
    folder_move(archive=hy1503, to_location=storage.box1, actor=world.archivist)
    folder_move(archive=hy0801, to_location=storage.box1, actor=world.archivist)
    html = login(client, "archivist").get(reverse("shelving:tree", args=["HY"])).content.decode()
    for place in (storage.room, storage.cabinet, storage.shelf, storage.box1, storage.box2):
        assert place.code in html
    assert html.count("2 袋") == 4  # the box and the shelf, cabinet and room above it
    assert storage.jm_box.code not in html


def test_the_storage_start_page_opens_the_users_only_project(client, world):
    response = login(client, "archivist").get(reverse("shelving:index"))
    assert response.status_code == 302 and response.url == reverse("shelving:tree", args=["HY"])


def test_a_box_page_lists_its_folders_and_computes_its_first_and_last_number(client, world, storage, hy1503, hy0801):
    folder_move(archive=hy1503, to_location=storage.box1, actor=world.archivist)
    folder_move(archive=hy0801, to_location=storage.box1, actor=world.archivist)
    html = login(client, "supervisor").get(reverse("shelving:location", args=[storage.box1.pk])).content.decode()
    assert "HY-A2-15-1503 — HY-B1-8-801" in html and "按盒内档案袋计算" in html
    assert "张伟" in html and "欧阳娜娜" in html
    assert "打印盒脊标签" not in html  # labels are the archivist's


def test_the_archivist_adds_a_box_with_the_suggested_code(client, world, storage):
    login(client, "archivist")
    url = reverse("shelving:location-add", args=[storage.shelf.pk])
    assert 'value="HY-R01-C01-S01-B003"' in client.get(url).content.decode()
    response = client.post(url, {"code": "HY-R01-C01-S01-B003", "name": "", "year": "2026"})
    box = Location.objects.get(code="HY-R01-C01-S01-B003")
    assert response.status_code == 302 and response.url == reverse("shelving:location", args=[box.pk])
    assert (box.parent, box.kind, box.year) == (storage.shelf, "box", 2026)


def test_a_taken_code_comes_back_as_a_chinese_form_error(client, world, storage):
    login(client, "archivist")
    response = client.post(reverse("shelving:room-add", args=["HY"]), {"code": "HY-R01", "name": "二号"})
    assert response.status_code == 400
    assert "编码 HY-R01 已被本项目的其他位置使用" in response.content.decode()
    assert Location.objects.filter(project=world.hy, kind="room").count() == 1


def test_other_staff_may_look_but_not_add_places(client, world, storage):
    login(client, "assistant")
    assert client.get(reverse("shelving:location", args=[storage.box1.pk])).status_code == 200
    assert client.post(reverse("shelving:room-add", args=["HY"]), {"code": "HY-X"}).status_code == 403
    assert client.post(reverse("shelving:location-edit", args=[storage.box1.pk]), {"code": "X"}).status_code == 403
    assert not Location.objects.filter(code__in=["HY-X", "X"]).exists()


def test_another_projects_places_are_not_found(client, world, storage):
    login(client, "jm_assistant")
    assert client.get(reverse("shelving:location", args=[storage.box1.pk])).status_code == 404
    assert client.get(reverse("shelving:tree", args=["HY"])).status_code == 404
    assert client.get(reverse("shelving:location", args=[storage.jm_box.pk])).status_code == 200


def test_the_archivist_moves_a_folder_by_scanning_the_box_label(client, world, storage, hy1503):
    login(client, "archivist")
    archive_page = f"/archive/{hy1503.pk}/"
    response = client.post(
        reverse("shelving:move", args=[hy1503.pk]),
        {"to_code": location_qr_url(storage.box2), "reason": "新建档", "next": archive_page},
    )
    assert response.status_code == 302 and response.url == archive_page
    hy1503.refresh_from_db()
    assert hy1503.location == storage.box2


def test_a_typed_code_of_another_project_is_not_found_and_nothing_moves(client, world, storage, hy1503):
    login(client, "archivist")
    response = client.post(reverse("shelving:move", args=[hy1503.pk]), {"to_code": storage.jm_box.code})
    assert response.status_code == 400
    assert "没有找到编码为 JM-R01-C01-S01-B001 的存放位置" in response.content.decode()
    assert Archive.objects.get(pk=hy1503.pk).location is None and not FolderMove.objects.exists()


def test_a_move_to_a_storage_room_comes_back_as_a_form_error(client, world, storage, hy1503):
    login(client, "archivist")
    response = client.post(reverse("shelving:move", args=[hy1503.pk]), {"to_code": "hy-r01"})
    assert response.status_code == 400 and "不能直接放在档案室" in response.content.decode()


def test_an_assistant_sees_the_history_but_may_not_move(client, world, storage, hy1503):
    folder_move(archive=hy1503, to_location=storage.box1, actor=world.archivist, reason="首次上架")
    login(client, "assistant")
    html = client.get(reverse("shelving:move", args=[hy1503.pk])).content.decode()
    assert "首次上架" in html and "确认移位" not in html
    response = client.post(reverse("shelving:move", args=[hy1503.pk]), {"to_code": storage.box2.code})
    assert response.status_code == 403
    assert Archive.objects.get(pk=hy1503.pk).location == storage.box1


def _archive_panel(user, archive) -> str:
    """The partial the archive page includes, rendered as that page does (request in the context)."""
    request = RequestFactory().get(f"/archive/{archive.pk}/")
    request.user = user
    return render_to_string(
        "shelving/_archive_location.html", {"archive": archive, "room": archive.room}, request=request
    )


def test_the_archive_page_panel_shows_the_place_history_move_form_and_print_buttons(world, storage, hy1503):
    folder_move(archive=hy1503, to_location=storage.box1, actor=world.archivist, reason="首次上架")
    html = _archive_panel(world.archivist, Archive.objects.get(pk=hy1503.pk))
    assert "1号档案室" in html and "档案盒 B001" in html and "首次上架" in html
    assert reverse("shelving:folder-label", args=[hy1503.pk]) in html
    assert reverse("shelving:file-list", args=[hy1503.pk]) in html
    assert 'list="folder-targets"' in html and storage.box2.code in html


def test_the_panel_offers_a_supervisor_the_file_list_but_no_move_or_label(world, storage, hy1503):
    html = _archive_panel(world.supervisor, hy1503)
    assert "尚未上架" in html and reverse("shelving:file-list", args=[hy1503.pk]) in html
    assert reverse("shelving:folder-label", args=[hy1503.pk]) not in html and "确认移位" not in html
