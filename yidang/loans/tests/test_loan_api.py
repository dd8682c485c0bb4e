"""Loans API: the same steps as the pages, scoped the same way, refusals as 400 with the reason."""

from __future__ import annotations

from yidang.households.tests.helpers import api_client
from yidang.loans.models import Loan, LoanStatus
from yidang.loans.tests.flow import out, requested


def test_a_loan_goes_from_request_to_return_through_the_api(world, folder):
    response = api_client(world.engineer).post(
        "/api/v1/loans/", {"archive": folder.archive.pk, "purpose": "核对图纸"}, format="json"
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["status"] == "requested" and response.json()["archive_number"] == folder.archive.number

    assert api_client(world.supervisor).post(f"/api/v1/loans/{pk}/approve/", {}, format="json").status_code == 200
    body = api_client(world.archivist).post(f"/api/v1/loans/{pk}/checkout/", {}, format="json").json()
    assert body["status"] == "out" and sorted(body["documents"]) == sorted(d.pk for d in folder.documents)
    assert api_client(world.engineer).post(f"/api/v1/loans/{pk}/renew/", {}, format="json").json()["renewals"] == 1

    kept, lost = folder.documents
    response = api_client(world.archivist).post(
        f"/api/v1/loans/{pk}/return/", {"returned": [kept.pk], "note": "第2件缺失"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "returned"
    assert response.json()["incidents"][0]["kind"] == "missing" and response.json()["incidents"][0]["documents"] == [
        lost.pk
    ]


def test_a_step_refused_for_the_role_is_a_403_for_the_state_a_400_with_the_reason_and_changes_nothing(world, folder):
    loan = requested(world, folder)
    response = api_client(world.assistant).post(f"/api/v1/loans/{loan.pk}/approve/", {}, format="json")
    assert response.status_code == 403 and response.json()["detail"] == "借阅须由客服主管或客服经理审批"
    response = api_client(world.archivist).post(f"/api/v1/loans/{loan.pk}/checkout/", {}, format="json")
    assert response.status_code == 400 and "须先获批" in response.json()["detail"]
    assert Loan.objects.get(pk=loan.pk).status == LoanStatus.REQUESTED


def test_another_projects_loans_and_folders_answer_404(world, folder):
    loan = out(world, folder)
    jm = api_client(world.jm_assistant)
    assert jm.get(f"/api/v1/loans/{loan.pk}/").status_code == 404
    assert jm.post(f"/api/v1/loans/{loan.pk}/renew/", {}, format="json").status_code == 404
    assert jm.get("/api/v1/loans/").json()["count"] == 0
    response = jm.post("/api/v1/loans/", {"archive": folder.archive.pk, "purpose": "x"}, format="json")
    assert response.status_code == 404 and Loan.objects.count() == 1


def test_the_list_shows_register_readers_every_loan_and_others_their_own(world, folder):
    out(world, folder)
    requested(world, folder, world.assistant)
    assert api_client(world.supervisor).get("/api/v1/loans/").json()["count"] == 2
    assert api_client(world.engineer).get("/api/v1/loans/").json()["count"] == 1
    mine = api_client(world.assistant).get("/api/v1/loans/", {"mine": "1", "status": "requested"}).json()
    assert mine["count"] == 1 and mine["results"][0]["borrower"] == "assistant"


def test_the_schema_documents_the_loan_steps(world, client):
    client.force_login(world.assistant)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for step in ("approve", "reject", "cancel", "checkout", "renew", "return"):
        assert "post" in schema["paths"][f"/api/v1/loans/{{id}}/{step}/"]
    assert "ReturnRequest" in schema["components"]["schemas"]
