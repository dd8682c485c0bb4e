"""Writing the usage ledger. Every read path that shows, hands out or reveals file content calls this."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from yidang.accounts.queries import roles_of
from yidang.usage.models import UsageRecord


def _who(user: Any) -> dict[str, Any]:
    if user is None or not getattr(user, "is_authenticated", False):
        return {"user": None, "role": "", "department": ""}
    roles = sorted(str(r.value) for r in roles_of(user))
    return {"user": user, "role": "、".join(roles)[:40], "department": user.get_department_display()}


@transaction.atomic
def usage_record(
    *,
    user: Any,
    kind: str,
    archive: Any = None,
    document: Any = None,
    request: Any = None,
    purpose: str = "",
    what: str = "",
    visitor: str = "",
    project_id: int | None = None,
) -> UsageRecord:
    """Append one use. ``archive`` (or ``document``) names the file; ``request`` the approval it rests on."""
    if archive is None and document is not None:
        archive = document.archive
    category = document.doc_type.category.name if document is not None else ""
    if project_id is None and archive is not None:
        project_id = archive.project_id
    return UsageRecord.objects.create(
        at=timezone.now(),
        kind=kind,
        archive=archive,
        document=document,
        request=request,
        purpose=(purpose or (request.purpose if request is not None else ""))[:200],
        what=(what or str(document or archive or ""))[:200],
        visitor=visitor[:100],
        project_id=project_id,
        category=category[:40],
        **_who(user),
    )
