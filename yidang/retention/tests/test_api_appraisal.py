"""Appraisal API: list, detail with items, a decision per item, closing into a destruction list."""

from __future__ import annotations

from django.utils import timezone

from tests.world import make_user
from yidang.accounts.roles import Role
from yidang.households.tests.helpers import api_client
from yidang.retention.expiry import period_end
from yidang.retention.models import AppraisalItem, AppraisalStatus, Decision, DestructionList
from yidang.retention.tests.flow import swept


def _url(appraisal, item=None) -> str:
    base = f"/api/v1/retention/appraisals/{appraisal.pk}/"
    return f"{base}items/{item.pk}/decide/" if item else base


def test_the_panel_decides_each_item_and_closes_the_appraisal_through_the_api(world, papers):
    appraisal = swept()
    api = api_client(world.supervisor)
    listed = api.get("/api/v1/retention/appraisals/?status=open").json()
    assert listed["count"] == 1 and listed["results"][0]["total"] == 2 and listed["results"][0]["pending"] == 2

    detail = api.get(_url(appraisal)).json()
    items = {i["document"]: i for i in detail["items"]}
    assert set(items) == {papers.notice.pk, papers.worker_register.pk}
    assert items[papers.notice.pk]["title"] == "停水通知" and items[papers.notice.pk]["decision"] == ""

    notice, worker = (AppraisalItem.objects.get(document=d) for d in (papers.notice, papers.worker_register))
    kept = api.post(_url(appraisal, worker), {"decision": "keep", "keep_years": 5, "reason": "仍有查考价值"})
    assert kept.status_code == 200, kept.json()
    assert (
        kept.json()["decision"] == "keep"
        and kept.json()["keep_until"] == period_end(timezone.localdate(), 5).isoformat()
    )
    destroy = api.post(_url(appraisal, notice), {"decision": "destroy"}, format="json")
    assert destroy.status_code == 200 and destroy.json()["decided_by"] == "supervisor"

    closed = api.post(f"{_url(appraisal)}close/", {}, format="json")
    assert closed.status_code == 200, closed.json()
    dlist = DestructionList.objects.get()
    assert closed.json()["destruction_list"] == dlist.pk and closed.json()["appraisal"]["status"] == "closed"
    assert api.get(_url(appraisal)).json()["destruction_list"] == dlist.pk


def test_a_refused_decision_is_a_400_or_for_the_role_a_403_and_changes_nothing(world, papers):
    appraisal = swept()
    item = AppraisalItem.objects.get(document=papers.notice)
    no_reason = api_client(world.supervisor).post(_url(appraisal, item), {"decision": "keep", "keep_years": 5})
    assert no_reason.status_code == 400 and no_reason.json()["detail"] == "继续保存须填写理由"
    too_long = api_client(world.supervisor).post(
        _url(appraisal, item), {"decision": "keep", "keep_years": 101, "reason": "x"}
    )
    assert too_long.status_code == 400 and too_long.json()["field"] == "keep_years"
    gm = api_client(world.gm).post(_url(appraisal, item), {"decision": "destroy"})
    assert gm.status_code == 403 and "鉴定小组" in gm.json()["detail"]
    bad = api_client(world.supervisor).post(_url(appraisal, item), {"decision": "burn"})
    assert bad.status_code == 400 and "decision" in bad.json()
    item.refresh_from_db()
    assert item.decision == Decision.PENDING and item.decided_by is None


def test_closing_with_items_undecided_is_refused_and_the_appraisal_stays_open(world, papers):
    appraisal = swept()
    response = api_client(world.archivist).post(f"{_url(appraisal)}close/", {}, format="json")
    assert response.status_code == 400 and response.json()["detail"] == "还有 2 件未鉴定，请逐件选择继续保存或销毁"
    appraisal.refresh_from_db()
    assert appraisal.status == AppraisalStatus.OPEN and not DestructionList.objects.exists()


def test_another_projects_appraisal_and_items_answer_404(world, papers):
    appraisal = swept()
    item = AppraisalItem.objects.get(document=papers.notice)
    jm = api_client(make_user("jm_supervisor", Role.CS_SUPERVISOR, [world.jm]))
    assert jm.get(_url(appraisal)).status_code == 404
    assert jm.post(_url(appraisal, item), {"decision": "destroy"}).status_code == 404
    assert jm.post(f"{_url(appraisal)}close/", {}).status_code == 404
    assert jm.get("/api/v1/retention/appraisals/").json()["count"] == 0
    # An item id of another appraisal under one's own appraisal's URL is not found either.
    hy = api_client(world.supervisor)
    assert hy.post(f"{_url(appraisal)}items/{item.pk + 999}/decide/", {"decision": "destroy"}).status_code == 404
    item.refresh_from_db()
    assert item.decision == Decision.PENDING
