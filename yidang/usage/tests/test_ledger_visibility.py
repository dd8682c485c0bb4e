"""The ledger is the archivist's, the CS heads' and the general manager's, each within their projects
(an SQL filter); engineers and CS assistants cannot open it; filters and the Excel export agree."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.pagetext import page_text
from yidang.archive.models import Archive
from yidang.audit.models import AuditEvent
from yidang.usage.actions import usage_record
from yidang.usage.models import UsageKind
from yidang.usage.queries import usage_ledger, usage_monthly, usage_visible_to


@pytest.fixture
def uses_in_both_projects(world, archive):
    jm_archive = Archive.objects.get(room=world.rooms["jm1503"])
    usage_record(user=world.assistant, kind=UsageKind.VIEW_FILE, archive=archive, purpose="业主来电核实")
    usage_record(user=world.archivist, kind=UsageKind.PRINT, archive=archive, what="档案袋标签 HY-A2-15-1503")
    usage_record(user=world.jm_assistant, kind=UsageKind.VIEW_FILE, archive=jm_archive, purpose="金茂机密用途")
    usage_record(user=world.jm_assistant, kind=UsageKind.EXPORT, project_id=world.jm.pk, what="业主清单 JM")


@pytest.mark.parametrize("username", ["archivist", "supervisor", "manager", "gm"])
def test_the_keepers_see_only_their_projects_uses(client, world, uses_in_both_projects, username):
    client.force_login(world.users[username])

    body = page_text(client.get(reverse("usage:ledger")))

    assert "业主来电核实" in body and "HY-A2-15-1503" in body
    assert "金茂机密用途" not in body and "JM-" not in body and "业主清单 JM" not in body
    assert usage_visible_to(world.users[username]).count() == 2
    assert usage_monthly(world.users[username]).total == 2


@pytest.mark.parametrize("username", ["engineer", "assistant", "jm_assistant"])
@pytest.mark.parametrize("name", ["usage:ledger", "usage:ledger-export", "usage:monthly", "usage:monthly-export"])
def test_engineers_and_assistants_cannot_open_the_ledger(client, world, uses_in_both_projects, username, name):
    client.force_login(world.users[username])

    response = client.get(reverse(name))

    assert response.status_code == 403
    assert "业主来电核实" not in page_text(response)
    assert usage_visible_to(world.users[username]).count() == 0


def test_the_ledger_is_not_in_the_menu_of_those_who_cannot_open_it(client, world):
    client.force_login(world.assistant)
    assert "利用登记" not in page_text(client.get("/"))
    client.force_login(world.supervisor)
    assert "利用登记" in page_text(client.get("/"))


def test_the_ledger_filters_by_kind_person_number_and_purpose(world, uses_in_both_projects):
    gm = world.gm

    assert [r.kind for r in usage_ledger(gm, kind=UsageKind.PRINT)] == [UsageKind.PRINT]
    assert [r.user for r in usage_ledger(gm, who="assistant")] == [world.assistant]
    assert usage_ledger(gm, who="客服部").count() == 2
    assert usage_ledger(gm, number="1503").count() == 2
    assert usage_ledger(gm, purpose="来电").count() == 1
    assert usage_ledger(gm, who="jm_assistant").count() == 0  # another project's user: nothing of theirs shows


def test_the_newest_use_comes_first(client, world, uses_in_both_projects):
    client.force_login(world.supervisor)
    body = page_text(client.get(reverse("usage:ledger")))
    assert body.index("档案袋标签") < body.index("业主来电核实")


def test_the_excel_export_holds_the_filtered_ledger_and_is_audited(client, world, uses_in_both_projects):
    client.force_login(world.manager)

    response = client.get(reverse("usage:ledger-export"), {"kind": "view_file"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[6], r[7]) for r in rows] == [("查阅档案", "业主来电核实", "HY-A2-15-1503")]
    event = AuditEvent.objects.get(action="usage.ledger_export")
    assert event.after == {"kind": "view_file", "rows": 1}


def test_a_bad_month_filter_is_shown_and_the_other_filters_still_apply(client, world, uses_in_both_projects):
    client.force_login(world.supervisor)

    response = client.get(reverse("usage:ledger"), {"month": "twelfth", "kind": "print"})

    body = page_text(response)
    assert response.status_code == 200
    assert "月份格式应为" in body
    assert re.search(r"共 1 条", body)
