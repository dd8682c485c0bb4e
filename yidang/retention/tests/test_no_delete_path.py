"""Nothing deletes a document or a scan except an approved destruction: no page, API, admin or ORM path."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import get_resolver

from yidang.archive.models import Document, Scan


def test_documents_and_scans_refuse_delete_one_by_one_and_in_bulk(papers):
    for obj in (papers.notice, papers.scans[0]):
        with pytest.raises(RuntimeError, match="销毁清单"):
            obj.delete()
    with pytest.raises(RuntimeError, match="销毁清单"):
        Document.objects.filter(archive=papers.archive).delete()
    with pytest.raises(RuntimeError, match="销毁清单"):
        Scan.objects.all().delete()
    assert Document.objects.filter(archive=papers.archive).count() == 3 and Scan.objects.count() == 3


def test_the_admin_offers_no_delete(papers, admin_client):
    from django.contrib import admin

    for model in (Document, Scan):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_delete_permission(None)  # type: ignore[arg-type]
    response = admin_client.post(f"/admin/archive/document/{papers.notice.pk}/delete/", {"post": "yes"})
    assert response.status_code in (302, 403, 404)
    assert Document.objects.filter(pk=papers.notice.pk).exists()


def test_the_api_has_no_delete_for_documents_or_scans(papers, world, client):
    client.force_login(world.archivist)
    urls = [
        f"/api/v1/archives/{papers.archive.pk}/documents/{papers.notice.pk}/",
        f"/api/v1/scans/{papers.scans[0].pk}/",
        f"/api/v1/archives/{papers.archive.pk}/",
    ]
    for url in urls:
        assert client.delete(url).status_code in (403, 404, 405)
    assert Document.objects.filter(pk=papers.notice.pk).exists() and Scan.objects.count() == 3


def test_no_page_route_names_a_delete_of_documents_or_scans():
    names = [str(p.pattern) for p in get_resolver().url_patterns]
    flat: list[str] = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns, prefix + str(p.pattern))
            else:
                flat.append(prefix + str(p.pattern))

    walk(get_resolver().url_patterns)
    assert names
    archive_routes = [r for r in flat if r.startswith(("archive/", "api/v1/")) and "delete" in r.lower()]
    assert archive_routes == []


@pytest.mark.postgres
def test_postgres_itself_refuses_to_delete_documents_and_scans(papers):
    assert connection.vendor == "postgresql"
    for table, pk in (("archive_document", papers.notice.pk), ("archive_scan", papers.scans[0].pk)):
        with (
            pytest.raises(DatabaseError, match="destruction list"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [pk])
    assert Document.objects.filter(pk=papers.notice.pk).exists() and Scan.objects.count() == 3
