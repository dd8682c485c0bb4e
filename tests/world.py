"""Builders for the shared test world (used through the ``world`` fixture)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import Group

from yidang.accounts.models import Department, User
from yidang.accounts.roles import Role
from yidang.households.actions import household_occupant_add, vehicle_add
from yidang.households.models import OccupantRole
from yidang.people.actions import PersonData
from yidang.places.actions import room_create
from yidang.places.models import Company, Project, Room

PASSWORD = "yidang-test-pass"
# Valid GB 11643 numbers (checksums computed by yidang.people.idnumbers).
ID_ZHANG_WEI = "11010519491231002X"
ID_OUYANG = "440304198001011239"


def make_user(
    username: str, role: Role | None, projects: list[Project], department: str = Department.CUSTOMER_SERVICE
) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, department=department)
    if role is not None:
        user.groups.add(Group.objects.get(name=role.value))
    user.projects.set(projects)
    return user


@dataclass
class World:
    hy: Project
    jm: Project
    users: dict[str, User] = field(default_factory=dict)
    rooms: dict[str, Room] = field(default_factory=dict)

    def __getattr__(self, name: str) -> User:
        try:
            return self.users[name]
        except KeyError:
            raise AttributeError(name) from None


def build_world() -> World:
    company = Company.objects.create(name="示例物业服务有限公司")
    hy = Project.objects.create(company=company, code="HY", name="华苑小区", form="estate", use="residential")
    jm = Project.objects.create(company=company, code="JM", name="金茂大厦", form="tower", use="commercial")
    w = World(hy=hy, jm=jm)
    w.users = {
        "archivist": make_user("archivist", Role.ARCHIVIST, [hy]),
        "assistant": make_user("assistant", Role.CS_ASSISTANT, [hy]),
        "supervisor": make_user("supervisor", Role.CS_SUPERVISOR, [hy]),
        "manager": make_user("manager", Role.CS_MANAGER, [hy]),
        "gm": make_user("gm", Role.GENERAL_MANAGER, [hy], Department.MANAGEMENT),
        "engineer": make_user("engineer", Role.ENGINEERING, [hy], Department.ENGINEERING),
        "jm_assistant": make_user("jm_assistant", Role.CS_ASSISTANT, [jm]),
    }
    actor = w.users["archivist"]
    w.rooms["hy1503"] = room_create(project=hy, building_code="A2", unit_code="1", floor=15, number="1503", actor=actor)
    household_occupant_add(
        room=w.rooms["hy1503"],
        role=OccupantRole.OWNER,
        actor=actor,
        person_data=PersonData(name="张伟", sex="M", id_number=ID_ZHANG_WEI, phone="13812345678"),
    )
    vehicle_add(room=w.rooms["hy1503"], plate="京A12345", actor=actor)
    w.rooms["hy0801"] = room_create(project=hy, building_code="B1", floor=8, number="801", actor=actor)
    household_occupant_add(
        room=w.rooms["hy0801"],
        role=OccupantRole.OWNER,
        actor=actor,
        person_data=PersonData(name="欧阳娜娜", sex="F", id_number=ID_OUYANG, phone="13900001111"),
    )
    w.rooms["hy0802"] = room_create(project=hy, building_code="B1", floor=8, number="802", actor=actor)
    jm_actor = w.users["jm_assistant"]
    w.rooms["jm1503"] = room_create(project=jm, building_code="T1", floor=15, number="1503", actor=jm_actor)
    household_occupant_add(
        room=w.rooms["jm1503"],
        role=OccupantRole.OWNER,
        actor=jm_actor,
        person_data=PersonData(name="张伟", sex="M", phone="13812349999"),
    )
    return w
