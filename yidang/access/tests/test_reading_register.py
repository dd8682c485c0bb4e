"""The reading register (查阅登记表): every approved reading of the month — reader or visitor, department,
files, purpose, approver, accompanying staff, first and last reading — as a page, an Excel file and a PDF."""

from __future__ import annotations

import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from yidang.access.actions import access_request_approve, access_request_file, reading_record, reading_session_start
from yidang.access.models import RequestKind
from yidang.access.queries import reading_register
from yidang.access.tests.conftest import approved_staff_request, request_data, staff_request
from yidang.archive.tests.scanfiles import pdf_bytes, upload
from yidang.audit.models import AuditEvent
from yidang.printing.tests.readers import pdf_text


def _this_month():
    return timezone.localdate().replace(day=1)


def test_a_staff_reading_is_listed_with_its_first_and_last_reading(world, hy1503):
    request = approved_staff_request(world)
    reading_record(request=request, actor=world.engineer, archive=hy1503)
    reading_record(request=request, actor=world.engineer, archive=hy1503)

    [row] = reading_register(world.archivist, _this_month())

    assert (row.reader, row.organisation, row.files, row.approver) == (
        "engineer",
        "工程部",
        ["HY-A2-15-1503"],
        "supervisor",
    )
    assert (
        row.reads == 2 and row.first_read is not None and row.last_read is not None and row.first_read <= row.last_read
    )
    assert row.accompanying == []


def test_a_visitors_reading_names_the_visitor_masked_and_the_accompanying_staff(world, hy1503, media):
    data = request_data(
        world,
        kind=RequestKind.OUTSIDER,
        visitor_name="李律师",
        visitor_org="某某律师事务所",
        visitor_id_number="440304198001011239",
        proof=upload(pdf_bytes()),
    )
    request = access_request_approve(request=access_request_file(data=data, actor=world.assistant), actor=world.manager)
    reading_session_start(request=request, actor=world.archivist)

    [row] = reading_register(world.supervisor, _this_month())

    assert (row.reader, row.organisation, row.accompanying) == (
        "李律师（440***********1239）",
        "某某律师事务所",
        ["archivist"],
    )


def test_pending_rejected_and_other_months_requests_are_not_listed(world, hy1503):
    staff_request(world)
    approved_staff_request(world)
    next_month = (_this_month() + timedelta(days=40)).replace(day=1)

    assert len(reading_register(world.archivist, _this_month())) == 1
    assert reading_register(world.archivist, next_month) == []


def test_only_staff_who_may_see_files_see_the_register_and_only_of_their_projects(client, world, hy1503):
    approved_staff_request(world)

    assert reading_register(world.jm_assistant, _this_month()) == []
    assert reading_register(world.engineer, _this_month()) == []
    client.force_login(world.engineer)
    assert client.get(reverse("access:register")).status_code == 404


def test_the_page_the_excel_and_the_pdf_show_the_same_reading(client, world, hy1503):
    from openpyxl import load_workbook

    request = approved_staff_request(world)
    reading_record(request=request, actor=world.engineer, archive=hy1503)
    client.force_login(world.archivist)
    month = f"{_this_month():%Y-%m}"

    page = client.get(reverse("access:register"), {"month": month})
    xlsx = client.get(reverse("access:register-xlsx"), {"month": month})
    pdf = client.get(reverse("access:register-pdf"), {"month": month})

    assert page.status_code == 200 and f'data-request="{request.pk}"' in page.content.decode()
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[3], r[5], r[7], r[12]) for r in rows] == [
        (request.pk, "engineer", "HY-A2-15-1503", "supervisor", 1)
    ]
    text = pdf_text(pdf.content)
    assert "查阅登记表" in text and "HY-A2-15-1503" in text and "核对管线改造图纸" in text
    assert AuditEvent.objects.filter(action="access.register_export").count() == 2
