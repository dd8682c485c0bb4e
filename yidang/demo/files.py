"""What is in a demo household's file (一户一档): documents, scans, checklist and timeline.

Pure functions of (household, random generator, document types): no database. Every occupied
household has a file holding, in the order it was handed in:

- the move-in set of its first owner (前期物业服务合同, 入伙通知书, 身份证明复印件 …), a few
  papers never handed in or filed as a copy where the original is required;
- the transfer papers when the room changed owner (the file is then marked ``has_transfer``);
- the renovation papers of about 40 % of homes (``has_renovation``), the acceptance record often
  still missing;
- tenancy papers where there is a tenant or a commercial occupant, vehicle and parking papers,
  the VIP profile form;
- service records over the years (repairs, callbacks, notices, complaints …), some with a title
  saying more than their type (``维修记录（卫生间漏水）``) or a note — the text search indexes.

About a quarter of the documents are scanned (one version, sometimes two); a few papers are out of
the folder. The checklist follows ``archive.checklist``: a required type whose condition holds is
satisfied by a document of that type that is an original where the type requires one and is held
in the form the type requires (paper, scan, both or either). ``checklist`` computes it here the
same way from the plan; the demo tests compare it with ``checklist_refresh`` on a seeded database.

The timeline of the household: its occupancies starting and ending, the file being opened, each
document filed and each scan uploaded. One file in ``HEAVY_EVERY`` is a thick one: exactly
``HEAVY_DOCUMENTS`` documents and, with callbacks and corrections, exactly ``HEAVY_EVENTS``
timeline events — the file ``make bench`` times the archive page with. Other files stay below
``HEAVY_DOCUMENTS`` documents, so a file with a 50th item is always a thick one.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import accumulate

from yidang.demo.households import LATEST_DATE, HouseholdPlan, OccupantPlan
from yidang.households.models import OccupantRole
from yidang.places.models import RoomUse

HEAVY_EVERY = 1000
HEAVY_DOCUMENTS = 50
HEAVY_EVENTS = 200
MAX_DOCUMENTS = HEAVY_DOCUMENTS - 5  # other files hold fewer

SCANNED_SHARE = 0.25
SECOND_VERSION_SHARE = 0.1
MISSING_SHARE = 0.04  # a required paper never handed in
COPY_SHARE = 0.02  # an original-required paper filed as a copy only
OUT_OF_FOLDER_SHARE = 0.03  # the paper is not in the folder
RENOVATION_SHARE = 0.4
NOTE_SHARE = 0.03
SERVICE_RECORDS_UP_TO = 18  # a file holds 0–17 service records besides its sets (8.5 on average)

# Event kinds, as ``timeline.models.EventKind`` stores them.
OCCUPANCY_START, OCCUPANCY_END, ARCHIVE_OPEN = "occupancy.start", "occupancy.end", "archive.open"
DOCUMENT_ADD, DOCUMENT_CHANGE, SCAN_ADD, CALLBACK = "document.add", "document.change", "scan.add", "callback"

_ROLE_LABELS: dict[str, str] = {
    OccupantRole.OWNER: "业主",
    OccupantRole.CO_OWNER: "共有人",
    OccupantRole.TENANT: "租户",
    OccupantRole.FAMILY: "家庭成员",
    OccupantRole.COMMERCIAL: "商户",
}
_MOVE_IN = [
    # (type code, share of files holding it when it applies, handed in by the owner)
    ("prelim_service_contract", 1.0, True),
    ("movein_notice", 1.0, True),
    ("owner_id_copy", 1.0, True),
    ("owners_covenant", 1.0, True),
    ("fire_safety_letter", 1.0, True),
    ("handover_record", 1.0, False),
    ("key_receipt", 1.0, False),
    ("registration_form", 1.0, True),
    ("emergency_contact_form", 1.0, True),
    ("defects_record", 0.3, False),
    ("bank_collection", 0.5, True),
]
_TRANSFER = [
    ("transfer_confirmation", 1.0),
    ("property_certificate_copy", 1.0),
    ("transfer_fire_safety_letter", 1.0),
    ("transfer_registration_form", 1.0),
    ("transfer_bank_collection", 0.5),
]
_RENOVATION = [
    ("renovation_application", 1.0),
    ("contractor_licence", 1.0),
    ("renovation_drawings", 1.0),
    ("renovation_permit", 1.0),
    ("renovation_agreement", 1.0),
    ("renovation_undertaking", 1.0),
    ("worker_register", 1.0),
    ("hot_work_permit", 0.15),
    ("extension_application", 0.1),
    ("renovation_violation", 0.05),
    ("completion_application", 0.6),
    ("pass_return_record", 0.5),
    ("renovation_acceptance", 0.8),  # an unfinished renovation has none yet
]
# Service records: (type code, weight, what the title may add in brackets)
_SERVICE: list[tuple[str, int, tuple[str, ...]]] = [
    ("repair_record", 30, ("卫生间漏水", "水管爆裂", "门禁卡失灵", "电路跳闸", "外墙渗水", "空调冷凝水", "下水道堵塞",
                           "窗户密封条老化", "对讲门铃故障", "地漏返味")),
    ("callback_record", 25, ()),
    ("notice", 20, ("停水通知", "停电检修通知", "物业费缴费通知", "消防检查通知", "电梯年检通知", "外墙清洗通知")),
    ("complaint_record", 10, ("楼上噪音扰民", "宠物粪便", "车位被占", "垃圾清运不及时", "装修噪音", "楼道堆物")),
    ("violation_arrears", 5, ("物业费欠缴", "违规搭建", "占用消防通道")),
    ("correspondence", 4, ("业主来函", "物业回函", "律师函")),
    ("photo_video", 3, ("漏水现场照片", "装修现场照片", "交房时照片")),
    ("other", 3, ()),
    ("incident_report", 1, ("高空坠物", "电动车充电起火", "水浸")),
    ("major_event", 1, ("房屋查封", "业主去世继承", "产权纠纷")),
    ("important_contract", 1, ("车位长期租赁承诺", "装修押金承诺书")),
]  # fmt: skip
_SERVICE_CODES = [code for code, _, _ in _SERVICE]
_SERVICE_CUM_WEIGHTS = list(accumulate(w for _, w, _ in _SERVICE))
_SERVICE_TOPICS = {code: topics for code, _, topics in _SERVICE}
_TITLED_SHARE = 0.3  # service records whose title names what they are about
_NOTES = [
    "原件已退还业主，留存复印件",
    "业主补签",
    "待业主补交原件",
    "随入伙资料一并移交",
    "与前业主资料合并归档",
    "经理已审核",
]
_COPY_HELD_BY = ["业主本人保管", "开发商档案室", "房管局", "业主委托人处"]
_CALLBACKS = ["回访：维修完成，业主满意", "回访：投诉处理结果已告知", "回访：业主未接电话", "回访：业主提出新的诉求"]


@dataclass(frozen=True)
class TypeSpec:
    """A document type as configured (``archive.DocumentType``), what the generator needs of it."""

    id: int
    code: str
    name: str
    required: bool
    condition: str
    original_required: bool
    required_form: str
    retention_class: str
    retention_years: int | None


@dataclass(slots=True)
class ScanPlan:
    version: int
    sample: int  # which of the sample scan files
    at: datetime
    pk: int = 0


@dataclass(slots=True)
class DocumentPlan:
    type: TypeSpec
    title: str
    day: date
    at: datetime  # when it was filed
    source: str
    is_original: bool = True
    original_location: str = ""
    pages: int = 1
    note: str = ""
    paper_present: bool = True
    scans: list[ScanPlan] = field(default_factory=list)
    item_no: int = 0
    pk: int = 0


@dataclass(slots=True)
class EventPlan:
    at: datetime
    kind: str
    summary: str
    document: DocumentPlan | None = None
    scan: ScanPlan | None = None


@dataclass
class FilePlan:
    opened_at: datetime
    has_renovation: bool
    has_transfer: bool
    conditions: set[str]
    documents: list[DocumentPlan]
    events: list[EventPlan]
    heavy: bool = False
    pk: int = 0


def satisfies(t: TypeSpec, doc: DocumentPlan) -> bool:
    """``archive.checklist._satisfying_documents`` for one document of type ``t``."""
    if t.original_required and not doc.is_original:
        return False
    paper, scan = doc.paper_present, bool(doc.scans)
    form = t.required_form
    if form == "paper":
        return paper
    if form == "scan":
        return scan
    if form == "both":
        return paper and scan
    return paper or scan


def checklist(file: FilePlan, types: Iterable[TypeSpec]) -> dict[int, bool]:
    """Required type id → satisfied, for the required types whose condition holds for the file."""
    applicable = {t.id: t for t in types if t.required and t.condition in file.conditions}
    done = {d.type.id for d in file.documents if d.type.id in applicable and satisfies(d.type, d)}
    return {type_id: type_id in done for type_id in applicable}


def conditions_of(household: HouseholdPlan, has_renovation: bool, has_transfer: bool) -> set[str]:
    """``archive.checklist.conditions_met`` from the plan: the household's current occupants and flags."""
    met = {"always"}
    current = household.current
    if any(o.role == OccupantRole.TENANT for o in current):
        met.add("has_tenant")
    if any(o.role in (OccupantRole.OWNER, OccupantRole.CO_OWNER) and o.organization for o in current):
        met.add("company_owner")
    if has_renovation:
        met.add("has_renovation")
    if has_transfer:
        met.add("has_transfer")
    return met


def _name(o: OccupantPlan) -> str:
    if o.person:
        return o.person.name
    return o.organization.name if o.organization else ""


class FileMaker:
    """Makes the files of one project's households, in order; every ``HEAVY_EVERY``-th is thick."""

    def __init__(self, rng: random.Random, types: dict[str, TypeSpec], tz: tzinfo) -> None:
        self.rng = rng
        self.types = types
        self.tz = tz
        self.files = 0

    def make(self, household: HouseholdPlan) -> FilePlan | None:
        """The file of an occupied household; None for a vacant room (it has none)."""
        if not household.current:
            return None
        self.files += 1
        heavy = self.files % HEAVY_EVERY == 0
        rng = self.rng
        starts = sorted(o.start for o in household.occupants)
        opened = self._at(starts[0], 10)
        owners = sorted((o for o in household.occupants if o.role == OccupantRole.OWNER), key=lambda o: o.start)
        first_owner = owners[0] if owners else household.current[0]
        transfer = next((o for o in owners if o.end is not None), None)
        residential = household.room.use == RoomUse.RESIDENTIAL
        renovation = residential and rng.random() < RENOVATION_SHARE
        docs: list[DocumentPlan] = []
        self._move_in(docs, household, first_owner)
        if transfer is not None:
            new_owner = next((o for o in owners if o.start >= (transfer.end or LATEST_DATE)), first_owner)
            for code, share in _TRANSFER:
                self._add(docs, code, share, transfer.end or first_owner.start, _name(new_owner), required_share=True)
        if renovation:
            begun = self._after(first_owner.start, 400)
            for code, share in _RENOVATION:
                self._add(
                    docs,
                    code,
                    share,
                    self._after(begun, 90),
                    "施工单位",
                    required_share=code != "renovation_acceptance",
                )
        for o in household.current:
            if o.role in (OccupantRole.TENANT, OccupantRole.COMMERCIAL):
                self._add(docs, "tenancy_registration", 1.0, o.start, _name(o), required_share=True)
                self._add(docs, "lease_copy", 1.0, o.start, _name(o), required_share=True)
        for vehicle in household.vehicles:
            if vehicle.kind == "motor":
                self._add(docs, "vehicle_registration", 1.0, self._after(first_owner.start, 800), "业户")
        for space in household.parking:
            self._add(docs, "parking_agreement", 1.0, self._after(first_owner.start, 800), "业户")
            if space.permit_no:
                self._add(docs, "parking_permit", 1.0, self._after(first_owner.start, 800), "业户")
        if household.vip:
            self._add(docs, "vip_profile_form", 1.0, self._after(first_owner.start, 1500), "客服中心")
        wanted = HEAVY_DOCUMENTS if heavy else min(MAX_DOCUMENTS, len(docs) + self._below(SERVICE_RECORDS_UP_TO))
        for _ in range(4 * HEAVY_DOCUMENTS):  # bounded: an administrator may have removed the service types
            if len(docs) >= wanted:
                break
            self._service(docs, first_owner.start)
        docs = docs[:wanted] if heavy else docs[:MAX_DOCUMENTS]
        docs.sort(key=lambda d: d.at)
        for no, doc in enumerate(docs, 1):
            doc.item_no = no
        file = FilePlan(
            opened_at=opened,
            has_renovation=renovation,
            has_transfer=transfer is not None,
            conditions=conditions_of(household, renovation, transfer is not None),
            documents=docs,
            events=[],
            heavy=heavy,
        )
        file.events = self._events(household, file)
        return file

    # documents (``_below`` rather than ``randrange``: this runs some 100 million times at a million households)
    def _below(self, n: int) -> int:
        return int(self.rng.random() * n)

    def _at(self, day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour, self._below(60)), self.tz)

    def _after(self, start: date, days: int) -> date:
        return min(start + timedelta(days=self._below(days)), LATEST_DATE)

    def _move_in(self, docs: list[DocumentPlan], household: HouseholdPlan, owner: OccupantPlan) -> None:
        company = bool(owner.organization)
        for code, share, by_owner in _MOVE_IN:
            self._add(docs, code, share, owner.start, _name(owner) if by_owner else "客服中心", required_share=True)
            if code == "owner_id_copy" and company:
                self._add(docs, "business_licence", 1.0, owner.start, _name(owner), required_share=True)

    def _add(
        self, docs: list[DocumentPlan], code: str, share: float, day: date, source: str, *, required_share: bool = False
    ) -> DocumentPlan | None:
        """File a paper of type ``code`` with probability ``share`` (less the missing share for the
        required set); None when it was not handed in or the type is not configured."""
        rng = self.rng
        t = self.types.get(code)
        if t is None or rng.random() >= share or (required_share and t.required and rng.random() < MISSING_SHARE):
            return None
        doc = DocumentPlan(type=t, title=t.name, day=day, at=self._at(self._after(day, 4), 9 + self._below(8)),
                           source=source, pages=1 + int(rng.expovariate(0.5)))  # fmt: skip
        if not t.original_required and ("复印件" in t.name or "执照" in t.name):
            doc.is_original, doc.original_location = False, rng.choice(_COPY_HELD_BY)
        elif t.original_required and rng.random() < COPY_SHARE:
            doc.is_original, doc.original_location = False, rng.choice(_COPY_HELD_BY)
            doc.note = "原件未交，仅留复印件"
        if rng.random() < OUT_OF_FOLDER_SHARE:
            doc.paper_present = False
        if rng.random() < NOTE_SHARE and not doc.note:
            doc.note = rng.choice(_NOTES)
        if t.required_form in ("scan", "both") or rng.random() < SCANNED_SHARE:
            self._scan(doc)
        docs.append(doc)
        return doc

    def _scan(self, doc: DocumentPlan) -> None:
        rng = self.rng
        first = self._below(3)
        doc.scans.append(ScanPlan(1, first, doc.at + timedelta(days=1 + self._below(59), minutes=self._below(600))))
        if rng.random() < SECOND_VERSION_SHARE:  # a better scan later: another file, never the same bytes
            at = doc.scans[0].at + timedelta(days=1 + self._below(399))
            doc.scans.append(ScanPlan(2, (first + 1 + self._below(2)) % 3, at))

    def _service(self, docs: list[DocumentPlan], since: date) -> None:
        rng = self.rng
        code = rng.choices(_SERVICE_CODES, cum_weights=_SERVICE_CUM_WEIGHTS)[0]
        day = self._after(since, max(1, (LATEST_DATE - since).days))
        source = "工程部" if code == "repair_record" else "客服中心"
        doc = self._add(docs, code, 1.0, day, source)
        topics = _SERVICE_TOPICS.get(code, ())
        if doc is not None and topics and rng.random() < _TITLED_SHARE:
            doc.title = f"{doc.type.name}（{rng.choice(topics)}）"

    # the timeline
    def _events(self, household: HouseholdPlan, file: FilePlan) -> list[EventPlan]:
        events: list[EventPlan] = []
        for o in household.occupants:
            label = f"{_ROLE_LABELS.get(o.role, o.role)} {_name(o)}"
            events.append(EventPlan(self._at(o.start, 9), OCCUPANCY_START, f"{label} 入住登记"))
            if o.end is not None:
                events.append(EventPlan(self._at(o.end, 9), OCCUPANCY_END, f"{label} 入住结束 {o.note}".strip()))
        events.append(EventPlan(file.opened_at, ARCHIVE_OPEN, "建立档案"))  # the number is added when written
        for doc in file.documents:
            events.append(EventPlan(doc.at, DOCUMENT_ADD, f"归档 第{doc.item_no}件 {doc.title}", doc))
            for scan in doc.scans:
                summary = f"上传扫描件 第{doc.item_no}件 {doc.title}（第{scan.version}版）"
                events.append(EventPlan(scan.at, SCAN_ADD, summary, doc, scan))
        if file.heavy:
            self._pad(events, file)
        return events

    def _pad(self, events: list[EventPlan], file: FilePlan) -> None:
        """A thick file's timeline, made up to exactly ``HEAVY_EVENTS`` with callbacks and corrections."""
        rng = self.rng
        del events[HEAVY_EVENTS:]
        while len(events) < HEAVY_EVENTS:
            doc = rng.choice(file.documents)
            at = doc.at + timedelta(days=1 + self._below(899), minutes=self._below(600))
            if rng.random() < 0.5:
                events.append(EventPlan(at, DOCUMENT_CHANGE, f"修改 第{doc.item_no}件 {doc.title}", doc))
            else:
                events.append(EventPlan(at, CALLBACK, rng.choice(_CALLBACKS)))
