"""Writing the usage ledger. Every read path that shows, hands out or reveals file content calls this.

A use costs one INSERT and nothing else: the role and the document's category are filled in by
subqueries inside that INSERT, so a page that records its use pays no extra round trip.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Case, Value, When
from django.db.models.expressions import Subquery
from django.db.models.functions import Coalesce, Left
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.accounts.models import User
from yidang.accounts.roles import Role
from yidang.archive.models import Archive, Category, Document, DocumentType
from yidang.audit.actions import Change, audit_record
from yidang.core.errors import DomainError
from yidang.people.actions import person_reveal_id
from yidang.people.models import Person
from yidang.places.models import Room
from yidang.usage.models import UsageKind, UsageRecord
from yidang.usage.queries import reveals_since

REVEAL_PERMISSION = "usage.reveal_id_number"

# A user with several roles is recorded under the first of them in the order of ``Role``.
_ROLE_RANK = Case(*[When(name=role.value, then=Value(rank)) for rank, role in enumerate(Role)], default=Value(99))


def _role(user: User) -> Any:
    if user.is_superuser:
        return Value(str(_("系统管理员")))
    first = Group.objects.filter(user=user.pk, name__in=[r.value for r in Role]).annotate(rank=_ROLE_RANK)
    return Coalesce(Subquery(first.order_by("rank", "name").values("name")[:1]), Value(""))


def _who(user: Any) -> dict[str, Any]:
    if user is None or not getattr(user, "is_authenticated", False):
        return {"user": None, "role": "", "department": ""}
    return {"user": user, "role": _role(user), "department": user.get_department_display()}


def _category(document: Document | None) -> Any:
    if document is None:
        return ""
    if Document.doc_type.is_cached(document) and DocumentType.category.is_cached(document.doc_type):  # type: ignore[attr-defined]
        return document.doc_type.category.name[:40]
    name = Subquery(Category.objects.filter(types=document.doc_type_id).values("name")[:1])
    return Left(Coalesce(name, Value("")), 40)  # a category's name may be longer than the ledger keeps


def _what(archive: Archive | None, document: Document | None) -> str:
    if document is not None and archive is not None:
        return _("%(number)s 第%(no)s件 %(title)s") % {
            "number": archive.number,
            "no": document.item_no,
            "title": document.title,
        }
    return str(document or archive or "")


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
    """Append one use. ``archive`` (or ``document``) names the file; ``request`` the approval it rests on.

    Pass ``archive`` along with ``document`` when the caller has it, so the file is not read again.
    The returned row's ``role`` (and ``category``, when the document's type was not loaded) are the
    expressions the INSERT computed; reload the row to read them.
    """
    if archive is None and document is not None:
        archive = document.archive
    if project_id is None and archive is not None:
        project_id = archive.project_id
    return UsageRecord.objects.create(
        at=timezone.now(),
        kind=kind,
        archive=archive,
        document=document,
        request=request,
        purpose=(purpose or (request.purpose if request is not None else ""))[:200],
        what=(what or _what(archive, document))[:200],
        visitor=visitor[:100],
        project_id=project_id,
        category=_category(document),
        **_who(user),
    )


@transaction.atomic
def usage_record_per_project(*, user: Any, kind: str, what_by_project: Mapping[int, str], purpose: str = "") -> int:
    """One use that spans projects (an export of all the user's households): a row per project it covers.

    Each project's row is seen by that project's managers only, so an export of HY and JM shows in
    both ledgers, each with its own scope. One INSERT for all of them (bulk_create takes no
    subquery, so the role is read once here).
    """
    at = timezone.now()
    who = {**_who(user), "role": _role_name(user)} if user is not None else _who(user)
    rows = [
        UsageRecord(at=at, kind=kind, project_id=pk, what=what[:200], purpose=purpose[:200], **who)
        for pk, what in what_by_project.items()
    ]
    return len(UsageRecord.objects.bulk_create(rows))


def _role_name(user: User) -> str:
    if user.is_superuser:
        return str(_("系统管理员"))
    first = Group.objects.filter(user=user.pk, name__in=[r.value for r in Role]).annotate(rank=_ROLE_RANK)
    return first.order_by("rank", "name").values_list("name", flat=True).first() or ""


# ---- revealing an ID number -------------------------------------------------------------------


def id_reveal_limit() -> int:
    return int(getattr(settings, "YIDANG_ID_REVEAL_PER_HOUR", 20))


def id_number_reveal(*, person: Person, room: Room, actor: User, reason: str) -> str:
    """The clear ID number of ``person`` (seen on ``room``'s page), for a stated reason.

    Needs ``usage.reveal_id_number``; at most ``YIDANG_ID_REVEAL_PER_HOUR`` reveals per user in any
    hour, counted from the ledger. Writes a REVEAL_ID use and an audit row in one transaction; the
    user's row is locked meanwhile, so two reveals at once cannot both take the last one left.
    """
    if not actor.has_perm(REVEAL_PERMISSION):
        raise DomainError(_("您没有查看完整证件号码的权限"), code="forbidden")
    reason = " ".join(reason.split())
    if not reason:
        raise DomainError(_("请说明查看完整证件号码的原因"), field="reason")
    if not person.id_number_enc:
        raise DomainError(_("该人员没有登记证件号码"))
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).values_list("pk").first()
        _within_limit(actor)
        number = person_reveal_id(person)
        archive = Archive.objects.filter(room=room).first()
        what = _("%(name)s 的证件号码（%(room)s）") % {"name": person.name, "room": room.code}
        usage_record(
            user=actor, kind=UsageKind.REVEAL_ID, archive=archive, purpose=reason, what=what, project_id=room.project_id
        )
        after = {"reason": reason[:200], "room": room.code, "id_number": person.id_masked}
        audit_record(actor=actor, change=Change("person.reveal_id", person, after=after, project_id=room.project_id))
    return number


def _within_limit(actor: User) -> None:
    limit = id_reveal_limit()
    since = timezone.now() - timedelta(hours=1)
    used = reveals_since(actor, since)
    count = used.count()
    if count < limit:
        return
    oldest = used.order_by("at").values_list("at", flat=True)[count - limit]
    again = timezone.localtime(oldest + timedelta(hours=1))
    raise DomainError(
        _("查看证件号码过于频繁：每人每小时最多 %(n)s 次。请于 %(t)s 之后再试。") % {"n": limit, "t": f"{again:%H:%M}"},
        code="rate_limited",
    )


@transaction.atomic
def usage_export_record(*, actor: User, what: str, data: dict[str, Any]) -> None:
    """Exporting the ledger or its figures is itself audited (it is not a use of an owner's file)."""
    audit_record(actor=actor, change=Change(what, actor, after=data))
