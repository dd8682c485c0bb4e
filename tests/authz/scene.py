"""The objects the authorization matrix points its URLs at: one of each kind in HY ("own") and in JM ("other").

Built on top of ``tests.world`` through the actions layer, so every object is as real as the pages make it.
Each side also names its *markers*: strings that only that project's data contains. A page answered to a
user who does not work in the project must not carry any of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from rest_framework.authtoken.models import Token

from tests.world import World, make_user
from yidang.access.actions import RequestData, access_request_approve, access_request_file
from yidang.access.models import RequestKind
from yidang.accounts.models import Department, User
from yidang.accounts.roles import Role
from yidang.archive.actions import DocumentData, document_add, scan_add
from yidang.archive.models import Archive, Document, DocumentType
from yidang.archive.tests.scanfiles import pdf_bytes, upload
from yidang.households.actions import (
    emergency_contact_add,
    household_company_add,
    household_occupant_add,
    parking_space_assign,
    vehicle_add,
    vip_profile_save,
)
from yidang.households.models import OccupantRole
from yidang.imports.models import ImportJob
from yidang.imports.xlsx import template_workbook
from yidang.incidents.actions import IncidentData, incident_report
from yidang.inspections.actions import (
    ItemCheck,
    inspection_plan_create,
    inspection_proposals_refresh,
    inspection_record_submit,
    inspection_sample_draw,
)
from yidang.inspections.models import InspectionProposal
from yidang.inspections.queries import record_checklist
from yidang.loans.actions import loan_request
from yidang.notifications.actions import notify
from yidang.notifications.models import Notification
from yidang.people.actions import PersonData
from yidang.places.actions import room_create
from yidang.places.models import Project, Room
from yidang.printing.jobs import print_job_start
from yidang.service.actions import TicketData, ticket_register
from yidang.service.models import Callback, TicketCategory
from yidang.service.surveys import survey_campaign_open
from yidang.shelving.actions import LocationData, folder_move, location_create
from yidang.stocktake.actions import CareCheckData, care_check_record, stocktake_scan, stocktake_start
from yidang.transfers.actions import ItemRef, SheetData, transfer_sheet_send
from yidang.workdays.actions import calendar_days_load

OWN, OTHER = "own", "other"


@dataclass
class Side:
    """One project's objects, by kind (the names the kwarg table of ``matrix.py`` uses)."""

    project: Project
    objects: dict[str, Any] = field(default_factory=dict)
    markers: tuple[str, ...] = ()
    # The household's personal data: seen by another department only through an approved request.
    personal: tuple[str, ...] = ()
    member: User | None = None  # someone who works there: owns this side's per-user objects (print jobs)


@dataclass
class Scene:
    world: World
    sides: dict[str, Side]
    subjects: dict[str, User | None]
    notifications: dict[int, Any] = field(default_factory=dict)  # user id -> one of their notifications

    def side_of(self, scope: str) -> Side:
        return self.sides[scope]


@dataclass(frozen=True)
class Look:
    """What makes one side's data recognisable: values no page prints as an example."""

    tag: str
    building: str
    owner: str
    phone: str
    plate: str
    pdf_width: int


def _household(project: Project, actor: User, look: Look) -> Room:
    room = room_create(project=project, building_code=look.building, floor=12, number="1207", actor=actor)
    household_occupant_add(
        room=room,
        role=OccupantRole.OWNER,
        actor=actor,
        person_data=PersonData(name=look.owner, sex="F", phone=look.phone),
    )
    return room


def _side(project: Project, actor: User, look: Look) -> Side:
    """A household with everything the pages act on, its archive filed, scanned and shelved."""
    side = Side(project=project, member=actor)
    o = side.objects
    tag, plate = look.tag, look.plate
    room = _household(project, actor, look)
    o["project"] = project
    o["room"] = room
    o["building"] = room.building
    o["occupancy"] = room.occupancies.get(role=OccupantRole.OWNER, end_date__isnull=True)
    o["vehicle"] = room.vehicles.first() or vehicle_add(room=room, plate=plate, actor=actor)
    o["contact"] = emergency_contact_add(room=room, name=f"{tag}紧急联系人", phone="13600000000", actor=actor)
    o["company"] = household_company_add(room=room, role="commercial", name=f"{tag}商贸有限公司", actor=actor)
    o["unit_room"] = room_create(
        project=project, building_code=room.building.code, unit_code="9", floor=16, number="1601", actor=actor
    )
    o["vip"] = vip_profile_save(room=room, actor=actor, special_requests=f"{tag}只在工作日上门")
    o["parking"] = parking_space_assign(room=room, code=f"{tag}-P01", tenure="owned", actor=actor)
    archive = Archive.objects.get(room=room)
    o["archive"] = archive
    doc_type = DocumentType.objects.get(code="handover_record")
    o["document"] = document_add(
        archive=archive, data=DocumentData(doc_type=doc_type, title=f"{tag}交付记录"), actor=actor
    )
    o["scan"] = scan_add(
        document=o["document"], upload=upload(pdf_bytes(width=look.pdf_width), name=f"{tag}.pdf"), actor=actor
    )
    store = location_create(project=project, data=LocationData(kind="room", name=f"{tag}档案室"), actor=actor)
    cabinet = location_create(project=project, data=LocationData(kind="cabinet", parent=store), actor=actor)
    shelf = location_create(project=project, data=LocationData(kind="shelf", parent=cabinet), actor=actor)
    box = location_create(
        project=project, data=LocationData(kind="box", parent=shelf, name=f"{tag}档案盒"), actor=actor
    )
    o["location"] = box
    o["shelf"] = shelf  # a place that can hold another (a box cannot)
    o["folder_move"] = folder_move(archive=archive, to_location=box, actor=actor, reason="入柜")
    o["import_job"] = ImportJob.objects.create(
        project=project,
        created_by=actor,
        file=ContentFile(template_workbook(), name=f"{tag}-import.xlsx"),
        file_name=f"{tag}-import.xlsx",
        status=ImportJob.Status.DONE,
    )
    o["token"] = Token.objects.get_or_create(user=actor)[0]
    o["user"] = actor
    archive.refresh_from_db()
    side.markers = (
        project.name,
        look.owner,
        room.code,
        archive.number,
        o["vehicle"].plate,
        f"{tag}紧急联系人",
        f"{tag}商贸有限公司",
        f"{tag}交付记录",
        f"{tag}档案室",
        f"{tag}-import.xlsx",
        o["scan"].sha256,
    )
    side.personal = (look.owner, look.phone, o["vehicle"].plate, f"{tag}紧急联系人", f"{tag}商贸有限公司")
    return side


def _requests_loans_tickets(side: Side, *, filer: User, approver: User | None, desk: User) -> None:
    """The governance and service objects: an access request (approved where someone may), a loan, a ticket."""
    o, project = side.objects, side.project
    now = timezone.now()
    data = RequestData(
        kind=RequestKind.STAFF,
        project=project,
        codes=o["room"].code,
        purpose="核对管线改造图纸",
        window_start=now - timedelta(minutes=5),
        window_end=now + timedelta(hours=24),
    )
    request = access_request_file(data=data, actor=filer)
    if approver is not None:
        request = access_request_approve(request=request, actor=approver)
    o["access_request"] = request
    o["loan"] = loan_request(archive=o["archive"], purpose="核对装修图纸", actor=desk)
    ticket_data = TicketData(
        kind="repair",
        channel="phone",
        category=TicketCategory.objects.get(name="给排水"),
        content="厨房水管漏水",
        reporter_name="张伟",
        room=o["room"],
    )
    o["ticket"] = ticket_register(data=ticket_data, project=project, actor=desk)
    o["callback"] = Callback.objects.create(
        ticket=o["ticket"], project=project, created_at=now, due_at=now + timedelta(days=1)
    )
    o["person"] = o["occupancy"].person
    # Issue 5: a transfer sheet from the desk to the filer, waiting for the filer's signature; a damage report.
    sheet_data = SheetData(project=project, items=(ItemRef(o["archive"]),), receiver=filer, note="移交核对")
    o["transfer_sheet"] = transfer_sheet_send(data=sheet_data, actor=desk)
    damage = IncidentData(kind="damaged", documents=(o["document"].pk,), note="受潮起皱", cause="natural")
    o["incident"] = incident_report(archive=o["archive"], data=damage, actor=desk)
    today = timezone.localdate()
    o["survey_campaign"] = survey_campaign_open(
        project=project, name="满意度调查", starts_on=today, ends_on=today + timedelta(days=30), actor=desk
    )
    _retention_objects(side, desk)


def _retention_objects(side: Side, actor: User) -> None:
    """An expired paper on an appraisal and a destruction list waiting for the GM, a hold on the file, a ghost."""
    from yidang.retention.models import Appraisal, AppraisalItem, DestructionList, DocumentGhost, Hold

    o, project, now = side.objects, side.project, timezone.now()
    paper = document_add(
        archive=o["archive"],
        data=DocumentData(doc_type=DocumentType.objects.get(code="notice"), doc_date=date(2010, 3, 1)),
        actor=actor,
    )
    o["appraisal"] = Appraisal.objects.create(project=project, number=f"JD-{project.code}-2026-001", created_at=now)
    o["appraisal_item"] = AppraisalItem.objects.create(
        appraisal=o["appraisal"], document=paper, expired_on=date(2021, 1, 1), decision="destroy", on_list=True
    )
    o["destruction_list"] = DestructionList.objects.create(
        project=project,
        number=f"XH-{project.code}-2026-001",
        appraisal=o["appraisal"],
        submitted_by=actor,
        submitted_at=now,
        due_at=now + timedelta(days=7),
    )
    o["hold"] = Hold.objects.create(
        project=project, archive=o["archive"], reason="纠纷", placed_by=actor, placed_at=now
    )
    gone = document_add(
        archive=o["archive"],
        data=DocumentData(doc_type=DocumentType.objects.get(code="notice"), doc_date=date(2009, 3, 1)),
        actor=actor,
    )
    Document.objects.filter(pk=gone.pk).update(destroyed_at=now, paper_present=False)
    o["ghost"] = DocumentGhost.objects.create(
        document=gone,
        destruction_list=o["destruction_list"],
        project=project,
        archive=o["archive"],
        archive_number=o["archive"].number,
        item_no=gone.item_no,
        title=gone.title,
        doc_type="通知及告知书",
        category="其他",
        filed_at=now,
        pages=1,
        is_original=True,
        had_paper=True,
        retention="定期10年",
        expired_on=date(2020, 1, 1),
        destroyed_at=now,
        method="shred",
        approved_by=actor,
        approved_at=now,
    )


def _inspections(side: Side, *, supervisor: User) -> None:
    """Quality inspections: a proposal (the buildings' occupancy), a sample with one file checked and
    its chase task (owned by the side's member), a plan."""
    o, project = side.objects, side.project
    o["inspection_proposal"] = InspectionProposal.objects.filter(project=project).order_by("pk").first()
    inspection = inspection_sample_draw(project=project, actor=supervisor, seed=1)
    record = inspection.records.filter(archive=o["archive"]).get()
    checks = [
        ItemCheck(i.doc_type_id, "missing" if i.doc_type.code == "owners_covenant" else "")
        for i in record_checklist(record)
    ]
    inspection_record_submit(record=record, checks=checks, owner=side.member, actor=supervisor)
    o["inspection"] = inspection
    o["inspection_record"] = record
    o["chase_task"] = record.findings.get().chase_task
    o["inspection_plan"] = inspection_plan_create(project=project, year=2030, actor=supervisor)


def _stocktake_objects(side: Side, archivist: User) -> None:
    """An open stocktake of the side's storage room with its folder scanned, and a care check with a problem."""
    o = side.objects
    store = o["shelf"].parent.parent
    o["stocktake"] = stocktake_start(area=store, actor=archivist)
    o["stocktake_scan"] = stocktake_scan(stocktake=o["stocktake"], text=o["archive"].number, actor=archivist).scan
    data = CareCheckData(
        kind="weekly", checked_on=timezone.localdate(), damp="problem", findings="柜底受潮", follow_up="开除湿机"
    )
    o["care_check"] = care_check_record(room=store, data=data, actor=archivist)


def build_scene(world: World) -> Scene:
    calendar_days_load(actor="test")
    hy = _side(world.hy, world.archivist, Look("华苑", "C3", "司马青云", "13700001111", "京B67890", 595))
    jm = _side(world.jm, world.jm_assistant, Look("金茂", "T9", "诸葛明月", "13700002222", "沪C88888", 600))
    jm_engineer = make_user("jm_engineer", Role.ENGINEERING, [world.jm], Department.ENGINEERING)
    _requests_loans_tickets(hy, filer=world.engineer, approver=world.supervisor, desk=world.assistant)
    _requests_loans_tickets(jm, filer=jm_engineer, approver=None, desk=world.jm_assistant)
    inspection_proposals_refresh()
    _inspections(hy, supervisor=world.supervisor)
    _inspections(jm, supervisor=make_user("jm_supervisor", Role.CS_SUPERVISOR, [world.jm]))
    _stocktake_objects(hy, world.archivist)
    _stocktake_objects(jm, make_user("jm_archivist", Role.ARCHIVIST, [world.jm]))
    no_project = make_user("no_project", Role.CS_ASSISTANT, [])
    staff = make_user("staff_archivist", Role.ARCHIVIST, [world.hy])
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    subjects: dict[str, User | None] = {name: world.users[name] for name in SUBJECT_ROLES}
    subjects |= {"anonymous": None, "no_project": no_project, "staff_archivist": staff}
    notices = {}
    for user in [*(u for u in subjects.values() if u is not None), world.jm_assistant]:
        notify(users=[user], key=f"authz-{user.pk}", text="档案借阅待审批", email=False)
        notices[user.pk] = Notification.objects.filter(user=user).latest("pk")
    return Scene(world=world, sides={OWN: hy, OTHER: jm}, subjects=subjects, notifications=notices)


# The roles of the world (all in HY), then the three who must see nothing of HY's data but what a
# staff flag grants: nobody logged in, a CS assistant with no project, and HY's archivist with is_staff
# (the only subject that reaches the admin).
SUBJECT_ROLES = ["archivist", "assistant", "supervisor", "manager", "gm", "engineer"]
SUBJECTS = [*SUBJECT_ROLES, "anonymous", "no_project", "staff_archivist"]
# Subjects of another department (not customer service): household data only through an approved request.
OTHER_DEPARTMENTS = {"engineer"}


def _per_user_owner(scene: Scene, subject: User | None, scope: str) -> User:
    """Whose per-user object a URL names: "own" is the subject's own, "other" a JM user's."""
    if scope == OWN:
        return subject or scene.sides[OWN].member  # type: ignore[return-value]
    return scene.sides[OTHER].member  # type: ignore[return-value]


def notification_id(scene: Scene, subject: User | None, scope: str) -> int:
    return int(scene.notifications[_per_user_owner(scene, subject, scope).pk].pk)


def print_job_key(scene: Scene, subject: User | None, scope: str) -> str:
    """A print job is its starter's alone, like a notification."""
    owner = _per_user_owner(scene, subject, scope)
    return print_job_start(user=owner, title="档案目录", filename="catalogue.pdf").key
