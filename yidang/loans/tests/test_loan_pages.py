"""The loan pages: ask from the archive page, decide, hand out, take back, the register and the dashboard."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from tests.pagetext import page_text
from yidang.loans.models import Loan, LoanStatus
from yidang.loans.tests.flow import approved, local, out, requested


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_archive_page_links_to_a_loan_request_for_its_folder(world, folder):
    page = page_text(_client(world.assistant).get(f"/archive/{folder.archive.pk}/"))
    assert f'href="/loans/request/?archive={folder.archive.pk}"' in page


def test_an_engineer_asks_for_a_folder_by_its_archive_number(world, folder):
    client = _client(world.engineer)
    assert "档案借阅" in page_text(client.get("/"))  # the menu entry
    response = client.post("/loans/request/", {"folder": folder.archive.number.lower(), "purpose": "查看水电图纸"})
    loan = Loan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/loans/{loan.pk}/"
    assert loan.borrower == world.engineer and loan.purpose == "查看水电图纸"
    assert "查看水电图纸" in page_text(client.get("/loans/"))


def test_a_request_from_the_archive_page_names_the_folder_and_shows_no_owner(world, folder):
    client = _client(world.engineer)
    page = page_text(client.get(f"/loans/request/?archive={folder.archive.pk}"))
    assert folder.archive.number in page and "张伟" not in page
    response = client.post("/loans/request/", {"archive": folder.archive.pk, "purpose": "核对", "out_of_room": "on"})
    assert response.status_code == 302 and Loan.objects.get().out_of_room


def test_a_refused_request_comes_back_with_the_reason(world, folder):
    requested(world, folder)
    response = _client(world.engineer).post("/loans/request/", {"archive": folder.archive.pk, "purpose": "再借"})
    assert response.status_code == 400 and "未办结的借阅" in page_text(response)
    response = _client(world.engineer).post("/loans/request/", {"folder": "HY-NOPE", "purpose": "x"})
    assert response.status_code == 400 and "没有找到该档案" in page_text(response)


def test_another_projects_folder_and_loans_answer_404(world, folder):
    loan = requested(world, folder)
    jm = _client(world.jm_assistant)
    assert jm.get(f"/loans/request/?archive={folder.archive.pk}").status_code == 404
    assert jm.get(f"/loans/{loan.pk}/").status_code == 404
    assert jm.post(f"/loans/{loan.pk}/cancel/").status_code == 404
    assert jm.get(f"/loans/{loan.pk}/return/").status_code == 404
    response = jm.post("/loans/request/", {"folder": folder.archive.number, "purpose": "x"})
    assert response.status_code == 400 and Loan.objects.count() == 1


def test_an_engineer_sees_only_their_own_loans(world, folder):
    others = requested(world, folder, world.assistant)
    engineer = _client(world.engineer)
    assert engineer.get(f"/loans/{others.pk}/").status_code == 404
    assert _client(world.supervisor).get(f"/loans/{others.pk}/").status_code == 200


def test_the_supervisor_approves_from_the_list_and_a_wrong_step_is_a_400(world, folder):
    loan = requested(world, folder)
    supervisor = _client(world.supervisor)
    assert folder.archive.number in page_text(supervisor.get("/loans/approvals/"))
    response = supervisor.post(f"/loans/{loan.pk}/approve/", {"next": "/loans/approvals/"})
    assert response.status_code == 302 and response["Location"] == "/loans/approvals/"
    assert Loan.objects.get(pk=loan.pk).status == LoanStatus.APPROVED
    response = supervisor.post(f"/loans/{loan.pk}/approve/")
    assert response.status_code == 400 and "不能审批" in page_text(response)


def test_rejecting_without_a_reason_is_refused_on_the_page(world, folder):
    loan = requested(world, folder)
    response = _client(world.supervisor).post(f"/loans/{loan.pk}/reject/", {"note": ""})
    assert response.status_code == 400 and "请填写驳回理由" in page_text(response)
    assert Loan.objects.get(pk=loan.pk).status == LoanStatus.REQUESTED


@pytest.mark.parametrize(
    ("user", "url", "status"),
    [
        ("engineer", "/loans/approvals/", 403),
        ("assistant", "/loans/approvals/", 403),
        ("engineer", "/loans/desk/", 403),
        ("supervisor", "/loans/desk/", 403),
        ("engineer", "/loans/register/", 403),
        ("engineer", "/loans/dashboard/", 403),
        ("engineer", "/loans/register/export.xlsx", 403),
        ("archivist", "/loans/desk/", 200),
        ("gm", "/loans/register/", 200),
        ("manager", "/loans/approvals/", 200),
    ],
)
def test_each_list_is_for_the_roles_whose_work_it_is(world, user, url, status):
    assert _client(world.users[user]).get(url).status_code == status


def test_the_desk_shows_what_to_hand_out_what_is_due_and_what_is_overdue(world, folder):
    with time_machine.travel(local(2026, 11, 16, 10), tick=False):
        loan = approved(world, folder)
        desk = _client(world.archivist)
        assert "已批准待借出" in page_text(desk.get("/loans/desk/"))
        response = desk.post(f"/loans/{loan.pk}/checkout/", {"next": "/loans/desk/"})
        assert response.status_code == 302 and Loan.objects.get(pk=loan.pk).status == LoanStatus.OUT
    with time_machine.travel(local(2026, 11, 19, 9), tick=False):
        page = page_text(_client(world.archivist).get("/loans/desk/"))
        assert page.index("今日应还") < page.index(folder.archive.number) < page.index("已批准待借出")
    with time_machine.travel(local(2026, 11, 20, 9), tick=False):
        page = page_text(_client(world.archivist).get("/loans/desk/"))
        assert 'class="overdue"' in page and "已逾期" in page
        dashboard = page_text(_client(world.manager).get("/loans/dashboard/"))
        assert 'id="overdue-count">1<' in dashboard and "逾期 1 天" in dashboard and "尚未催还" in dashboard


def test_the_return_form_ticks_what_came_back_and_records_what_did_not(world, folder):
    loan = out(world, folder)
    client = _client(world.archivist)
    page = page_text(client.get(f"/loans/{loan.pk}/return/"))
    assert all(d.title in page for d in folder.documents)
    kept, lost = folder.documents
    response = client.post(f"/loans/{loan.pk}/return/", {f"back_{kept.pk}": "on", "note": ""})
    assert response.status_code == 400 and "写明情况" in page_text(response)
    response = client.post(f"/loans/{loan.pk}/return/", {f"back_{kept.pk}": "on", "note": "第2件未归还"})
    assert response.status_code == 302
    loan.refresh_from_db()
    assert loan.status == LoanStatus.RETURNED and list(loan.incidents.get().documents.all()) == [lost]
    assert "归还缺损记录" in page_text(client.get(f"/loans/{loan.pk}/"))


def test_the_register_lists_the_months_loans_and_exports_excel_and_pdf(world, folder):
    with time_machine.travel(local(2026, 11, 16, 10), tick=False):
        out(world, folder)
    client = _client(world.supervisor)
    page = page_text(client.get("/loans/register/", {"month": "2026-11", "project": "HY"}))
    assert folder.archive.number in page and "核对装修图纸" in page
    assert folder.archive.number not in page_text(client.get("/loans/register/", {"month": "2026-10"}))
    xlsx = client.get("/loans/register/export.xlsx", {"month": "2026-11", "project": "HY"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    pdf = client.get("/loans/register/print.pdf", {"month": "2026-11"})
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"


def test_the_register_export_is_scoped_to_the_users_projects(world, folder):
    with time_machine.travel(local(2026, 11, 16, 10), tick=False):
        out(world, folder)
    from io import BytesIO

    from openpyxl import load_workbook

    body = _client(world.jm_assistant).get("/loans/register/export.xlsx", {"month": "2026-11"}).content
    rows = list(load_workbook(BytesIO(body)).active.iter_rows(values_only=True))
    assert len(rows) == 1  # the header only
