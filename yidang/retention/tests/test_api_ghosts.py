"""Ghosts API: what each destroyed document was, read-only, each read on the usage ledger; scoped to projects."""

from __future__ import annotations

import pytest

from tests.world import make_user
from yidang.accounts.roles import Role
from yidang.households.tests.helpers import api_client
from yidang.retention.models import DocumentGhost
from yidang.retention.tests.flow import destroyed
from yidang.usage.models import UsageKind, UsageRecord


def test_ghosts_are_listed_by_file_and_read_with_their_scan_versions(world, papers):
    dlist = destroyed(world)
    api = api_client(world.assistant)  # reads files: sees the catalogue's ghosts, not the retention pages
    listed = api.get(f"/api/v1/retention/ghosts/?archive={papers.archive.pk}").json()
    assert [g["item_no"] for g in listed["results"]] == [papers.notice.item_no, papers.worker_register.item_no]
    assert api.get(f"/api/v1/retention/ghosts/?destruction_list={dlist.pk + 1}").json()["count"] == 0

    ghost = DocumentGhost.objects.get(document=papers.notice)
    body = api.get(f"/api/v1/retention/ghosts/{ghost.pk}/").json()
    assert body["title"] == "停水通知" and body["destruction_list_number"] == dlist.number
    assert body["approved_by"] == "gm" and body["method"] == "shred"
    assert [s["version"] for s in body["scans"]] == [1, 2] and len(body["scans"][0]["sha256"]) == 64
    use = UsageRecord.objects.get(kind=UsageKind.VIEW_DOCUMENT, user=world.assistant)
    assert use.archive_id == papers.archive.pk and "已销毁文件" in use.what


def test_another_projects_ghosts_answer_404(world, papers):
    destroyed(world)
    ghost = DocumentGhost.objects.get(document=papers.notice)
    jm = api_client(make_user("jm_archivist", Role.ARCHIVIST, [world.jm]))
    assert jm.get(f"/api/v1/retention/ghosts/{ghost.pk}/").status_code == 404
    assert jm.get("/api/v1/retention/ghosts/").json()["count"] == 0
    assert not UsageRecord.objects.filter(kind=UsageKind.VIEW_DOCUMENT).exists()


def test_who_reads_no_files_gets_403(world, papers):
    assert api_client(world.engineer).get("/api/v1/retention/ghosts/").status_code == 403


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_ghost_cannot_be_changed_or_deleted(world, papers, method):
    destroyed(world)
    ghost = DocumentGhost.objects.get(document=papers.notice)
    response = getattr(api_client(world.archivist), method)(
        f"/api/v1/retention/ghosts/{ghost.pk}/", {"title": "x"}, format="json"
    )
    assert response.status_code == 405
    assert DocumentGhost.objects.get(pk=ghost.pk).title == "停水通知"
