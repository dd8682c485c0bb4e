"""The shelf ledger (保管台账): every folder with its place, in shelf order, on the page and in Excel."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from yidang.audit.models import AuditEvent
from yidang.households.actions import household_occupant_add
from yidang.people.actions import PersonData
from yidang.shelving.actions import folder_move
from yidang.shelving.tests.storage import login


@pytest.fixture
def shelved(world, storage, hy1503, hy0801):
    """hy0801 in the first box, hy1503 in the second; a third file (hy0802) not shelved yet."""
    household_occupant_add(
        room=world.rooms["hy0802"], role="owner", person_data=PersonData(name="李四"), actor=world.archivist
    )
    folder_move(archive=hy1503, to_location=storage.box2, actor=world.archivist)
    folder_move(archive=hy0801, to_location=storage.box1, actor=world.archivist)
    return storage


def test_the_ledger_lists_folders_in_shelf_order_unshelved_last(client, world, shelved):
    html = login(client, "supervisor").get(reverse("shelving:ledger", args=["HY"])).content.decode()
    positions = [html.index(n) for n in ("HY-B1-8-801", "HY-A2-15-1503", "HY-B1-8-802")]
    assert positions == sorted(positions)
    assert "1号档案室 › 档案柜 C01 › 层架/抽屉 S01 › 档案盒 B001" in html
    assert "欧阳娜娜" in html and "未上架" in html
    assert "JM-T1-15-1503" not in html


def test_the_ledger_export_has_the_same_order_and_is_logged(client, world, shelved):
    response = login(client, "gm").get(reverse("shelving:ledger-export", args=["HY"]))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("位置编码", "存放位置", "档案号")
    assert [r[2] for r in rows[1:]] == ["HY-B1-8-801", "HY-A2-15-1503", "HY-B1-8-802"]
    assert rows[1][0] == "HY-R01-C01-S01-B001" and rows[2][4] == "张伟"
    assert AuditEvent.objects.filter(action="export.shelf_ledger", actor=world.gm, project_id=world.hy.pk).count() == 1


def test_another_projects_ledger_is_not_found(client, world, shelved):
    assert login(client, "jm_assistant").get(reverse("shelving:ledger", args=["HY"])).status_code == 404
    assert login(client, "jm_assistant").get(reverse("shelving:ledger-export", args=["HY"])).status_code == 404
    assert not AuditEvent.objects.filter(action="export.shelf_ledger").exists()
