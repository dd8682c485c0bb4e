"""Loading demo data: the demo projects with their households, and the demo users.

``demo_seed`` is a bulk load, not a series of user actions: it writes rows in batches of
``BATCH_HOUSEHOLDS`` households per transaction (bounded memory, one million households in one
run) — each household with its file, documents, scans and timeline (``files``) — and records the
load as one summary audit row (``demo.seed``) instead of a row per record. The summary row is
written last, so a seed that was interrupted has none. A large seed (``SET_ASIDE_FROM`` households
and more, PostgreSQL) loads the household and file tables with their secondary indexes and
constraints set aside and builds them once at the end (``core.bulk.indexes_set_aside``), before
that summary row.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.accounts.models import Department, User
from yidang.accounts.roles import Role
from yidang.archive.models import RETENTION_YEARS, Archive, ChecklistItem, Document, DocumentType, RetentionClass, Scan
from yidang.audit.actions import Change, audit_record
from yidang.audit.models import AuditEvent
from yidang.core.bulk import indexes_set_aside
from yidang.core.errors import DomainError
from yidang.demo import SEED_VERSION
from yidang.demo.files import FileMaker, TypeSpec
from yidang.demo.files_loader import files_write
from yidang.demo.households import HouseholdMaker, HouseholdPlan
from yidang.demo.identity import ResidentIds
from yidang.demo.layout import DEMO_PROJECTS, ProjectPlan, RoomPlan, buildings_of, project_plans
from yidang.demo.loader import households_write, places_create
from yidang.demo.scans import SampleScan, sample_scans_store
from yidang.households.models import EmergencyContact, Occupancy, ParkingSpace, SearchToken, Vehicle, VipProfile
from yidang.people.models import Organization, Person
from yidang.places.models import Company, Project, Room
from yidang.timeline.models import TimelineEvent

BATCH_HOUSEHOLDS = 10_000
SET_ASIDE_FROM = 50_000
COMPANY_NAME = "示例物业服务有限公司"
DEMO_PASSWORD = "yidang-demo"
SEED_ACTION = "demo.seed"

# the tables a seed fills by the hundred thousand (buildings and units are few)
SEEDED_MODELS = [Room, Person, Organization, Occupancy, EmergencyContact, Vehicle, ParkingSpace, VipProfile,
                 SearchToken, Archive, ChecklistItem, Document, Scan, TimelineEvent]  # fmt: skip
Progress = Callable[[str, int, int], None]  # project code, households written, households planned


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    projects: tuple[str, ...]
    display_name: str = ""
    department: str = Department.CUSTOMER_SERVICE


DEMO_USERS = [
    DemoUser("archivist", Role.ARCHIVIST, ("HY",), "林晓燕"),
    DemoUser("assistant", Role.CS_ASSISTANT, ("HY",), "张敏"),
    DemoUser("supervisor", Role.CS_SUPERVISOR, ("HY",), "刘洋"),
    DemoUser("manager", Role.CS_MANAGER, ("HY",), "陈志强"),
    DemoUser("gm", Role.GENERAL_MANAGER, ("HY",), "赵国平", Department.MANAGEMENT),
    DemoUser("engineer", Role.ENGINEERING, ("HY",), "孙建华", Department.ENGINEERING),
    DemoUser("jm_assistant", Role.CS_ASSISTANT, ("JM",), "周婷"),
]


@dataclass
class SeedSummary:
    households: int = 0
    projects: list[str] = field(default_factory=list)
    rows: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


def demo_projects_have_households(codes: list[str] | None = None) -> bool:
    codes = codes or [p.code for p in DEMO_PROJECTS]
    return Room.objects.filter(project__code__in=codes).exists()


def demo_seed(
    *,
    households: int,
    seed: int = 1,
    progress: Progress | None = None,
    set_aside: bool | None = None,
    log: Callable[[str], None] | None = None,
) -> SeedSummary:
    """Seed ``households`` rooms (about 85 % occupied) over the demo projects, deterministic from ``seed``.

    Refuses (DomainError) when the projects already hold rooms: a seed only fills empty projects.
    ``set_aside`` (default: from ``SET_ASIDE_FROM`` households) loads without the secondary indexes and
    constraints of the tables it fills; ``log`` hears how long building each one back took.
    """
    if households < 1:
        raise DomainError(_("住户数量至少为 1"))
    plans = project_plans(households)
    if demo_projects_have_households([p.code for p in plans]):
        raise DomainError(_("演示项目中已有住户数据；请使用 --if-empty 跳过，或换一个空数据库"))
    started = time.monotonic()
    summary = SeedSummary(households=households, projects=[p.code for p in plans])
    ids = ResidentIds()
    with transaction.atomic():
        company, _created = Company.objects.get_or_create(name=COMPANY_NAME)
        projects = [project_ensure(plan=plan, company=company) for plan in plans]
    filing = Filing(types=type_specs(), samples=sample_scans_store(), seed=seed)
    aside = SEEDED_MODELS if (households >= SET_ASIDE_FROM if set_aside is None else set_aside) else []
    with indexes_set_aside(aside, log):
        for plan, project in zip(plans, projects, strict=True):
            rng = random.Random(f"yidang-demo:{seed}:{plan.code}")
            summary.rows += _project_seed(plan, project, rng, ids, filing, progress)
    summary.seconds = time.monotonic() - started
    with transaction.atomic():
        after = {
            "households": households,
            "seed": seed,
            "projects": summary.projects,
            "rows": dict(summary.rows),
            "seconds": round(summary.seconds, 1),
            "version": SEED_VERSION,
        }
        audit_record(actor=None, change=Change(SEED_ACTION, company, after=after))
    return summary


def project_ensure(*, plan: ProjectPlan, company: Company) -> Project:
    """The project ``plan`` names, created when missing (part of a seed's transaction)."""
    project, _created = Project.objects.get_or_create(
        code=plan.code,
        defaults={"company": company, "name": plan.name, "form": plan.form, "use": plan.use, "address": plan.address},
    )
    return project


@dataclass(frozen=True)
class Filing:
    """What every project's files are made of: the configured document types and the sample scans."""

    types: list[TypeSpec]
    samples: list[SampleScan]
    seed: int


def type_specs() -> list[TypeSpec]:
    """The document types as configured now, with the retention a document of each type gets."""
    return [
        TypeSpec(
            id=t.pk,
            code=t.code,
            name=t.name,
            required=t.required,
            condition=t.condition,
            original_required=t.original_required,
            required_form=t.required_form,
            retention_class=t.retention_class,
            retention_years=t.retention_years
            if t.retention_class == RetentionClass.CUSTOM
            else RETENTION_YEARS.get(RetentionClass(t.retention_class)),
        )
        for t in DocumentType.objects.order_by("pk")
    ]


def _project_seed(
    plan: ProjectPlan,
    project: Project,
    rng: random.Random,
    ids: ResidentIds,
    filing: Filing,
    progress: Progress | None,
) -> Counter[str]:
    layout = list(buildings_of(plan, rng))
    with transaction.atomic():
        building_ids, unit_ids = places_create(project, [b for b, _rooms in layout])
    maker = HouseholdMaker(plan, rng, ids)
    # the files draw from their own generator, so the households are the same as without them
    files = FileMaker(
        random.Random(f"yidang-demo-files:{filing.seed}:{plan.code}"),
        {t.code: t for t in filing.types},
        timezone.get_default_timezone(),
    )
    rows: Counter[str] = Counter(buildings=len(building_ids), units=len(unit_ids))
    done = 0
    for batch in _batches((room for _building, rooms in layout for room in rooms), BATCH_HOUSEHOLDS):
        households: list[HouseholdPlan] = [maker.make(room) for room in batch]
        with transaction.atomic():
            rows += households_write(project, building_ids, unit_ids, households)
            plans = [files.make(h) for h in households]
            rows += files_write(project, households, plans, filing.types, filing.samples)
        done += len(batch)
        if progress:
            progress(plan.code, done, plan.households)
    return rows


def _batches(rooms: Iterator[RoomPlan], size: int) -> Iterator[list[RoomPlan]]:
    batch: list[RoomPlan] = []
    for room in rooms:
        batch.append(room)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def last_seed() -> AuditEvent | None:
    """The summary row of the last completed seed, if any."""
    return AuditEvent.objects.filter(action=SEED_ACTION).order_by("-seq").first()


@transaction.atomic
def demo_user_ensure(*, spec: DemoUser, actor: Any = None) -> User:
    """The demo user ``spec`` names, created with the demo password when missing.

    Idempotent: an existing user keeps its password; the role's group and the projects are added
    when missing (never removed). Writes an audit row when anything was created or added.
    """
    user, created = User.objects.get_or_create(
        username=spec.username, defaults={"display_name": spec.display_name, "department": spec.department}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    group = Group.objects.get(name=spec.role.value)
    added_group = not user.groups.filter(pk=group.pk).exists()
    if added_group:
        user.groups.add(group)
    wanted = [_project(code) for code in spec.projects]
    missing = [p for p in wanted if not user.projects.filter(pk=p.pk).exists()]
    user.projects.add(*missing)
    if created or added_group or missing:
        after = {"username": user.username, "role": spec.role.value, "projects": [p.code for p in missing]}
        audit_record(actor=actor, change=Change("user.create" if created else "user.update", user, after=after))
    return user


def _project(code: str) -> Project:
    """An existing project, or one of the two demo projects, made when missing."""
    project = Project.objects.filter(code=code).first()
    if project is not None:
        return project
    plan = next((p for p in DEMO_PROJECTS if p.code == code), None)
    if plan is None:
        raise DomainError(_("项目 %(code)s 不存在") % {"code": code})
    company, _created = Company.objects.get_or_create(name=COMPANY_NAME)
    return project_ensure(plan=plan, company=company)


def demo_users_ensure(*, actor: Any = None) -> list[User]:
    """The demo users of ``DEMO_USERS`` (password ``yidang-demo``)."""
    return [demo_user_ensure(spec=spec, actor=actor) for spec in DEMO_USERS]
