"""Changes to people. Each runs in the caller's action transaction and writes an audit row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from yidang.audit.actions import Change, audit_record, diff
from yidang.core.errors import DomainError
from yidang.people import crypto
from yidang.people.idnumbers import IdType, birthday_from_resident_id, mask_id, validate_id, validate_uscc
from yidang.people.models import Organization, Person
from yidang.people.phones import mask_phone, validate_phone


@dataclass
class PersonData:
    """What a form, the API or an import row says about a person. Unset fields stay as they are."""

    name: str
    sex: str = ""
    id_type: str = IdType.RESIDENT.value
    id_number: str = ""
    phone: str = ""
    native_place: str = ""
    hukou_place: str = ""
    birthday: date | None = None
    nationality: str = "中国"


def person_fields(data: PersonData) -> dict[str, Any]:
    """Validated, encrypted model fields for ``data``. Raises DomainError naming what is wrong."""
    name = data.name.strip()
    if not name:
        raise DomainError(_("姓名不能为空"), field="name")
    fields: dict[str, Any] = {
        "name": name,
        "sex": data.sex,
        "native_place": data.native_place.strip(),
        "hukou_place": data.hukou_place.strip(),
        "nationality": data.nationality.strip(),
        "birthday": data.birthday,
    }
    if data.phone:
        fields["phone"] = validate_phone(data.phone)
    if data.id_number:
        fields.update(id_fields(IdType(data.id_type), data.id_number))
    return fields


def id_fields(id_type: IdType, raw: str) -> dict[str, Any]:
    number = validate_id(id_type, raw)
    fields: dict[str, Any] = {
        "id_type": id_type.value,
        "id_number_enc": crypto.encrypt(number),
        "id_hash": crypto.lookup_hash(number),
        "id_masked": mask_id(number),
    }
    if id_type == IdType.RESIDENT:
        fields["birthday_from_id"] = birthday_from_resident_id(number)
    return fields


def _apply(person: Person, fields: dict[str, Any]) -> None:
    from_id = fields.pop("birthday_from_id", None)
    for key, value in fields.items():
        setattr(person, key, value)
    if person.birthday is None and from_id:
        person.birthday = from_id


def audit_view(person: Person) -> dict[str, Any]:
    """A person as the audit log shows it: sensitive values masked, never in clear."""
    return {
        "name": person.name,
        "sex": person.sex,
        "id_type": person.id_type,
        "id_number": person.id_masked,
        "phone": mask_phone(person.phone) if person.phone else "",
        "native_place": person.native_place,
        "hukou_place": person.hukou_place,
        "birthday": person.birthday.isoformat() if person.birthday else None,
    }


def person_create(*, data: PersonData, actor: Any, project_id: int | None = None) -> Person:
    person = Person()
    _apply(person, person_fields(data))
    person.save()
    audit_record(actor=actor, change=Change("person.create", person, after=audit_view(person), project_id=project_id))
    return person


def person_update(*, person: Person, data: PersonData, actor: Any, project_id: int | None = None) -> bool:
    """Apply ``data``; returns whether anything changed (and only then writes audit)."""
    before = audit_view(person)
    fields = person_fields(data)
    if not data.id_number:
        fields.pop("id_type", None)
    _apply(person, fields)
    old, new = diff(before, audit_view(person))
    if not new and "id_hash" not in fields:
        return False
    person.save()
    if new:
        audit_record(actor=actor, change=Change("person.update", person, before=old, after=new, project_id=project_id))
    return bool(new)


def person_reveal_id(person: Person) -> str:
    """The clear ID number. Callers must check the permission and log the reveal."""
    return crypto.decrypt(person.id_number_enc) if person.id_number_enc else ""


def organization_create(
    *,
    name: str,
    actor: Any,
    uscc: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    project_id: int | None = None,
) -> Organization:
    """A company owner or occupant; the unified social credit code is checked (GB 32100) when given."""
    if not name.strip():
        raise DomainError(_("单位名称不能为空"), field="name")
    org = Organization(
        name=name.strip(),
        uscc=validate_uscc(uscc) if uscc.strip() else "",
        contact_name=contact_name.strip(),
        contact_phone=validate_phone(contact_phone) if contact_phone.strip() else "",
    )
    org.save()
    audit_record(
        actor=actor,
        change=Change(
            "organization.create",
            org,
            after={"name": org.name, "uscc": org.uscc, "contact_phone": mask_phone(org.contact_phone)},
            project_id=project_id,
        ),
    )
    return org
