"""Completeness rolls up per building and project; the missing items can be listed and exported."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from yidang.archive.actions import archive_status_set
from yidang.archive.models import Archive
from yidang.archive.queries import completeness_by_building, missing_items
from yidang.archive.tests.conftest import file_document
from yidang.audit.models import AuditEvent


def test_the_roll_up_adds_required_and_satisfied_per_building(world, archive):
    file_document(archive, "handover_record", world.archivist)
    file_document(archive, "key_receipt", world.archivist)

    rows = {r.code: r for r in completeness_by_building(world.hy)}

    assert set(rows) == {"A2", "B1"}
    a2, b1 = rows["A2"], rows["B1"]
    assert (a2.files, a2.complete_files, a2.required, a2.satisfied, a2.percent) == (1, 0, 9, 2, 22)
    assert (b1.files, b1.required, b1.satisfied, b1.percent) == (1, 9, 0, 0)


def test_closed_files_are_left_out_of_the_roll_up(world, archive):
    archive_status_set(archive=archive, status="closed", actor=world.archivist)
    assert [r.code for r in completeness_by_building(world.hy)] == ["B1"]


def test_the_roll_up_is_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        completeness_by_building(world.hy)


def test_the_completeness_page_shows_each_building_with_its_bar(client, world, archive):
    file_document(archive, "handover_record", world.archivist)
    client.force_login(world.gm)

    response = client.get(reverse("archive:completeness-project", args=["HY"]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'style="width: 11%"' in html  # A2: 1 of 9
    assert "1/18" in html  # project: satisfied / required


def test_another_projects_completeness_answers_404(client, world):
    client.force_login(world.assistant)
    assert client.get(reverse("archive:completeness-project", args=["JM"])).status_code == 404


def test_missing_items_list_what_each_active_file_still_lacks(world, archive):
    file_document(archive, "handover_record", world.archivist)

    items = missing_items(world.assistant, project_id=world.hy.pk)

    assert items.count() == 8 + 9
    assert not items.filter(archive=archive, doc_type__code="handover_record").exists()
    assert not missing_items(world.assistant).filter(archive__project=world.jm).exists()


def test_the_missing_page_groups_by_building(client, world):
    client.force_login(world.assistant)
    response = client.get(reverse("archive:missing"))
    assert response.status_code == 200
    assert "HY-B1-8-801" in response.content.decode()
    assert "JM-T1-15-1503" not in response.content.decode()


def test_the_missing_items_export_to_excel_and_the_export_is_recorded(client, world, archive):
    client.force_login(world.assistant)

    response = client.get(reverse("archive:missing-export"), {"project": world.hy.pk})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("项目", "楼栋", "房号", "档案号", "业主")
    assert len(rows) == 1 + 18
    assert rows[1][:5] == ("HY", "A2", "A2-15-1503", "HY-A2-15-1503", "张伟")
    assert AuditEvent.objects.get(action="archive.missing_export").after == {"rows": 18}


def test_the_file_list_filters_incomplete_files_by_building(client, world, archive):
    building = archive.room.building
    client.force_login(world.assistant)

    response = client.get(reverse("archive:list"), {"building": building.pk, "state": "incomplete"})

    assert [a.number for a in response.context["archives"]] == ["HY-A2-15-1503"]
    assert Archive.objects.filter(project=world.hy).count() == 2
