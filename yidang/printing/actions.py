"""Recording printouts and exports: each one is an audit row (issue 4 turns them into the usage ledger)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model

from yidang.audit.actions import Change, audit_record


@transaction.atomic
def printout_record(
    *, actor: Any, action: str, obj: Model, project_id: int | None, data: dict[str, Any] | None = None
) -> None:
    """Log that ``actor`` printed or exported ``obj`` (``action`` like ``print.folder_label``)."""
    audit_record(actor=actor, change=Change(action, obj, after=data or {}, project_id=project_id))
