"""Who lives in a demo room: owners, co-owners, family, tenants, companies, contacts, vehicles.

Pure functions of (room, random generator): no database. About 85 % of rooms are occupied; a
residential room has an owner, often a co-owner and family, and in about 15 % of occupied rooms
tenants instead of the owner's family; shops and offices are owned by companies or people and
mostly let to companies (商户). Some owners bought from a previous owner, whose occupancy is
kept as history. The room's occupancy status follows the rules of
``households.actions.room_occupancy_refresh``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from yidang.demo import identity, names
from yidang.demo.layout import ProjectPlan, RoomPlan
from yidang.households.models import OccupantRole, ParkingSpace, Vehicle
from yidang.places.models import Occupancy as RoomStatus
from yidang.places.models import RoomUse

OCCUPIED_SHARE = 0.85
RENTED_SHARE = 0.15
LATEST_DATE = date(2025, 6, 30)  # fixed, so a seed gives the same data whatever day it runs


@dataclass
class PersonPlan:
    name: str
    sex: str
    id_number: str
    birthday: date
    native_place: str
    hukou_place: str
    phone: str = ""
    phone2: str = ""
    id_hash: str = ""  # set when written, for the search tokens
    pk: int | None = None


@dataclass
class OrganizationPlan:
    name: str
    uscc: str
    contact_name: str
    contact_phone: str
    pk: int | None = None


@dataclass
class OccupantPlan:
    role: str
    start: date
    person: PersonPlan | None = None
    organization: OrganizationPlan | None = None
    end: date | None = None
    note: str = ""


@dataclass
class VehiclePlan:
    plate: str
    kind: str
    owner: PersonPlan | None


@dataclass
class ParkingPlan:
    code: str
    tenure: str
    permit_no: str
    valid_until: date | None


@dataclass
class HouseholdPlan:
    room: RoomPlan
    occupants: list[OccupantPlan] = field(default_factory=list)
    contacts: list[tuple[str, str, str]] = field(default_factory=list)  # name, phone, relation
    vehicles: list[VehiclePlan] = field(default_factory=list)
    parking: list[ParkingPlan] = field(default_factory=list)
    vip: dict[str, Any] | None = None
    pk: int = 0  # the room's id, once written

    @property
    def current(self) -> list[OccupantPlan]:
        return [o for o in self.occupants if o.end is None]

    @property
    def status(self) -> str:
        """The room's occupancy colour, as ``room_occupancy_refresh`` computes it."""
        roles = {o.role for o in self.current}
        if OccupantRole.COMMERCIAL in roles:
            return RoomStatus.COMMERCIAL
        if OccupantRole.TENANT in roles:
            return RoomStatus.RENTED
        return RoomStatus.OWNER if roles else RoomStatus.VACANT

    @property
    def move_in(self) -> date | None:
        owners = [o.start for o in self.current if o.role == OccupantRole.OWNER]
        return min(owners) if owners else None


_RELATIONS = ["配偶", "子女", "父母", "兄弟姐妹", "朋友", "亲属"]
_CHARACTER = ["开朗健谈", "温和有礼", "严谨细致", "性格直爽", "注重隐私", "热心公益"]
_PREFERENCES = ["喜欢园艺", "爱好书法", "喜欢太极拳", "爱好摄影", "喜欢钓鱼", "爱好京剧", "喜欢养猫"]
_SKILLS = ["医生", "律师", "教师", "工程师", "厨艺好", "会手语", "退伍军人"]
_REQUESTS = [
    "上门服务请提前电话预约",
    "家中有老人行动不便，停水停电请提前通知",
    "快递请放前台",
    "不接受电话推销回访",
    "",
]


class HouseholdMaker:
    """Makes the households of one project; keeps the project's parking-space numbering."""

    def __init__(self, plan: ProjectPlan, rng: random.Random, ids: identity.ResidentIds) -> None:
        self.plan = plan
        self.rng = rng
        self.ids = ids
        self.parking_seq = 0

    def make(self, room: RoomPlan) -> HouseholdPlan:
        household = HouseholdPlan(room=room)
        if self.rng.random() >= OCCUPIED_SHARE:
            return household
        if room.use == RoomUse.RESIDENTIAL:
            self._residents(household)
        else:
            self._business(household)
        self._extras(household)
        return household

    # people
    def person(self, born: date, sex: str, *, family: str | None = None, phone: bool = True) -> PersonPlan:
        rng = self.rng
        number, region = self.ids.issue(rng, born, sex)
        return PersonPlan(
            name=names.full_name(rng, sex, family),
            sex=sex,
            id_number=number,
            birthday=born,
            native_place=region.native_place,
            hukou_place=region.hukou_place,
            phone=identity.mobile(rng) if phone else "",
            phone2=identity.mobile(rng) if phone and rng.random() < 0.1 else "",
        )

    def adult(self, first_year: int = 1945, last_year: int = 1995) -> PersonPlan:
        return self.person(identity.birth_date(self.rng, first_year, last_year), self.rng.choice("MF"))

    def organization(self) -> OrganizationPlan:
        rng = self.rng
        region = rng.choice(identity.REGIONS)
        contact = identity.landline(rng, self.plan.area_code) if rng.random() < 0.5 else identity.mobile(rng)
        return OrganizationPlan(
            name=identity.company_name(rng, self.plan.city),
            uscc=identity.uscc(rng, region.code),
            contact_name=names.full_name(rng, rng.choice("MF")),
            contact_phone=contact,
        )

    def _day_after(self, start: date, days: int) -> date:
        return min(start + timedelta(days=self.rng.randrange(days)), LATEST_DATE)

    def _owner_since(self) -> tuple[date, date | None]:
        """When the current owner came, and when an earlier owner came if there was one."""
        delivered = self.plan.delivered
        if self.rng.random() < 0.75:
            return self._day_after(delivered, 400), None
        bought = self._day_after(delivered + timedelta(days=400), (LATEST_DATE - delivered).days)
        first = self._day_after(delivered, 400) if self.rng.random() < 0.4 else None
        return bought, first if first and first < bought else None

    def _residents(self, household: HouseholdPlan) -> None:
        rng = self.rng
        since, earlier = self._owner_since()
        if earlier:
            household.occupants.append(OccupantPlan(OccupantRole.OWNER, earlier, self.adult(), end=since, note="过户"))
        owner = self.adult()
        household.occupants.append(OccupantPlan(OccupantRole.OWNER, since, owner))
        if rng.random() < 0.25:
            born = identity.birth_date(rng, owner.birthday.year - 5, owner.birthday.year + 5)
            spouse = self.person(born, "F" if owner.sex == "M" else "M")
            household.occupants.append(OccupantPlan(OccupantRole.CO_OWNER, since, spouse, note="配偶"))
        if rng.random() < RENTED_SHARE:
            for _ in range(2 if rng.random() < 0.3 else 1):
                tenant = self.adult(1960, 2002)
                start = self._day_after(max(since, date(2019, 1, 1)), 2000)
                household.occupants.append(OccupantPlan(OccupantRole.TENANT, start, tenant, note="租户"))
            return
        for _ in range(rng.choices([0, 1, 2, 3], weights=[30, 35, 25, 10])[0]):
            household.occupants.append(self._family_member(owner, since))

    def _family_member(self, owner: PersonPlan, since: date) -> OccupantPlan:
        rng = self.rng
        year = owner.birthday.year
        if year < 1960 or rng.random() < 0.65:
            born = identity.birth_date(rng, year + 22, min(year + 40, 2023))
            member = self.person(born, rng.choice("MF"), family=names.surname_of(owner.name), phone=born.year < 2007)
            return OccupantPlan(OccupantRole.FAMILY, max(since, born), member, note="子女")
        born = identity.birth_date(rng, year - 35, year - 22)
        family = names.surname_of(owner.name) if rng.random() < 0.5 else None
        member = self.person(born, rng.choice("MF"), family=family, phone=rng.random() < 0.6)
        return OccupantPlan(OccupantRole.FAMILY, since, member, note="父母")

    def _business(self, household: HouseholdPlan) -> None:
        rng = self.rng
        since = self._day_after(self.plan.delivered, (LATEST_DATE - self.plan.delivered).days)
        if rng.random() < 0.65:
            household.occupants.append(OccupantPlan(OccupantRole.OWNER, since, organization=self.organization()))
        else:
            household.occupants.append(OccupantPlan(OccupantRole.OWNER, since, self.adult(1950, 1990)))
        if rng.random() < 0.6:
            start = self._day_after(max(since, date(2015, 1, 1)), 3000)
            occupant = OccupantPlan(OccupantRole.COMMERCIAL, start, organization=self.organization(), note="租赁经营")
            household.occupants.append(occupant)

    # contacts, vehicles, parking, VIP profile
    def _extras(self, household: HouseholdPlan) -> None:
        rng = self.rng
        residential = household.room.use == RoomUse.RESIDENTIAL
        for _ in range(self._count(0.9 if residential else 0.5, 0.15)):
            contact = (names.full_name(rng, rng.choice("MF")), identity.mobile(rng), rng.choice(_RELATIONS))
            household.contacts.append(contact)
        driver = _main_person(household)
        self._vehicles(household, driver, 0.45 if residential else 0.25)
        if residential and rng.random() < 0.25:
            plate = identity.non_motor_plate(rng, self.plan.plate_prefix[0], self.plan.plate_prefix[1])
            household.vehicles.append(VehiclePlan(plate, Vehicle.Kind.NON_MOTOR, driver))
        if rng.random() < (0.015 if residential else 0.04):
            household.vip = self._vip(driver)

    def _count(self, share: float, second: float) -> int:
        if self.rng.random() >= share:
            return 0
        return 2 if self.rng.random() < second else 1

    def _vehicles(self, household: HouseholdPlan, driver: PersonPlan | None, share: float) -> None:
        rng = self.rng
        plates: set[str] = set()
        for _ in range(self._count(share, 0.15)):
            local = rng.random() < 0.8
            province = self.plan.plate_prefix[0] if local else rng.choice("京津沪渝冀豫鲁苏浙皖闽粤川鄂湘")
            plates.add(identity.motor_plate(rng, province, self.plan.plate_prefix[1]))
        for plate in sorted(plates):
            household.vehicles.append(VehiclePlan(plate, Vehicle.Kind.MOTOR, driver))
            if rng.random() < 0.7:
                household.parking.append(self._parking_space())

    def _parking_space(self) -> ParkingPlan:
        rng = self.rng
        self.parking_seq += 1
        level = 1 + self.parking_seq % 2
        code = f"B{level}-{self.parking_seq:05d}"
        if rng.random() < 0.5:
            return ParkingPlan(code, ParkingSpace.Tenure.OWNED, "", None)
        year = rng.randrange(2022, 2026)
        valid_until = date(year + 1, rng.randrange(1, 13), 1) - timedelta(days=1)
        return ParkingPlan(
            code, ParkingSpace.Tenure.RENTED, f"{self.plan.code}{year}{self.parking_seq:06d}", valid_until
        )

    def _vip(self, person: PersonPlan | None) -> dict[str, Any]:
        rng = self.rng
        return {
            "birthday": person.birthday if person else None,
            "character": rng.choice(_CHARACTER),
            "preferences": rng.choice(_PREFERENCES),
            "skills": rng.choice(_SKILLS),
            "special_requests": rng.choice(_REQUESTS),
        }


def _main_person(household: HouseholdPlan) -> PersonPlan | None:
    """Who drives the household's cars and is its VIP: a tenant if the room is let, else the owner."""
    for role in (OccupantRole.TENANT, OccupantRole.OWNER):
        for occupant in household.current:
            if occupant.role == role and occupant.person:
                return occupant.person
    return None
