"""Admin: categories and document types are audited configuration; files are read-only; nothing is deleted."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse

from yidang.archive.models import Archive, Category, ChecklistItem, Document, DocumentType, Scan
from yidang.audit.models import AuditEvent


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", password="root-pass-123")
    client.force_login(user)
    return client


@pytest.fixture
def huey_immediate():
    from huey.contrib.djhuey import HUEY

    previous, HUEY.immediate = HUEY.immediate, True
    yield
    HUEY.immediate = previous


def _type_form(doc_type: DocumentType, **changes) -> dict:
    data = {
        "category": doc_type.category_id,
        "code": doc_type.code,
        "name": doc_type.name,
        "condition": doc_type.condition,
        "required_form": doc_type.required_form,
        "retention_class": doc_type.retention_class,
        "retention_trigger": doc_type.retention_trigger,
        "retention_years": "",
        "confidentiality": doc_type.confidentiality,
        "sort": doc_type.sort,
        "original_required": "on" if doc_type.original_required else "",
        "required": "on" if doc_type.required else "",
    }
    return {k: v for k, v in (data | changes).items() if v != ""}


def test_renaming_a_category_leaves_an_audit_row(admin_client):
    category = Category.objects.get(code="movein")
    url = reverse("admin:archive_category_change", args=[category.pk])

    response = admin_client.post(url, {"code": "movein", "name": "入伙及交房资料", "sort": category.sort})

    assert response.status_code == 302
    row = AuditEvent.objects.get(action="category.update", object_id=str(category.pk))
    assert row.after == {"name": "入伙及交房资料"}


def test_making_a_type_required_adds_it_to_every_checklist(
    admin_client, world, huey_immediate, django_capture_on_commit_callbacks
):
    doc_type = DocumentType.objects.get(code="bank_collection")
    url = reverse("admin:archive_documenttype_change", args=[doc_type.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, _type_form(doc_type, required="on"))

    assert response.status_code == 302
    assert ChecklistItem.objects.filter(doc_type=doc_type).count() == Archive.objects.count() == 3
    assert set(Archive.objects.values_list("required_count", flat=True)) == {10}
    assert AuditEvent.objects.filter(action="documenttype.update", object_id=str(doc_type.pk)).exists()


@pytest.mark.parametrize("model", [Category, DocumentType, Archive, Document, Scan])
def test_nothing_in_the_archive_can_be_deleted_from_the_admin(rf, django_user_model, model):
    request = rf.get("/")
    request.user = django_user_model(is_superuser=True, is_staff=True)
    assert site._registry[model].has_delete_permission(request) is False


@pytest.mark.parametrize("model", [Archive, Document, Scan])
def test_files_documents_and_scans_are_read_only_in_the_admin(rf, django_user_model, model):
    request = rf.get("/")
    request.user = django_user_model(is_superuser=True, is_staff=True)
    admin = site._registry[model]
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request)
