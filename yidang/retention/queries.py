"""Reads of retention and disposal that encode a rule: holds in force, visibility, what waits for whom.

Everything is filtered to the user's projects in SQL; another project's appraisal, list or hold
answers 404. Pages need ``retention.view_retention`` (the panel and the general manager).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.accounts.queries import project_ids_of, roles_of
from yidang.accounts.roles import Role
from yidang.archive.models import Document
from yidang.core.todo import TodoItem
from yidang.retention.models import (
    Appraisal,
    AppraisalItem,
    AppraisalStatus,
    Decision,
    DestructionList,
    DocumentGhost,
    Hold,
    ListStatus,
)


def holds_active() -> QuerySet[Hold]:
    return Hold.objects.filter(released_at__isnull=True)


def held_document_ids() -> set[int]:
    """Every document under an active hold: its own, or its whole file's."""
    holds = holds_active()
    own = set(holds.filter(document__isnull=False).values_list("document_id", flat=True))
    whole = Document.objects.filter(archive__in=holds.filter(document__isnull=True).values("archive_id"))
    return own | set(whole.values_list("pk", flat=True))


def document_hold(document: Document) -> Hold | None:
    """The hold that keeps this document, if any (its own, else its file's)."""
    return (
        holds_active()
        .filter(Q(document=document) | Q(archive_id=document.archive_id, document__isnull=True))
        .order_by("placed_at")
        .first()
    )


def item_is_held() -> Exists:
    """An annotation: whether an appraisal item's document is held now."""
    return Exists(
        holds_active().filter(
            Q(document_id=OuterRef("document_id"))
            | Q(archive_id=OuterRef("document__archive_id"), document__isnull=True)
        )
    )


def can_view(user: Any) -> bool:
    return bool(user.has_perm("retention.view_retention"))


def is_supervisor(user: Any) -> bool:
    return Role.CS_SUPERVISOR in roles_of(user)


def appraisals_visible_to(user: Any) -> QuerySet[Appraisal]:
    if not can_view(user):
        return Appraisal.objects.none()
    return Appraisal.objects.filter(project_id__in=project_ids_of(user))


def lists_visible_to(user: Any) -> QuerySet[DestructionList]:
    if not can_view(user):
        return DestructionList.objects.none()
    return DestructionList.objects.filter(project_id__in=project_ids_of(user))


def holds_visible_to(user: Any) -> QuerySet[Hold]:
    if not can_view(user):
        return Hold.objects.none()
    return Hold.objects.filter(project_id__in=project_ids_of(user))


def ghosts_visible_to(user: Any) -> QuerySet[DocumentGhost]:
    if not (can_view(user) or user.has_perm("archive.view_archive_file")):
        return DocumentGhost.objects.none()
    return DocumentGhost.objects.filter(project_id__in=project_ids_of(user))


def _get(qs: QuerySet[Any], pk: int, what: str) -> Any:
    found = qs.filter(pk=pk).first()
    if found is None:
        raise Http404(what)
    return found


def appraisal_get(user: Any, pk: int) -> Appraisal:
    return _get(appraisals_visible_to(user).select_related("project", "closed_by"), pk, "没有找到该鉴定清单")  # type: ignore[no-any-return]


def list_get(user: Any, pk: int) -> DestructionList:
    qs = lists_visible_to(user).select_related(
        "project", "appraisal", "submitted_by", "decided_by", "witness", "executed_by"
    )
    return _get(qs, pk, "没有找到该销毁清单")  # type: ignore[no-any-return]


def hold_get(user: Any, pk: int) -> Hold:
    return _get(holds_visible_to(user), pk, "没有找到该冻结记录")  # type: ignore[no-any-return]


def items_of(appraisal: Appraisal) -> QuerySet[AppraisalItem]:
    return (
        appraisal.items.select_related("document__archive", "document__doc_type", "decided_by")
        .annotate(held=item_is_held())
        .order_by("document__archive__number", "document__item_no")
    )


def list_items(dlist: DestructionList) -> QuerySet[AppraisalItem]:
    """The lines of a destruction list: the appraisal's destroy items (and those a hold withheld)."""
    return items_of(dlist.appraisal).filter(on_list=True)


def appraisals_with_counts(user: Any) -> QuerySet[Appraisal]:
    return (
        appraisals_visible_to(user)
        .select_related("project")
        .annotate(total=Count("items"), pending=Count("items", filter=Q(items__decision=Decision.PENDING)))
        .order_by("-created_at")
    )


def ghosts_of_archive(archive_id: int) -> dict[int, DocumentGhost]:
    """Ghosts of a file by document id (the archive page marks its destroyed items with them)."""
    ghosts = DocumentGhost.objects.filter(archive_id=archive_id).select_related("destruction_list", "approved_by")
    return {g.document_id: g for g in ghosts}


def todo_for(user: Any) -> list[TodoItem]:
    """Lists waiting for the GM (urgent when the deadline is within a day), appraisals due, lists to carry out."""
    if not can_view(user):
        return []
    items: list[TodoItem] = []
    url = reverse("retention:index")
    if user.has_perm("retention.approve_destruction"):
        waiting = lists_visible_to(user).filter(status=ListStatus.PENDING)
        soon = timezone.now() + timedelta(days=1)
        urgent = waiting.filter(due_at__lte=soon).exists()
        items.append(TodoItem(_("销毁清单待审批"), waiting.count(), url, urgent))
    if user.has_perm("retention.appraise"):
        pending = AppraisalItem.objects.filter(
            appraisal__in=appraisals_visible_to(user).filter(status=AppraisalStatus.OPEN), decision=Decision.PENDING
        )
        items.append(TodoItem(_("到期档案待鉴定（件）"), pending.count(), url))
    if user.has_perm("retention.execute_destruction"):
        approved = lists_visible_to(user).filter(status=ListStatus.APPROVED).count()
        items.append(TodoItem(_("已批准的销毁清单待执行"), approved, url))
    return items
