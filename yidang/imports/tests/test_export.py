"""Export of the household summary: the import's own columns, masked ID numbers, an audit row."""

from __future__ import annotations

import io

import openpyxl
from django.urls import reverse

from tests.world import PASSWORD
from yidang.audit.models import AuditEvent
from yidang.imports.actions import households_import
from yidang.imports.columns import SHEET_COLUMNS
from yidang.imports.export import households_export


def sheet_rows(handle):
    book = openpyxl.load_workbook(handle)
    return [list(r) for r in book.active.iter_rows(values_only=True)]


def test_export_has_the_import_headers_and_masked_id_numbers(world):
    exported = households_export(user=world.assistant, project=world.hy)
    rows = sheet_rows(exported.file)

    assert rows[0] == [c.header for c in SHEET_COLUMNS]
    by_room = {(r[1], r[3], r[4]): r for r in rows[1:]}
    zhang = by_room[("A2", 15, "1503")]
    assert zhang[:9] == ["HY", "A2", "1", 15, "1503", None, "住宅", "业主", "张伟"]
    assert zhang[10:13] == ["身份证", "110***********002X", "13812345678"]
    assert zhang[18] == "京A12345"
    assert by_room[("B1", 8, "802")][8] is None  # a vacant room: no occupant
    assert exported.count == 3 and exported.file_name.startswith("业户基本情况汇总表-HY-")


def test_export_writes_an_audit_row_with_the_count_and_project(world):
    households_export(user=world.assistant, project=world.hy)

    event = AuditEvent.objects.get(action="households.export")
    assert (event.actor, event.project_id) == (world.assistant, world.hy.pk)
    assert event.after == {"count": 3, "projects": ["HY"]}


def test_an_exported_sheet_imports_back_without_changes(world):
    exported = households_export(user=world.assistant, project=world.hy)

    report = households_import(project=world.hy, data=exported.file.read(), actor=world.assistant, commit=False)

    assert report.errors == []
    assert report.counts["changed_rows"] == 0 and report.counts["unchanged_rows"] == 3


def test_the_export_page_streams_the_file(world, client):
    client.login(username="gm", password=PASSWORD)  # the general manager may export, not import
    response = client.get(reverse("imports:export"), {"project": world.hy.pk})

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = sheet_rows(io.BytesIO(b"".join(response.streaming_content)))
    assert len(rows) == 4


def test_engineering_staff_cannot_export(world, client):
    client.login(username="engineer", password=PASSWORD)
    assert client.get(reverse("imports:export")).status_code == 403
    assert not AuditEvent.objects.filter(action="households.export").exists()
