"""Changes to households: who occupies a room, contacts, vehicles, VIP profile.

Every function is one transaction that writes its audit rows and keeps the search tokens
of the room up to date. Views, API, admin and commands all come through here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.archive.actions import archive_flags_set, archive_open
from yidang.archive.checklist import checklist_refresh
from yidang.archive.models import Archive
from yidang.audit.actions import Change, audit_record
from yidang.core.errors import DomainError
from yidang.households.models import EmergencyContact, Occupancy, OccupantRole, ParkingSpace, Vehicle, VipProfile
from yidang.households.search import search_reindex
from yidang.households.tokens import normalize
from yidang.people.actions import PersonData, organization_create, person_create
from yidang.people.models import Organization, Person
from yidang.people.phones import mask_phone, validate_phone
from yidang.places.models import Occupancy as RoomOccupancy
from yidang.places.models import Room
from yidang.timeline.actions import timeline_add
from yidang.timeline.models import EventKind

_OWNER_ROLES = {OccupantRole.OWNER, OccupantRole.CO_OWNER}


def room_lock(room: Room) -> Room:
    """Re-read the room with a row lock: the one place household read-modify-writes serialise."""
    return Room.objects.select_for_update().get(pk=room.pk)


def room_occupancy_refresh(room: Room) -> None:
    """Recompute the map colour of a room from its current occupancies."""
    roles = set(Occupancy.objects.filter(room=room, end_date__isnull=True).values_list("role", flat=True))
    if OccupantRole.COMMERCIAL in roles:
        status = RoomOccupancy.COMMERCIAL
    elif OccupantRole.TENANT in roles:
        status = RoomOccupancy.RENTED
    elif roles:
        status = RoomOccupancy.OWNER
    else:
        status = RoomOccupancy.VACANT
    if room.occupancy != status:
        room.occupancy = status
        room.save(update_fields=["occupancy", "updated_at"])


def _occupancy_view(occ: Occupancy) -> dict[str, Any]:
    return {
        "role": occ.role,
        "occupant": str(occ.occupant),
        "start_date": occ.start_date.isoformat() if occ.start_date else None,
        "end_date": occ.end_date.isoformat() if occ.end_date else None,
    }


@transaction.atomic
def household_occupant_add(
    *,
    room: Room,
    role: str,
    actor: Any,
    person: Person | None = None,
    person_data: PersonData | None = None,
    organization: Organization | None = None,
    start_date: date | None = None,
) -> Occupancy:
    """Register an occupant of a room: an existing person, a new one, or a company."""
    room = room_lock(room)
    if person is None and person_data is not None:
        person = person_create(data=person_data, actor=actor, project_id=room.project_id)
    if (person is None) == (organization is None):
        raise DomainError(_("请指定一位人员或一个单位作为业户"))
    if Occupancy.objects.filter(room=room, end_date__isnull=True, person=person, organization=organization).exists():
        raise DomainError(
            _("%(occupant)s 已是 %(code)s 的在住业户") % {"occupant": person or organization, "code": room.code}
        )
    occ = Occupancy.objects.create(
        room=room, person=person, organization=organization, role=role, start_date=start_date or timezone.localdate()
    )
    audit_record(
        actor=actor, change=Change("occupancy.create", occ, after=_occupancy_view(occ), project_id=room.project_id)
    )
    timeline_add(
        room_id=room.id,
        kind=EventKind.OCCUPANCY_START,
        actor=actor,
        obj=occ,
        summary=_("%(role)s %(name)s 入住登记") % {"role": occ.get_role_display(), "name": occ.occupant},
    )
    _after_household_change(room, actor)
    return occ


@transaction.atomic
def household_occupancy_end(*, occupancy: Occupancy, end_date: date, actor: Any, reason: str = "") -> Occupancy:
    """Close an occupancy (move-out, end of tenancy, sale). History is kept."""
    room = room_lock(occupancy.room)
    occupancy = Occupancy.objects.select_for_update().get(pk=occupancy.pk)
    if occupancy.end_date is not None:
        raise DomainError(_("该入住记录已结束"))
    if occupancy.start_date and end_date < occupancy.start_date:
        raise DomainError(_("结束日期不能早于开始日期"))
    before = _occupancy_view(occupancy)
    occupancy.end_date = end_date
    occupancy.note = (occupancy.note + " " + reason).strip()[:500]
    occupancy.save(update_fields=["end_date", "note"])
    audit_record(
        actor=actor,
        change=Change(
            "occupancy.end", occupancy, before=before, after=_occupancy_view(occupancy), project_id=room.project_id
        ),
    )
    timeline_add(
        room_id=room.id,
        kind=EventKind.OCCUPANCY_END,
        actor=actor,
        obj=occupancy,
        summary=_("%(role)s %(name)s 入住结束 %(reason)s")
        % {"role": occupancy.get_role_display(), "name": occupancy.occupant, "reason": reason},
    )
    _after_household_change(room, actor)
    return occupancy


@transaction.atomic
def household_transfer(*, room: Room, new_owner: PersonData, transfer_date: date, actor: Any) -> Occupancy:
    """Transfer of ownership (过户): the current owners' occupancies end, the new owner's begins."""
    room = room_lock(room)
    for occ in Occupancy.objects.filter(room=room, end_date__isnull=True, role__in=_OWNER_ROLES):
        household_occupancy_end(occupancy=occ, end_date=transfer_date, actor=actor, reason="过户")
    occupancy = household_occupant_add(
        room=room, role=OccupantRole.OWNER, person_data=new_owner, start_date=transfer_date, actor=actor
    )
    archive_flags_set(archive=archive_open(room=room, actor=actor), has_transfer=True, actor=actor)
    return occupancy


@transaction.atomic
def emergency_contact_add(*, room: Room, name: str, phone: str, actor: Any, relation: str = "") -> EmergencyContact:
    if not name.strip():
        raise DomainError(_("紧急联系人姓名不能为空"), field="name")
    contact = EmergencyContact.objects.create(
        room=room, name=name.strip(), phone=validate_phone(phone), relation=relation
    )
    audit_record(
        actor=actor,
        change=Change(
            "emergency_contact.create",
            contact,
            after={"name": contact.name, "phone": mask_phone(contact.phone)},
            project_id=room.project_id,
        ),
    )
    return contact


def normalize_plate(raw: str) -> str:
    return normalize(raw).upper().replace("-", "").replace("·", "")


@transaction.atomic
def vehicle_add(
    *, room: Room, plate: str, actor: Any, kind: str = Vehicle.Kind.MOTOR, owner: Person | None = None
) -> Vehicle:
    plate = normalize_plate(plate)
    if not plate:
        raise DomainError(_("车牌号不能为空"), field="plate")
    if Vehicle.objects.filter(room=room, plate=plate).exists():
        raise DomainError(_("车牌 %(plate)s 已登记在 %(code)s") % {"plate": plate, "code": room.code}, field="plate")
    vehicle = Vehicle.objects.create(room=room, plate=plate, kind=kind, owner=owner)
    audit_record(
        actor=actor,
        change=Change("vehicle.create", vehicle, after={"plate": plate, "kind": kind}, project_id=room.project_id),
    )
    search_reindex([room.id])
    return vehicle


@transaction.atomic
def vehicle_remove(*, vehicle: Vehicle, actor: Any) -> None:
    room = vehicle.room
    audit_record(
        actor=actor,
        change=Change("vehicle.delete", vehicle, before={"plate": vehicle.plate}, project_id=room.project_id),
    )
    vehicle.delete()
    search_reindex([room.id])


@transaction.atomic
def vip_profile_save(*, room: Room, actor: Any, **fields: Any) -> VipProfile:
    profile, created = VipProfile.objects.get_or_create(room=room)
    for key, value in fields.items():
        setattr(profile, key, value)
    profile.save()
    audit_record(
        actor=actor,
        change=Change(
            "vip_profile.create" if created else "vip_profile.update",
            profile,
            after={k: "***" for k in fields},
            project_id=room.project_id,
        ),
    )
    return profile


def _after_household_change(room: Room, actor: Any) -> None:
    """Keep what derives from the occupants right: map colour, search tokens, the file and its checklist."""
    room_occupancy_refresh(room)
    search_reindex([room.id])
    has_occupants = Occupancy.objects.filter(room=room, end_date__isnull=True).exists()
    archive = Archive.objects.filter(room=room).first()
    if archive is None and has_occupants:
        archive_open(room=room, actor=actor)
    elif archive is not None:
        checklist_refresh(archive)


@transaction.atomic
def household_company_add(
    *,
    room: Room,
    role: str,
    name: str,
    actor: Any,
    uscc: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    start_date: date | None = None,
) -> Occupancy:
    """Register a company as owner or commercial occupant of a room."""
    org = organization_create(
        name=name,
        uscc=uscc,
        contact_name=contact_name,
        contact_phone=contact_phone,
        actor=actor,
        project_id=room.project_id,
    )
    return household_occupant_add(room=room, role=role, organization=org, start_date=start_date, actor=actor)


def _parking_view(space: ParkingSpace) -> dict[str, Any]:
    return {
        "code": space.code,
        "room": space.room.code if space.room else None,
        "tenure": space.tenure,
        "permit_no": space.permit_no,
        "valid_until": space.valid_until.isoformat() if space.valid_until else None,
    }


@transaction.atomic
def parking_space_assign(
    *, room: Room, code: str, tenure: str, actor: Any, permit_no: str = "", valid_until: date | None = None
) -> ParkingSpace:
    """Give a household a parking space (bought or rented); the space is created when new."""
    code = normalize(code).upper()
    if not code:
        raise DomainError(_("车位编号不能为空"), field="code")
    space, created = ParkingSpace.objects.select_for_update().get_or_create(project_id=room.project_id, code=code)
    if not created and space.room_id not in (None, room.id):
        raise DomainError(
            _("车位 %(code)s 已由 %(room)s 使用，请先解除") % {"code": code, "room": space.room}, field="code"
        )
    before = None if created else _parking_view(space)
    space.room, space.tenure, space.permit_no, space.valid_until = room, tenure, permit_no.strip(), valid_until
    space.save()
    audit_record(
        actor=actor,
        change=Change("parking.assign", space, before=before, after=_parking_view(space), project_id=room.project_id),
    )
    return space


@transaction.atomic
def parking_space_release(*, space: ParkingSpace, actor: Any) -> ParkingSpace:
    space = ParkingSpace.objects.select_for_update().get(pk=space.pk)
    before = _parking_view(space)
    space.room, space.permit_no, space.valid_until = None, "", None
    space.save()
    audit_record(
        actor=actor,
        change=Change("parking.release", space, before=before, after=_parking_view(space), project_id=space.project_id),
    )
    return space
