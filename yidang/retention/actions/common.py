"""What the retention actions share: the permission check, labels, the list lock, the GMs to tell."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of
from yidang.accounts.roles import Role
from yidang.archive.models import Document
from yidang.core.errors import DomainError
from yidang.retention.models import DestructionList

log = logging.getLogger(__name__)
MAX_KEEP_YEARS = 100


def require_perm(actor: Any, perm: str, project_id: int, message: str) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.has_perm(perm):
        raise DomainError(message, code="forbidden")
    if project_id not in project_ids_of(actor):
        raise DomainError(_("只能办理本人所在项目的档案"), code="forbidden")


def doc_label(doc: Document) -> str:
    return _("%(n)s 第%(no)s件《%(t)s》") % {"n": doc.archive.number, "no": doc.item_no, "t": doc.title}


def local_time(at: datetime | None) -> str:
    return f"{timezone.localtime(at):%Y-%m-%d %H:%M}" if at else ""


def project_gms(project_id: int) -> list[User]:
    return [
        u
        for u in User.objects.filter(projects=project_id, is_active=True, groups__name=Role.GENERAL_MANAGER.value)
        if u.has_perm("retention.approve_destruction")
    ]


def list_lock(dlist: DestructionList) -> DestructionList:
    return DestructionList.objects.select_for_update().select_related("project", "appraisal").get(pk=dlist.pk)
