"""Changes of stocktakes and the storage-care log. Each is one transaction with its audit row.

A scan, a tick, putting a folder back, recording it where it was found and closing the count are
each their own action, so the audit trail shows the count as it was walked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of
from yidang.accounts.roles import Role
from yidang.archive.models import Archive
from yidang.audit.actions import Change, audit_record
from yidang.core.errors import DomainError
from yidang.notifications.actions import Notice, notify_many
from yidang.shelving.actions import folder_move
from yidang.shelving.models import Location, LocationKind
from yidang.stocktake.models import (
    CareCheck,
    CareKind,
    Condition,
    Outcome,
    ScanMethod,
    Stocktake,
    StocktakeLine,
    StocktakeScan,
    StocktakeStatus,
)
from yidang.stocktake.queries import (
    care_due,
    expected_folders,
    folder_of_code,
    in_subtree,
    location_of_code,
    reconcile,
    scan_outcome,
)

CODE_MAX = 200


def _require(actor: Any, project_id: int, perm: str, message: str) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.has_perm(perm):
        raise DomainError(message, code="forbidden")
    if project_id not in project_ids_of(actor):
        raise DomainError(message, code="forbidden")


def _lock(stocktake: Stocktake) -> Stocktake:
    """Re-read a stocktake with its row lock: scans and the close of one count serialise here."""
    return Stocktake.objects.select_for_update(of=("self",)).select_related("area", "project").get(pk=stocktake.pk)


def _open(stocktake: Stocktake, actor: Any) -> Stocktake:
    stocktake = _lock(stocktake)
    _require(actor, stocktake.project_id, "stocktake.add_stocktake", _("只有本项目的档案管理员可以清点"))
    if not stocktake.is_open:
        raise DomainError(_("本次清点已完成，不能再修改"), code="conflict")
    return stocktake


def _audit(actor: Any, action: str, obj: Any, project_id: int, **after: Any) -> None:
    audit_record(actor=actor, change=Change(action, obj, after=after, project_id=project_id))


# ---- a stocktake ---------------------------------------------------------------------------------


@transaction.atomic
def stocktake_start(*, area: Location, actor: Any, note: str = "") -> Stocktake:
    """Begin counting a storage area (a room, cabinet, shelf or box). One open count per area."""
    _require(actor, area.project_id, "stocktake.add_stocktake", _("只有本项目的档案管理员可以开始清点"))
    try:
        with transaction.atomic():
            stocktake = Stocktake.objects.create(
                project_id=area.project_id, area=area, started_by=actor, started_at=timezone.now(), note=note.strip()
            )
    except IntegrityError:
        raise DomainError(_("%(area)s 已有进行中的清点，请继续该清点") % {"area": area.code}, code="conflict") from None
    _audit(actor, "stocktake.start", stocktake, area.project_id, area=area.code, note=stocktake.note)
    return stocktake


@dataclass(frozen=True)
class ScanResult:
    """What a scan meant: a place (``place`` is where the next folders are), a folder, or an unknown code."""

    kind: str  # "place", "folder", "unknown", "again"
    message: str
    outcome: str = ""
    place: Location | None = None
    scan: StocktakeScan | None = None


def _clean_code(text: str) -> str:
    code = text.strip()
    if not code:
        raise DomainError(_("请扫描或输入档案号 / 位置编码"), field="code")
    if len(code) > CODE_MAX:
        raise DomainError(_("编码过长（最多 %(n)s 个字符），请重新扫描") % {"n": CODE_MAX}, field="code")
    return code


@transaction.atomic
def stocktake_scan(*, stocktake: Stocktake, text: str, actor: Any, place: Location | None = None) -> ScanResult:
    """A code typed or scanned during the count.

    A location label in the area says where the archivist now stands (``place``, the scope the next
    folders are checked against); a folder label or archive number is recorded as found there; anything
    else is kept as an unknown code. A folder already counted is not counted twice.
    """
    stocktake = _open(stocktake, actor)
    code, area = _clean_code(text), stocktake.area
    if place is not None and not in_subtree(place, area):
        place = None
    folder = folder_of_code(stocktake.project_id, code)
    if folder is None:
        location = location_of_code(stocktake.project_id, code)
        if location is not None:
            return _place(stocktake, location, actor)
        return _unknown(stocktake, code, actor, place)
    return _found(stocktake, folder, actor, place, ScanMethod.SCAN)


def _place(stocktake: Stocktake, location: Location, actor: Any) -> ScanResult:
    if not in_subtree(location, stocktake.area):
        raise DomainError(
            _("位置 %(code)s 不在本次清点范围（%(area)s）内") % {"code": location.code, "area": stocktake.area.code},
            field="code",
        )
    message = _("当前清点位置：%(place)s") % {"place": f"{location.code} {location.display_name}"}
    return ScanResult("place", message, place=location)


def _unknown(stocktake: Stocktake, code: str, actor: Any, place: Location | None) -> ScanResult:
    code = code_of_unknown(code)
    if StocktakeScan.objects.filter(stocktake=stocktake, archive__isnull=True, code=code).exists():
        return ScanResult("again", _("编码 %(c)s 已登记为无法识别") % {"c": code}, outcome=Outcome.UNKNOWN)
    scan = StocktakeScan.objects.create(
        stocktake=stocktake, code=code, found_at=place, scanned_by=actor, scanned_at=timezone.now()
    )
    _audit(actor, "stocktake.scan", stocktake, stocktake.project_id, code=code, outcome=Outcome.UNKNOWN)
    message = _("无法识别的编码：%(c)s（不是本项目的档案袋或位置）") % {"c": code}
    return ScanResult("unknown", message, outcome=Outcome.UNKNOWN, place=place, scan=scan)


def code_of_unknown(code: str) -> str:
    """Unknown codes are kept as typed, in upper case, so the same label scanned twice is one line."""
    return code.strip().upper()


def _found(stocktake: Stocktake, folder: Archive, actor: Any, place: Location | None, method: str) -> ScanResult:
    again = StocktakeScan.objects.filter(stocktake=stocktake, archive=folder).first()
    if again is not None:
        outcome = scan_outcome(again, stocktake.area)
        return ScanResult("again", _("%(n)s 已清点过") % {"n": folder.number}, outcome=outcome, place=place)
    scan = StocktakeScan.objects.create(
        stocktake=stocktake,
        code=folder.number,
        archive=folder,
        found_at=place,
        expected_at=folder.location,
        method=method,
        scanned_by=actor,
        scanned_at=timezone.now(),
    )
    scan.archive = folder
    outcome = scan_outcome(scan, stocktake.area)
    _audit(
        actor,
        "stocktake.scan",
        stocktake,
        stocktake.project_id,
        archive=folder.number,
        method=method,
        found_at=place.code if place else None,
        outcome=outcome,
    )
    if outcome == Outcome.IN_PLACE:
        message = _("%(n)s 在架，位置正确") % {"n": folder.number}
    else:
        where = folder.location.code if folder.location else _("未上架")
        message = _("%(n)s 错位：账面位置 %(where)s") % {"n": folder.number, "where": where}
    return ScanResult("folder", message, outcome=outcome, place=place, scan=scan)


@transaction.atomic
def stocktake_tick(*, stocktake: Stocktake, archive: Archive, actor: Any) -> ScanResult:
    """The archivist ticks a folder of the list as seen on its recorded place (no label to scan)."""
    stocktake = _open(stocktake, actor)
    if not expected_folders(stocktake.area).filter(pk=archive.pk).exists():
        raise DomainError(_("档案袋 %(n)s 不在本次清点范围的账面上") % {"n": archive.number})
    archive = Archive.objects.select_related("location").get(pk=archive.pk)
    return _found(stocktake, archive, actor, archive.location, ScanMethod.TICK)


def _misplaced_scan(scan: StocktakeScan, actor: Any) -> tuple[Stocktake, StocktakeScan]:
    stocktake = _open(scan.stocktake, actor)
    scan = StocktakeScan.objects.select_related("archive", "found_at", "expected_at").get(pk=scan.pk)
    if scan_outcome(scan, stocktake.area) != Outcome.MISPLACED or scan.archive is None:
        raise DomainError(_("该档案袋不是错位的档案袋"))
    if scan.put_back_at is not None:
        raise DomainError(_("档案袋 %(n)s 已放回原位") % {"n": scan.archive.number}, code="conflict")
    return stocktake, scan


@transaction.atomic
def stocktake_put_back(*, scan: StocktakeScan, actor: Any) -> StocktakeScan:
    """A misplaced folder was carried back to the place the ledger gives; the ledger stays as it is."""
    stocktake, scan = _misplaced_scan(scan, actor)
    archive = scan.archive
    assert archive is not None
    archive.refresh_from_db(fields=["location"])
    if archive.location_id is None:
        raise DomainError(_("档案袋 %(n)s 没有账面位置，请按发现位置登记") % {"n": archive.number})
    scan.put_back_at = timezone.now()
    scan.save(update_fields=["put_back_at"])
    place = Location.objects.get(pk=archive.location_id)
    _audit(actor, "stocktake.put_back", stocktake, stocktake.project_id, archive=archive.number, to=place.code)
    return scan


@transaction.atomic
def stocktake_rehome(*, scan: StocktakeScan, actor: Any) -> StocktakeScan:
    """A misplaced folder stays where it was found: the shelving move records that place as its own."""
    stocktake, scan = _misplaced_scan(scan, actor)
    archive, found = scan.archive, scan.found_at
    assert archive is not None
    if found is None:
        raise DomainError(_("扫描该档案袋前没有扫描位置标签，无法确定发现位置；请放回原位"))
    reason = _("清点时在此发现（清点 #%(id)s）") % {"id": stocktake.pk}
    folder_move(archive=archive, to_location=found, actor=actor, reason=reason)
    _audit(actor, "stocktake.rehome", stocktake, stocktake.project_id, archive=archive.number, to=found.code)
    return scan


@transaction.atomic
def stocktake_close(*, stocktake: Stocktake, actor: Any, note: str = "") -> Stocktake:
    """Finish the count: its counts and every line (found, misplaced, missing, unknown, on loan) are kept."""
    stocktake = _open(stocktake, actor)
    result = reconcile(stocktake)
    StocktakeLine.objects.bulk_create(
        [
            StocktakeLine(
                stocktake=stocktake,
                outcome=line.outcome,
                archive=line.archive,
                code=line.code[:200],
                expected_location=line.expected,
                found_location=line.found,
                loan=line.loan,
                note=line.note[:200],
            )
            for line in result.lines
        ],
        batch_size=500,
    )
    counts = result.counts
    for outcome, n in counts.items():
        setattr(stocktake, outcome, n)
    stocktake.expected = result.expected
    stocktake.status, stocktake.closed_by, stocktake.closed_at = StocktakeStatus.CLOSED, actor, timezone.now()
    if note.strip():
        stocktake.note = (f"{stocktake.note}\n{note.strip()}" if stocktake.note else note.strip())[:500]
    stocktake.save()
    _audit(actor, "stocktake.close", stocktake, stocktake.project_id, expected=result.expected, **counts)
    return stocktake


# ---- the storage-care log ------------------------------------------------------------------------


@dataclass
class CareCheckData:
    """What the archivist writes down after a walk or a full check."""

    kind: str
    checked_on: date
    damp: str = Condition.OK
    insects: str = Condition.OK
    damage: str = Condition.OK
    temperature: Decimal | None = None
    humidity: int | None = None
    findings: str = ""
    follow_up: str = ""


def _check_care(data: CareCheckData) -> None:
    if data.kind not in CareKind.values:
        raise DomainError(_("检查类型无效"), field="kind")
    for name in ("damp", "insects", "damage"):
        if getattr(data, name) not in Condition.values:
            raise DomainError(_("检查结果无效"), field=name)
    today = timezone.localdate()
    if data.checked_on > today:
        raise DomainError(_("检查日期不能晚于今天"), field="checked_on")
    if data.checked_on < today - timedelta(days=31):
        raise DomainError(_("只能补登 31 天内的检查"), field="checked_on")
    if data.humidity is not None and not 0 <= data.humidity <= 100:
        raise DomainError(_("相对湿度须在 0–100% 之间"), field="humidity")
    if data.temperature is not None and not Decimal(-30) <= data.temperature <= Decimal(60):
        raise DomainError(_("温度须在 -30–60℃ 之间"), field="temperature")
    problem = Condition.PROBLEM in (data.damp, data.insects, data.damage)
    if problem and not data.findings.strip():
        raise DomainError(_("发现受潮、虫蛀或破损时，请写明发现的问题"), field="findings")
    if problem and not data.follow_up.strip():
        raise DomainError(_("发现问题时，请写明处理措施"), field="follow_up")


@transaction.atomic
def care_check_record(*, room: Location, data: CareCheckData, actor: Any) -> CareCheck:
    """Log a weekly walk or a monthly full check of a storage room, with its findings and follow-up."""
    _require(actor, room.project_id, "stocktake.add_carecheck", _("只有本项目的档案管理员可以登记库房检查"))
    if room.kind != LocationKind.ROOM:
        raise DomainError(_("库房检查按档案室登记，请选择档案室"), field="room")
    _check_care(data)
    check = CareCheck.objects.create(
        project_id=room.project_id,
        room=room,
        kind=data.kind,
        checked_on=data.checked_on,
        checked_by=actor,
        damp=data.damp,
        insects=data.insects,
        damage=data.damage,
        temperature=data.temperature,
        humidity=data.humidity,
        findings=data.findings.strip(),
        follow_up=data.follow_up.strip(),
        recorded_at=timezone.now(),
    )
    after = {
        "room": room.code,
        "kind": data.kind,
        "checked_on": data.checked_on.isoformat(),
        "damp": data.damp,
        "insects": data.insects,
        "damage": data.damage,
        "findings": check.findings,
        "follow_up": check.follow_up,
    }
    audit_record(actor=actor, change=Change("carecheck.record", check, after=after, project_id=room.project_id))
    return check


@transaction.atomic
def care_check_resolve(*, check: CareCheck, resolution: str, actor: Any) -> CareCheck:
    """Close the follow-up of a check that found a problem: what was done about it."""
    check = CareCheck.objects.select_for_update(of=("self",)).select_related("room").get(pk=check.pk)
    _require(actor, check.project_id, "stocktake.change_carecheck", _("只有本项目的档案管理员可以处理库房问题"))
    if not check.has_problem:
        raise DomainError(_("该次检查没有发现问题，无需处理"))
    if check.resolved_at is not None:
        raise DomainError(_("该问题已处理完毕"), code="conflict")
    if not resolution.strip():
        raise DomainError(_("请写明处理结果"), field="resolution")
    check.resolved_at, check.resolved_by, check.resolution = timezone.now(), actor, resolution.strip()[:500]
    check.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    audit_record(
        actor=actor,
        change=Change("carecheck.resolve", check, after={"resolution": check.resolution}, project_id=check.project_id),
    )
    return check


# ---- reminders -----------------------------------------------------------------------------------

# A weekly walk is chased from Thursday of its week, a monthly full check in the last week of its month:
# early enough to do it in time, late enough not to nag on Monday morning.
WEEKLY_REMIND_FROM_WEEKDAY = 3
MONTHLY_REMIND_DAYS_LEFT = 7


def _remind_now(kind: str, today: date) -> bool:
    if kind == CareKind.WEEKLY:
        return today.weekday() >= WEEKLY_REMIND_FROM_WEEKDAY
    next_month = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    return (next_month - today).days <= MONTHLY_REMIND_DAYS_LEFT


def care_checks_remind(*, today: date | None = None) -> int:
    """Notify each project's archivists of the storage rooms whose weekly or monthly check is still due.

    Idempotent: the notice key names the room, the kind and the period, so a re-run sends nothing new.
    Returns how many notices were handed to the notifications app.
    """
    today = today or timezone.localdate()
    project_ids = list(Location.objects.filter(kind=LocationKind.ROOM).values_list("project_id", flat=True).distinct())
    notices: list[Notice] = []
    for due in care_due(project_ids, today):
        if not _remind_now(due.kind, today):
            continue
        archivists = User.objects.filter(
            is_active=True, groups__name=Role.ARCHIVIST.value, projects=due.room.project_id
        ).distinct()
        text = _("%(room)s 的%(kind)s尚未登记（%(since)s 起）") % {
            "room": due.room.display_name,
            "kind": due.kind_label,
            "since": due.since.isoformat(),
        }
        key = f"care:{due.kind}:{due.room.pk}:{due.since.isoformat()}"
        url = reverse("stocktake:care", args=[due.room.project.code])
        notices += [Notice(user=u, key=key, text=text, url=url) for u in archivists]
    return notify_many(notices) if notices else 0
