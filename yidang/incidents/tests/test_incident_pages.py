"""The loss and damage pages: report from the archive page, handle, close; other projects 404."""

from __future__ import annotations

from yidang.archive.models import Archive
from yidang.core.todo import todo_for
from yidang.incidents.actions import IncidentData, incident_report
from yidang.incidents.models import Cause, IncidentKind, IncidentReport, IncidentStatus
from yidang.shelving.tests.storage import login


def test_a_loss_is_reported_from_the_archive_page_and_handled_to_closing(world, folder, client):
    archive, docs = folder
    login(client, "assistant")
    assert "报告缺损" in client.get(f"/archive/{archive.pk}/").content.decode()
    form = {"kind": "missing", "documents": [str(docs[0].pk)], "cause": "unknown", "note": "袋中找不到交接表"}
    response = client.post(f"/incidents/new/{archive.pk}/", form)
    assert response.status_code == 302
    report = IncidentReport.objects.get()
    assert report.recorded_by == world.assistant
    assert client.get(f"/incidents/{report.pk}/").status_code == 200  # the reporter sees their own report
    assert client.post(f"/incidents/{report.pk}/close/", {"note": "x"}).status_code == 400  # but does not handle it

    assert any(i.label == "处理中的档案缺损报告" and i.count == 1 for i in todo_for(world.archivist))
    login(client, "archivist")
    assert (
        client.post(f"/incidents/{report.pk}/cause/", {"cause": "negligence", "note": "整理时夹入他袋"}).status_code
        == 302
    )
    step = {
        "kind": "replace",
        "note": "从 B1-8-801 袋中找回",
        "documents": [str(docs[0].pk)],
        "original_location": "原件在袋",
    }
    assert client.post(f"/incidents/{report.pk}/step/", step).status_code == 302
    assert client.post(f"/incidents/{report.pk}/close/", {"note": "已找回"}).status_code == 302
    report.refresh_from_db()
    assert report.status == IncidentStatus.CLOSED
    page = client.get(f"/incidents/{report.pk}/").content.decode()
    assert "已结案" in page and "整理时夹入他袋" in page


def test_a_bad_report_is_a_400_and_writes_nothing(world, folder, client):
    archive, _docs = folder
    login(client, "archivist")
    response = client.post(f"/incidents/new/{archive.pk}/", {"kind": "missing", "cause": "unknown", "note": "x"})
    assert response.status_code == 400 and not IncidentReport.objects.exists()


def test_another_projects_file_and_reports_answer_404(world, folder, client):
    archive, docs = folder
    data = IncidentData(kind=IncidentKind.DAMAGED, documents=(docs[0].pk,), note="水浸", cause=Cause.NATURAL)
    report = incident_report(archive=archive, data=data, actor=world.archivist)
    login(client, "jm_assistant")
    assert client.get(f"/incidents/{report.pk}/").status_code == 404
    assert client.get(f"/incidents/new/{archive.pk}/").status_code == 404
    assert client.post(f"/incidents/{report.pk}/close/", {"note": "x"}).status_code == 404
    assert "水浸" not in client.get("/incidents/").content.decode()
    jm = Archive.objects.get(room=world.rooms["jm1503"])
    login(client, "archivist")
    assert client.get(f"/incidents/new/{jm.pk}/").status_code == 404


def test_the_cs_heads_and_gm_see_reports_but_the_gm_does_not_handle_them(world, folder, client):
    archive, docs = folder
    data = IncidentData(kind=IncidentKind.MISSING, documents=(docs[0].pk,), note="不见了")
    report = incident_report(archive=archive, data=data, actor=world.assistant)
    for name in ("supervisor", "manager", "gm"):
        login(client, name)
        assert "不见了" in client.get(f"/incidents/{report.pk}/").content.decode()
    assert client.post(f"/incidents/{report.pk}/cause/", {"cause": "theft", "note": "x"}).status_code == 400
    login(client, "engineer")
    assert client.get(f"/incidents/{report.pk}/").status_code == 404
