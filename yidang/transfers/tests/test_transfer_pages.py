"""The transfer pages: a sheet typed in, signed for by the receiver, printed, exported; other projects 404."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import load_workbook

from yidang.core.todo import todo_for
from yidang.shelving.tests.storage import login
from yidang.transfers.actions import ItemRef, custody_of
from yidang.transfers.models import TransferSheet, TransferStatus
from yidang.transfers.tests.sheets import send
from yidang.usage.models import UsageRecord


def test_a_sheet_is_typed_in_and_the_receiver_signs_for_it_on_the_page(world, files, client):
    login(client, "assistant")
    form = {
        "project": world.hy.pk,
        "route": "to_archivist",
        "receiver": world.archivist.pk,
        "items": f"{files.a1503.number}#1,2\n{files.a0801.number}",
        "note": "十一月移交",
    }
    response = client.post("/transfers/new/", form)
    assert response.status_code == 302, response.content.decode()
    sheet = TransferSheet.objects.get()
    assert sheet.sender == world.assistant and sheet.items.count() == 3

    assert [i.label for i in todo_for(world.archivist) if "移交单" in i.label] == ["待我签收的移交单"]
    login(client, "archivist")
    page = client.get(f"/transfers/{sheet.pk}/").content.decode()
    assert "确认签收" in page and files.a0801.number in page
    got = {f"got_{i.pk}": "on" for i in sheet.items.all()}
    response = client.post(f"/transfers/{sheet.pk}/acknowledge/", got)
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == TransferStatus.RECEIVED and custody_of(files.a0801).holder == world.archivist  # type: ignore[union-attr]
    archive_page = client.get(f"/archive/{files.a0801.pk}/").content.decode()
    assert "保管人" in archive_page and sheet.number in archive_page


def test_a_bad_sheet_is_a_400_with_the_reason_and_nothing_is_written(world, files, client):
    login(client, "assistant")
    form = {"project": world.hy.pk, "route": "other", "receiver": world.archivist.pk, "items": files.jm.number}
    response = client.post("/transfers/new/", form)
    assert response.status_code == 400 and "没有找到档案" in response.content.decode()
    assert not TransferSheet.objects.exists()


def test_an_acknowledgement_missing_its_note_is_a_400_and_custody_does_not_change(world, files, client):
    sheet = send(world, ItemRef(files.a1503), ItemRef(files.a0801))
    first = sheet.items.order_by("pk").first()
    login(client, "archivist")
    response = client.post(f"/transfers/{sheet.pk}/acknowledge/", {f"got_{first.pk}": "on"})  # type: ignore[union-attr]
    assert response.status_code == 400 and "请写明差异情况" in response.content.decode()
    assert custody_of(files.a1503) is None and TransferSheet.objects.get().status == TransferStatus.SENT


def test_the_receiver_refuses_on_the_page(world, files, client):
    sheet = send(world, ItemRef(files.a1503))
    login(client, "archivist")
    assert client.post(f"/transfers/{sheet.pk}/refuse/", {"reason": ""}).status_code == 400
    assert client.post(f"/transfers/{sheet.pk}/refuse/", {"reason": "未附清单"}).status_code == 302
    assert TransferSheet.objects.get().status == TransferStatus.REFUSED


def test_the_sheet_prints_as_a_pdf_and_the_print_is_a_use(world, files, client):
    sheet = send(world, ItemRef(files.a1503, (1,)))
    login(client, "archivist")
    response = client.get(f"/transfers/{sheet.pk}/print.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert UsageRecord.objects.filter(user=world.archivist, kind="print", project=world.hy).exists()


def test_a_periods_sheets_export_to_excel_with_times_to_the_minute(world, files, client):
    sheet = send(world, ItemRef(files.a1503, (1, 3)))
    login(client, "supervisor")
    today = timezone.localdate()
    response = client.get("/transfers/export.xlsx", {"start": today.replace(day=1), "end": today})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[0][0] == "移交单号" and len(rows) == 3
    assert rows[1][0] == sheet.number and rows[1][5] == f"{timezone.localtime(sheet.sent_at):%Y-%m-%d %H:%M}"
    assert {r[11] for r in rows[1:]} == {1, 3}


def test_another_projects_sheet_answers_404_and_stays_out_of_lists_and_exports(world, files, client):
    sheet = send(world, ItemRef(files.a1503))
    login(client, "jm_assistant")
    for url in (f"/transfers/{sheet.pk}/", f"/transfers/{sheet.pk}/print.pdf"):
        assert client.get(url).status_code == 404
    assert client.post(f"/transfers/{sheet.pk}/refuse/", {"reason": "x"}).status_code == 404
    assert sheet.number not in client.get("/transfers/?tab=mine").content.decode()
    today = timezone.localdate()
    response = client.get("/transfers/export.xlsx", {"start": today, "end": today})
    assert sheet.number.encode() not in response.content
    assert TransferSheet.objects.get().status == TransferStatus.SENT


def test_a_colleague_without_the_overview_right_sees_only_sheets_they_sign(world, files, client):
    sheet = send(world, ItemRef(files.a1503), actor=world.archivist, receiver=world.supervisor)
    login(client, "assistant")
    assert client.get(f"/transfers/{sheet.pk}/").status_code == 404
    login(client, "gm")
    assert client.get(f"/transfers/{sheet.pk}/").status_code == 200
