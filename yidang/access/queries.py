"""Reads that decide who may ask, who may approve and what an approved request lets someone see.

Every rule is an SQL filter: a request is seen by its requester and by the people who may see
files of its project; an approved reading request opens exactly the files it names, only while
its window lasts, only to its reader (or, for an owner or outsider, to the CS staff who opened
the reading session at the front desk). Anything else answers 404.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.access.models import AccessRequest, ReadingSession, RequestKind, RequestStatus
from yidang.accounts.models import User
from yidang.accounts.queries import is_customer_service, project_ids_of, roles_of
from yidang.accounts.roles import Role
from yidang.archive.models import Archive, Document, Scan
from yidang.audit.models import AuditEvent
from yidang.core.errors import DomainError
from yidang.core.todo import TodoItem
from yidang.households.models import Occupancy, OccupantRole
from yidang.people import crypto
from yidang.people.idnumbers import normalize_id
from yidang.people.models import Person
from yidang.places.models import Project
from yidang.usage.models import UsageKind

# Who approves what (DOMAIN.md, 一级保密): the CS head (supervisor or manager) lets other departments
# and owners read; outsiders and every copy, print, export or photo need the (service-centre) manager.
APPROVER_ROLES: dict[str, frozenset[Role]] = {
    RequestKind.STAFF: frozenset({Role.CS_SUPERVISOR, Role.CS_MANAGER}),
    RequestKind.OWNER: frozenset({Role.CS_SUPERVISOR, Role.CS_MANAGER}),
    RequestKind.OUTSIDER: frozenset({Role.CS_MANAGER}),
    RequestKind.COPY: frozenset({Role.CS_MANAGER}),
}
READING_KINDS = (RequestKind.STAFF, RequestKind.OWNER, RequestKind.OUTSIDER)
VISITOR_KINDS = (RequestKind.OWNER, RequestKind.OUTSIDER)
READ_USES = (UsageKind.VIEW_FILE, UsageKind.VIEW_DOCUMENT)
REGISTER_PERMISSION = "archive.view_archive_file"


# ---- who may ask, who may approve ---------------------------------------------------------------


def kinds_user_may_file(user: User) -> list[str]:
    """Other departments ask for themselves; CS staff register owners and outsiders at the front desk."""
    if not user.is_authenticated or not user.is_active or not project_ids_of(user):
        return []
    if is_customer_service(user):
        return [RequestKind.OWNER, RequestKind.OUTSIDER, RequestKind.COPY]
    return [RequestKind.STAFF, RequestKind.COPY]


def kinds_user_may_approve(user: User) -> list[str]:
    if not user.is_authenticated or not user.is_active:
        return []
    roles = roles_of(user)
    return [kind for kind, approvers in APPROVER_ROLES.items() if roles & approvers]


def may_approve(user: User, request: AccessRequest) -> bool:
    """The approver has the role for this kind, works in the request's project and is not the requester."""
    return (
        request.kind in kinds_user_may_approve(user)
        and request.project_id in project_ids_of(user)
        and request.requester_id != user.pk
    )


# ---- requests -----------------------------------------------------------------------------------


def requests_visible_to(user: User) -> QuerySet[AccessRequest]:
    """The user's own requests, and every request of a project whose files the user may see."""
    if not user.is_authenticated or not user.is_active:
        return AccessRequest.objects.none()
    mine = Q(requester=user)
    if user.has_perm(REGISTER_PERMISSION):
        mine |= Q(project_id__in=project_ids_of(user))
    return AccessRequest.objects.filter(mine)


def request_get(user: User, pk: int) -> AccessRequest:
    found = (
        requests_visible_to(user)
        .select_related("project", "requester", "decided_by", "accompanied_by", "visitor_person", "receipt_recorded_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("没有找到该申请")
    return found


def my_requests(user: User) -> QuerySet[AccessRequest]:
    return (
        AccessRequest.objects.filter(requester=user)
        .select_related("project", "decided_by")
        .prefetch_related("archives")
        .order_by("-created_at", "-id")
    )


def front_desk_requests(user: User) -> QuerySet[AccessRequest]:
    """Owners' and outsiders' requests of the user's projects still to be read or handed over (CS staff)."""
    if not is_customer_service(user):
        return AccessRequest.objects.none()
    now = timezone.now()
    reading = Q(kind__in=VISITOR_KINDS, window_end__gt=now)
    copies = Q(kind=RequestKind.COPY, received_at__isnull=True)
    return (
        AccessRequest.objects.filter(
            reading | copies, project_id__in=project_ids_of(user), status=RequestStatus.APPROVED
        )
        .select_related("project", "requester")
        .prefetch_related("archives")
        .order_by("window_start", "id")
    )


def approvals_waiting_for(user: User) -> QuerySet[AccessRequest]:
    """Pending requests the user may decide: their kinds, their projects, never their own."""
    kinds = kinds_user_may_approve(user)
    if not kinds:
        return AccessRequest.objects.none()
    return (
        AccessRequest.objects.filter(status=RequestStatus.PENDING, kind__in=kinds, project_id__in=project_ids_of(user))
        .exclude(requester=user)
        .select_related("project", "requester")
        .prefetch_related("archives")
        .order_by("created_at", "id")
    )


def history_of(request: AccessRequest) -> QuerySet[AuditEvent]:
    """The request's audit rows, oldest first: filed, decided, read, copied, signed for."""
    return AuditEvent.objects.filter(object_type="access.accessrequest", object_id=str(request.pk)).order_by("seq")


def sessions_of(request: AccessRequest) -> QuerySet[ReadingSession]:
    return request.sessions.select_related("accompanied_by").order_by("started_at", "id")


# ---- naming files ---------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s,，、;；]+")


def typed_codes(text: str) -> list[str]:
    """Room codes or archive numbers as typed: one per line, or separated by commas or spaces."""
    return list(dict.fromkeys(code.upper() for code in _SEPARATORS.split(text or "") if code))


def archives_named(project: Project, text: str) -> list[Archive]:
    """The files of ``project`` that the typed room codes / archive numbers name; an unknown one is an error.

    Other departments cannot see the files, so they type what they know (``A2-15-1503`` or
    ``HY-A2-15-1503``); the codes are resolved here, within the project, never beyond it.
    """
    codes = typed_codes(text)
    if not codes:
        raise DomainError(_("请填写要查阅的房号或档案号"), field="codes")
    if len(codes) > 50:
        raise DomainError(_("一份申请最多查阅 50 份档案"), field="codes")
    found = Archive.objects.filter(project=project).filter(Q(number__in=codes) | Q(room__code__in=codes))
    by_code: dict[str, Archive] = {}
    for archive in found.select_related("room"):
        by_code[archive.number.upper()] = archive
        by_code[archive.room.code.upper()] = archive
    unknown = [code for code in codes if code not in by_code]
    if unknown:
        raise DomainError(
            _("在%(project)s找不到这些房号或档案号：%(codes)s")
            % {"project": project.name, "codes": "、".join(unknown)},
            field="codes",
        )
    return list({by_code[code].pk: by_code[code] for code in codes}.values())


def documents_named(archives: list[Archive], text: str) -> list[Document]:
    """Documents of a single file by item number (``1, 3``); nothing typed means none (the catalogue)."""
    numbers = typed_codes(text)
    if not numbers:
        return []
    if len(archives) != 1:
        raise DomainError(_("指定件号时，一份复制申请只能针对一份档案"), field="items")
    bad = [n for n in numbers if not n.isdigit()]
    if bad:
        raise DomainError(_("件号应为数字：%(items)s") % {"items": "、".join(bad)}, field="items")
    wanted = {int(n) for n in numbers}
    docs = list(Document.objects.filter(archive=archives[0], item_no__in=wanted).order_by("item_no"))
    missing = sorted(wanted - {d.item_no for d in docs})
    if missing:
        raise DomainError(
            _("档案 %(number)s 中没有第 %(items)s 件")
            % {"number": archives[0].number, "items": "、".join(str(n) for n in missing)},
            field="items",
        )
    return docs


def owner_matching(archives: list[Archive], id_number: str) -> Person:
    """The current owner or co-owner of every named file whose ID number is the one typed.

    The number is compared through the keyed hash only (``people.crypto.lookup_hash``); it is
    never stored in clear. A number that matches no current owner of each file is refused.
    """
    number = normalize_id(id_number)
    if not number:
        raise DomainError(_("请填写业主的证件号码"), field="visitor_id_number")
    id_hash = crypto.lookup_hash(number)
    current = Occupancy.objects.filter(
        room_id__in=[a.room_id for a in archives],
        role__in=[OccupantRole.OWNER, OccupantRole.CO_OWNER],
        end_date__isnull=True,
        person__id_hash=id_hash,
    ).select_related("person")
    by_room = {occ.room_id: occ.person for occ in current}
    if len(by_room) != len(archives) or any(a.room_id not in by_room for a in archives):
        raise DomainError(
            _("证件号码与所申请档案的现业主或共有人不符：业主只能查阅本户档案"), field="visitor_id_number"
        )
    person = next(iter(by_room.values()))
    if person is None or any(p is None or p.pk != person.pk for p in by_room.values()):
        raise DomainError(_("证件号码与所申请档案的现业主或共有人不符"), field="visitor_id_number")
    return person


# ---- reading ------------------------------------------------------------------------------------


def requests_granting(user: User, at: datetime | None = None) -> QuerySet[AccessRequest]:
    """The user's own approved reading requests whose time window is open now, in their projects (an SQL filter)."""
    if not user.is_authenticated or not user.is_active:
        return AccessRequest.objects.none()
    at = at or timezone.now()
    return AccessRequest.objects.filter(
        requester=user,
        kind=RequestKind.STAFF,
        status=RequestStatus.APPROVED,
        window_start__lte=at,
        window_end__gt=at,
        project_id__in=project_ids_of(user),
    )


def archives_granted_to(user: User, at: datetime | None = None) -> QuerySet[Archive]:
    """Exactly the files named in the user's open approved requests, and only while the window is open."""
    return Archive.objects.filter(access_requests__in=requests_granting(user, at)).distinct()


def readings_open_to(user: User, at: datetime | None = None) -> QuerySet[AccessRequest]:
    """Requests through which the user may show files now: their own staff grants, and the
    owners' and outsiders' readings they accompany (an open session, CS staff of the project)."""
    if not user.is_authenticated or not user.is_active:
        return AccessRequest.objects.none()
    at = at or timezone.now()
    own = Q(kind=RequestKind.STAFF, requester=user)
    accompanied = Q(kind__in=VISITOR_KINDS, sessions__accompanied_by=user, sessions__ended_at__isnull=True)
    if not is_customer_service(user):
        accompanied = Q(pk__in=[])
    return AccessRequest.objects.filter(
        own | accompanied,
        status=RequestStatus.APPROVED,
        window_start__lte=at,
        window_end__gt=at,
        project_id__in=project_ids_of(user),
    ).distinct()


def reading_get(user: User, pk: int, at: datetime | None = None) -> AccessRequest:
    """The request the user may read through right now; anything else (late, early, not theirs) is 404."""
    found = readings_open_to(user, at).select_related("project", "requester").filter(pk=pk).first()
    if found is None:
        raise Http404("没有找到可查阅的档案")
    return found


def reading_archive_get(request: AccessRequest, archive_id: int) -> Archive:
    """A file the request names; any other file is 404."""
    archive = (
        request.archives.select_related("room__building", "project").filter(pk=archive_id, project=request.project_id)
    ).first()
    if archive is None:
        raise Http404("没有找到可查阅的档案")
    return archive


def reading_document_get(archive: Archive, document_id: int) -> Document:
    doc = Document.objects.select_related("doc_type__category").filter(archive=archive, pk=document_id).first()
    if doc is None:
        raise Http404("没有找到该文件")
    return doc


def reading_scan_get(archive: Archive, scan_id: int) -> Scan:
    scan = Scan.objects.select_related("document").filter(document__archive=archive, pk=scan_id).first()
    if scan is None:
        raise Http404("没有找到该扫描件")
    return scan


def was_read(request: AccessRequest, archive: Archive) -> bool:
    return request.uses.filter(archive=archive, kind__in=READ_USES).exists()


# ---- the reading register (查阅登记表) ------------------------------------------------------------


@dataclass
class RegisterRow:
    """One approved reading request as the register lists it."""

    request: AccessRequest
    reader: str
    organisation: str
    files: list[str]
    approver: str
    accompanying: list[str] = field(default_factory=list)
    first_read: datetime | None = None
    last_read: datetime | None = None
    reads: int = 0


def register_visible(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(REGISTER_PERMISSION)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime(month.year, month.month, 1))
    index = month.year * 12 + month.month
    end = timezone.make_aware(datetime(index // 12, index % 12 + 1, 1))
    return start, end


def reading_register(user: User, month: date) -> list[RegisterRow]:
    """Approved reading requests of the user's projects whose window touches ``month``, with their readings."""
    if not register_visible(user):
        return []
    start, end = month_bounds(month)
    reads = Q(uses__kind__in=READ_USES)
    requests = (
        AccessRequest.objects.filter(
            project_id__in=project_ids_of(user),
            kind__in=READING_KINDS,
            status=RequestStatus.APPROVED,
            window_start__lt=end,
            window_end__gt=start,
        )
        .annotate(first_read=Min("uses__at", filter=reads), last_read=Max("uses__at", filter=reads))
        .annotate(reads=Count("uses", filter=reads))
        .select_related("requester", "decided_by", "project")
        .prefetch_related(
            Prefetch("archives", queryset=Archive.objects.order_by("number")),
            Prefetch("sessions", queryset=ReadingSession.objects.select_related("accompanied_by")),
        )
        .order_by("window_start", "id")
    )
    return [_register_row(r) for r in requests]


def _register_row(request: AccessRequest) -> RegisterRow:
    if request.is_visitor:
        reader = request.visitor_label
        organisation = request.visitor_org or str(_("业主本人"))
    else:
        reader = str(request.requester)
        organisation = request.department
    staff = list(dict.fromkeys(str(s.accompanied_by) for s in request.sessions.all()))
    return RegisterRow(
        request=request,
        reader=reader,
        organisation=organisation,
        files=[a.number for a in request.archives.all()],
        approver=str(request.decided_by or ""),
        accompanying=staff,
        first_read=request.first_read,  # type: ignore[attr-defined]
        last_read=request.last_read,  # type: ignore[attr-defined]
        reads=request.reads,  # type: ignore[attr-defined]
    )


# ---- today's work ------------------------------------------------------------------------------


def todo_for(user: User) -> list[TodoItem]:
    """Approvals waiting for the user, the user's open reading grants, and (CS) visitors and copies to see to."""
    if not user.is_authenticated or not user.is_active:
        return []
    items = [
        TodoItem(_("待审批的查阅、复制申请"), approvals_waiting_for(user).count(), reverse("access:approvals")),
        TodoItem(_("已获批、可在线查阅的档案申请"), requests_granting(user).count(), reverse("access:mine")),
    ]
    if is_customer_service(user):
        items.append(TodoItem(_("待陪同查阅或待签收复制件"), front_desk_requests(user).count(), reverse("access:desk")))
    return items
