"""The statistics pages — 报修记录统计表, 投诉登记表, 投诉统计表, 服务时限达成率 — count only the user's projects within
the period, draw bars, and export to Excel with the export in the usage ledger."""

from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook

from yidang.service import actions
from yidang.service.actions import TicketData, ticket_register
from yidang.service.tests.helpers import category, complaint, repair
from yidang.service.tests.page_helpers import sign_in
from yidang.service.tests.test_sla_clocks import MONDAY_10, on_site
from yidang.usage.models import UsageKind, UsageRecord

PERIOD = {"from": "2026-11-01", "to": "2026-11-30"}


def jm_repair(world):
    data = TicketData(
        kind="repair",
        channel="phone",
        category=category(),
        content="漏水",
        reporter_name="王五",
        room=world.rooms["jm1503"],
    )
    return ticket_register(data=data, project=world.jm, actor=world.jm_assistant, at=MONDAY_10)


def test_repair_statistics_count_by_category_within_the_period_and_projects(client, world):
    repair(world, at=MONDAY_10)
    repair(world, at=MONDAY_10, cat="停水")
    repair(world, at=MONDAY_10, cat="停水")
    repair(world, at=MONDAY_10 - timedelta(days=60))  # September: outside the period
    jm_repair(world)  # another project
    page = sign_in(client, "assistant").get("/service/stats/", {"report": "repairs", **PERIOD}).content.decode()
    section = page.split('id="section-category"')[1].split("</section>")[0]
    assert 'data-label="停水"' in section and 'data-label="给排水"' in section
    assert "共 3 件" in section
    assert '<strong class="stack-value">2</strong>' in section and '<strong class="stack-value">1</strong>' in section


def test_sla_compliance_shows_the_on_time_rate_by_department(client, world):
    on_site(world, repair(world, at=MONDAY_10), MONDAY_10 + timedelta(minutes=10))
    on_site(world, repair(world, at=MONDAY_10), MONDAY_10 + timedelta(minutes=30))
    page = sign_in(client, "gm").get("/service/stats/", {"report": "sla", **PERIOD}).content.decode()
    section = page.split('id="section-department"')[1].split("</section>")[0]
    assert 'data-label="工程部"' in section and "50%" in section and "按时 1 / 2" in section


def test_the_complaint_register_lists_each_complaint_with_its_handling(client, world):
    ticket = actions.ticket_reject(
        ticket=complaint(world, at=MONDAY_10), explanation="系正常施工时段", actor=world.assistant
    )
    page = sign_in(client, "assistant").get("/service/stats/", {"report": "register", **PERIOD}).content.decode()
    assert ticket.number in page and "楼上夜间装修噪音" in page and "不成立" in page and "系正常施工时段" in page


def test_complaint_statistics_count_by_validity(client, world):
    actions.ticket_accept(ticket=complaint(world, at=MONDAY_10), actor=world.assistant)
    actions.ticket_reject(ticket=complaint(world, at=MONDAY_10), explanation="不属物业责任", actor=world.assistant)
    complaint(world, at=MONDAY_10)
    page = sign_in(client, "assistant").get("/service/stats/", {"report": "complaints", **PERIOD}).content.decode()
    section = page.split('id="section-valid"')[1].split("</section>")[0]
    assert all(f'data-label="{label}"' in section for label in ("成立", "不成立", "待判定"))


def test_the_excel_export_holds_the_figures_and_is_recorded_for_the_project(client, world):
    repair(world, at=MONDAY_10)
    repair(world, at=MONDAY_10, cat="停水")
    response = sign_in(client, "assistant").get("/service/stats/export.xlsx", {"report": "repairs", **PERIOD})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "按类别"
    rows = list(book["按类别"].iter_rows(min_row=3, values_only=True))
    assert rows[-1] == ("合计", 2, 0, 2)
    use = UsageRecord.objects.get(kind=UsageKind.EXPORT)
    assert use.project_id == world.hy.pk and use.what.startswith("报修记录统计表")


def test_the_complaint_register_exports_every_line(client, world):
    ticket = complaint(world, at=MONDAY_10)
    response = sign_in(client, "assistant").get("/service/stats/export.xlsx", {"report": "register", **PERIOD})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rows] == [ticket.number]


def test_a_worker_sees_no_statistics(client, world):
    sign_in(client, "engineer")
    assert client.get("/service/stats/").status_code == 403
    assert client.get("/service/stats/export.xlsx").status_code == 403
    assert not UsageRecord.objects.exists()
