"""Every read path that shows, hands out or prints file content writes exactly one row of the usage
ledger, of the right kind, with who (role, department), what and where; thumbnails and lists write none."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yidang.accounts.models import User
from yidang.archive.models import Document
from yidang.households.tests.helpers import api_client
from yidang.shelving.tests.storage import build_storage
from yidang.usage.actions import usage_record
from yidang.usage.models import UsageKind, UsageRecord
from yidang.usage.tests.conftest import uses


@dataclass(frozen=True)
class ReadPath:
    name: str
    username: str
    kind: str
    fetch: Callable[[Any, Any, dict[str, Any]], Any]
    names_the_file: bool = True


def _web(url: Callable[[Any, dict[str, Any]], str]) -> Callable[[Any, Any, dict[str, Any]], Any]:
    def fetch(client: Any, world: Any, objs: dict[str, Any]) -> Any:
        response = client.get(url(world, objs))
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        return response

    return fetch


def _api(url: Callable[[Any, dict[str, Any]], str]) -> Callable[[Any, Any, dict[str, Any]], Any]:
    def fetch(client: Any, world: Any, objs: dict[str, Any]) -> Any:
        response = api_client(client.user).get(url(world, objs))
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        return response

    return fetch


A, D, S = "archive", "document", "scan"
READ_PATHS = [
    ReadPath(
        "archive page", "assistant", UsageKind.VIEW_FILE, _web(lambda w, o: reverse("archive:detail", args=[o[A].pk]))
    ),
    ReadPath("api file", "assistant", UsageKind.VIEW_FILE, _api(lambda w, o: f"/api/v1/archives/{o[A].pk}/")),
    ReadPath(
        "api catalogue", "assistant", UsageKind.VIEW_FILE, _api(lambda w, o: f"/api/v1/archives/{o[A].pk}/documents/")
    ),
    ReadPath(
        "api document",
        "assistant",
        UsageKind.VIEW_DOCUMENT,
        _api(lambda w, o: f"/api/v1/archives/{o[A].pk}/documents/{o[D].pk}/scans/"),
    ),
    ReadPath(
        "scan preview",
        "gm",
        UsageKind.VIEW_DOCUMENT,
        _web(lambda w, o: reverse("archive:scan-download", args=[o[S].pk]) + "?inline=1"),
    ),
    ReadPath(
        "scan download", "gm", UsageKind.DOWNLOAD, _web(lambda w, o: reverse("archive:scan-download", args=[o[S].pk]))
    ),
    ReadPath(
        "api scan download", "assistant", UsageKind.DOWNLOAD, _api(lambda w, o: f"/api/v1/scans/{o[S].pk}/download/")
    ),
    ReadPath(
        "folder label",
        "archivist",
        UsageKind.PRINT,
        _web(lambda w, o: reverse("shelving:folder-label", args=[o[A].pk])),
    ),
    ReadPath(
        "file list", "assistant", UsageKind.PRINT, _web(lambda w, o: reverse("shelving:file-list", args=[o[A].pk]))
    ),
    ReadPath(
        "catalogue pdf",
        "assistant",
        UsageKind.PRINT,
        _web(lambda w, o: reverse("shelving:catalogue", args=[o[A].room.building_id])),
        names_the_file=False,
    ),
    ReadPath(
        "catalogue xlsx",
        "assistant",
        UsageKind.EXPORT,
        _web(lambda w, o: reverse("shelving:catalogue-xlsx", args=[o[A].room.building_id])),
        names_the_file=False,
    ),
    ReadPath(
        "box label",
        "archivist",
        UsageKind.PRINT,
        _web(lambda w, o: reverse("shelving:box-label", args=[o["box"].pk])),
        names_the_file=False,
    ),
    ReadPath(
        "location labels",
        "archivist",
        UsageKind.PRINT,
        _web(lambda w, o: reverse("shelving:location-labels", args=[o["box"].pk])),
        names_the_file=False,
    ),
    ReadPath(
        "shelf ledger xlsx",
        "gm",
        UsageKind.EXPORT,
        _web(lambda w, o: reverse("shelving:ledger-export", args=["HY"])),
        names_the_file=False,
    ),
    ReadPath(
        "missing items xlsx",
        "supervisor",
        UsageKind.EXPORT,
        _web(lambda w, o: reverse("archive:missing-export") + f"?project={w.hy.pk}"),
        names_the_file=False,
    ),
    ReadPath(
        "households xlsx",
        "manager",
        UsageKind.EXPORT,
        _web(lambda w, o: reverse("imports:export") + f"?project={w.hy.pk}"),
        names_the_file=False,
    ),
    ReadPath(
        "households xlsx api",
        "gm",
        UsageKind.EXPORT,
        _api(lambda w, o: "/api/v1/imports/export/"),
        names_the_file=False,
    ),
]


@pytest.fixture
def objs(world, archive, document, scan) -> dict[str, Any]:
    return {A: archive, D: document, S: scan, "box": build_storage(world).box1}


@pytest.mark.parametrize("path", READ_PATHS, ids=[p.name for p in READ_PATHS])
def test_each_read_path_writes_exactly_one_use_of_its_kind(client, world, objs, path):
    user = world.users[path.username]
    client.force_login(user)
    client.user = user
    before = UsageRecord.objects.count()

    response = path.fetch(client, world, objs)

    assert response.status_code == 200, response.content[:300]
    rows = uses()[before:]
    assert len(rows) == 1, [(r.kind, r.what) for r in rows]
    row = rows[0]
    assert (row.kind, row.user, row.project_id) == (path.kind, user, world.hy.pk)
    assert row.role and row.department and row.what
    if path.names_the_file:
        assert row.archive == objs[A]


def test_a_document_use_names_the_document_and_its_category(client, world, scan, document):
    client.force_login(world.assistant)

    client.get(reverse("archive:scan-download", args=[scan.pk]))

    row = UsageRecord.objects.get()
    assert (row.document, row.category, row.role, row.department) == (document, "入伙资料", "客服助理", "客服部")
    assert row.what == "HY-A2-15-1503 第1件 房屋交接确认表"


def test_the_households_export_of_all_projects_writes_one_row_per_project(client, world):
    both = world.users["manager"]
    both.projects.add(world.jm)
    client.force_login(both)

    response = client.get(reverse("imports:export"))
    b"".join(response.streaming_content)

    rows = {r.project_id: r.what for r in UsageRecord.objects.all()}
    assert rows.keys() == {world.hy.pk, world.jm.pk}
    assert rows[world.hy.pk].startswith("业户基本情况汇总表 HY，共 3 户")
    assert rows[world.jm.pk].startswith("业户基本情况汇总表 JM，共 1 户")
    assert all(r.kind == UsageKind.EXPORT and r.role == "客服经理" for r in UsageRecord.objects.all())


@pytest.mark.parametrize(
    "url",
    [
        lambda o: reverse("archive:scan-thumbnail", args=[o[S].pk]),
        lambda o: reverse("archive:list"),
        lambda o: reverse("archive:missing"),
        lambda o: reverse("households:detail", args=[o[A].room_id]),
        lambda o: reverse("households:search") + "?q=张伟",
    ],
    ids=["thumbnail", "file list", "missing list", "household page", "search"],
)
def test_thumbnails_lists_and_household_pages_are_not_uses(client, world, objs, url):
    client.force_login(world.assistant)
    assert client.get(url(objs)).status_code == 200
    assert UsageRecord.objects.count() == 0


def test_a_refused_read_writes_nothing(client, world, objs):
    client.force_login(world.engineer)
    assert client.get(reverse("archive:detail", args=[objs[A].pk])).status_code == 403
    client.force_login(world.jm_assistant)
    assert client.get(reverse("archive:detail", args=[objs[A].pk])).status_code == 404
    assert client.get(reverse("archive:scan-download", args=[objs[S].pk])).status_code == 404
    assert UsageRecord.objects.count() == 0


def test_recording_a_use_is_one_insert_and_nothing_else(world, document, archive):
    fresh = Document.objects.get(pk=document.pk)  # its type and category not loaded: read inside the INSERT
    user = User.objects.get(pk=world.assistant.pk)
    with CaptureQueriesContext(connection) as ctx:
        usage_record(user=user, kind=UsageKind.VIEW_DOCUMENT, archive=archive, document=fresh)
    statements = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"].upper()]
    assert len(statements) == 1 and statements[0].lstrip().upper().startswith("INSERT"), statements
    row = UsageRecord.objects.get()
    assert (row.role, row.category) == ("客服助理", "入伙资料")
