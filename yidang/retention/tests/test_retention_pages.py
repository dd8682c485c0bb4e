"""The retention pages: who sees them, another project's list answers 404, bad input is a 400 with nothing written."""

from __future__ import annotations

from yidang.retention.models import AppraisalItem, Hold
from yidang.retention.tests.flow import submitted, swept


def test_the_panel_decides_a_row_with_htmx_and_a_bad_keep_is_refused(papers, world, client):
    appraisal = swept()
    item = appraisal.items.get(document=papers.notice)
    client.force_login(world.supervisor)
    url = f"/retention/appraisals/{appraisal.pk}/items/{item.pk}/decide/"

    bad = client.post(url, {"decision": "keep", "keep_years": "", "reason": ""}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400 and "年限" in bad.content.decode()
    assert AppraisalItem.objects.get(pk=item.pk).decision == ""

    good = client.post(url, {"decision": "destroy"}, HTTP_HX_REQUEST="true")
    assert good.status_code == 200 and "销毁" in good.content.decode()
    assert AppraisalItem.objects.get(pk=item.pk).decision == "destroy"


def test_another_projects_list_answers_404_and_others_are_refused(papers, world, client):
    dlist = submitted(world)
    client.force_login(world.jm_assistant)
    assert client.get(f"/retention/lists/{dlist.pk}/").status_code == 403
    client.force_login(world.assistant)
    assert client.get("/retention/").status_code == 403
    world.jm_assistant.groups.add(*world.gm.groups.all())
    client.force_login(world.jm_assistant)
    assert client.get(f"/retention/lists/{dlist.pk}/").status_code == 404
    assert client.post(f"/retention/lists/{dlist.pk}/approve/").status_code == 404


def test_the_gm_sees_the_list_and_prints_it(papers, world, client):
    dlist = submitted(world)
    client.force_login(world.gm)
    page = client.get(f"/retention/lists/{dlist.pk}/").content.decode()
    assert "批准销毁" in page and "停水通知" in page
    pdf = client.get(f"/retention/lists/{dlist.pk}/record.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_hold_for_an_unknown_file_is_refused_on_the_page(papers, world, client):
    client.force_login(world.archivist)
    response = client.post("/retention/holds/", {"archive_number": "HY-X-1", "reason": "纠纷"})
    assert response.status_code == 400 and "没有档案" in response.content.decode()
    response = client.post(
        "/retention/holds/", {"archive_number": papers.archive.number, "item_no": "1", "reason": "纠纷"}
    )
    assert response.status_code == 302
    assert Hold.objects.get().document_id == papers.notice.pk
