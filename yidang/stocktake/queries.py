"""Reads of stocktakes and the storage-care log: visibility, the live reconciliation, what is due, the year report."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of
from yidang.archive.models import Archive, ArchiveStatus
from yidang.core.todo import TodoItem
from yidang.loans.models import Loan, LoanStatus
from yidang.places.models import Project
from yidang.shelving.codes import FOLDER_KINDS, code_normalise
from yidang.shelving.models import Location, LocationKind
from yidang.shelving.queries import ANCESTORS, location_labels
from yidang.stocktake.models import (
    CareCheck,
    CareKind,
    Condition,
    Outcome,
    Stocktake,
    StocktakeLine,
    StocktakeScan,
    StocktakeStatus,
)

# ---- visibility ---------------------------------------------------------------------------------


def stocktakes_visible_to(user: User) -> QuerySet[Stocktake]:
    """Stocktakes of the user's projects, for those whose duty includes the count (an SQL filter)."""
    if not user.has_perm("stocktake.view_stocktake"):
        return Stocktake.objects.none()
    return Stocktake.objects.filter(project_id__in=project_ids_of(user))


def stocktake_get(user: User, pk: int) -> Stocktake:
    """One stocktake the user may see; any other id answers 404."""
    found = (
        stocktakes_visible_to(user)
        .select_related("project", "area", "started_by", "closed_by", *(f"area__{a}" for a in ANCESTORS))
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("没有找到该清点")
    return found


def care_checks_visible_to(user: User) -> QuerySet[CareCheck]:
    if not user.has_perm("stocktake.view_carecheck"):
        return CareCheck.objects.none()
    return CareCheck.objects.filter(project_id__in=project_ids_of(user))


def care_check_get(user: User, pk: int) -> CareCheck:
    found = care_checks_visible_to(user).select_related("room", "project").filter(pk=pk).first()
    if found is None:
        raise Http404("没有找到该检查记录")
    return found


# ---- places -------------------------------------------------------------------------------------


def in_subtree(location: Location | None, root: Location) -> bool:
    """Whether ``location`` is ``root`` or below it (by the materialised path)."""
    return location is not None and (location.pk == root.pk or location.path.startswith(root.path + "/"))


def subtree_filter(root: Location, prefix: str = "location") -> Q:
    return Q(**{prefix: root}) | Q(**{f"{prefix}__path__startswith": root.path + "/"})


def areas_of(project: Project) -> QuerySet[Location]:
    """Places a stocktake may cover: a storage room, a cabinet, a shelf or a box."""
    return Location.objects.filter(project=project).order_by("path")


def storage_rooms_of(project_ids: list[int]) -> QuerySet[Location]:
    return (
        Location.objects.filter(project_id__in=project_ids, kind=LocationKind.ROOM)
        .select_related("project")
        .order_by("project_id", "path")
    )


def expected_folders(area: Location) -> QuerySet[Archive]:
    """The folders the shelf ledger puts in the area (transferred files have left the company's store)."""
    return (
        Archive.objects.filter(subtree_filter(area), project_id=area.project_id)
        .exclude(status=ArchiveStatus.TRANSFERRED)
        .select_related("room", "location")
    )


# ---- reading a scanned or typed code -----------------------------------------------------------

_ARCHIVE_URL = re.compile(r"/archive/(\d+)/?(?:[?#].*)?$")
_LOCATION_URL = re.compile(r"/shelving/locations/(\d+)/?(?:[?#].*)?$")


def location_of_code(project_id: int, text: str) -> Location | None:
    """The place of the project a location label (its QR holds the page address) or code names."""
    text = text.strip()
    places = Location.objects.filter(project_id=project_id)
    if match := _LOCATION_URL.search(text):
        return places.filter(pk=int(match.group(1))).first()
    code = code_normalise(text)
    return places.filter(code=code).first() if code else None


def folder_of_code(project_id: int, text: str) -> Archive | None:
    """The project's folder a folder label (its QR holds the archive page address) or archive number names."""
    text = text.strip()
    folders = Archive.objects.filter(project_id=project_id).select_related("location", "room")
    if match := _ARCHIVE_URL.search(text):
        return folders.filter(pk=int(match.group(1))).first()
    return folders.filter(number__in={text, text.upper()}).first()


# ---- the reconciliation -------------------------------------------------------------------------


@dataclass
class Line:
    """One folder (or unknown code) of a stocktake and what was found, live or as recorded."""

    outcome: str
    code: str
    archive: Archive | None = None
    expected: Location | None = None
    found: Location | None = None
    loan: Loan | None = None
    scan: StocktakeScan | None = None
    note: str = ""
    expected_label: str = ""
    found_label: str = ""

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label)


@dataclass
class Reconciliation:
    expected: int
    lines: list[Line] = field(default_factory=list)

    def of(self, outcome: str) -> list[Line]:
        return [line for line in self.lines if line.outcome == outcome]

    @property
    def counts(self) -> dict[str, int]:
        counts = {o.value: 0 for o in Outcome}
        for line in self.lines:
            counts[line.outcome] += 1
        return counts

    @property
    def counted(self) -> int:
        """Expected folders accounted for: found (in place or not) or on loan."""
        return sum(1 for line in self.lines if line.archive is not None and line.outcome != Outcome.MISSING)


def scan_outcome(scan: StocktakeScan, area: Location) -> str:
    """In place when the ledger (at scan time) put the folder where it was found, or within the area
    when no place was scanned first; misplaced otherwise (also a folder the ledger has not shelved)."""
    if scan.archive_id is None:
        return Outcome.UNKNOWN
    scope = scan.found_at or area
    return Outcome.IN_PLACE if in_subtree(scan.expected_at, scope) else Outcome.MISPLACED


def _scan_note(scan: StocktakeScan) -> str:
    if scan.put_back_at is not None:
        return _("已放回原位")
    archive, found = scan.archive, scan.found_at_id
    if archive is not None and found and archive.location_id == found and scan.expected_at_id != found:
        return _("已按发现位置重新登记")
    return ""


def reconcile(stocktake: Stocktake) -> Reconciliation:
    """The live state of an open stocktake: every expected folder and every scan, sorted into the outcomes."""
    area = stocktake.area
    scans = list(
        StocktakeScan.objects.filter(stocktake=stocktake)
        .select_related("archive__room", "archive__location", "found_at", "expected_at")
        .order_by("-scanned_at", "-id")
    )
    expected = list(expected_folders(area).order_by("location__path", "number"))
    scanned_ids = {s.archive_id for s in scans if s.archive_id}
    unscanned = [a for a in expected if a.pk not in scanned_ids]
    loans = {
        loan.archive_id: loan
        for loan in Loan.objects.filter(archive__in=[a.pk for a in unscanned], status=LoanStatus.OUT).select_related(
            "borrower"
        )
    }
    result = Reconciliation(expected=len(expected))
    for scan in scans:
        outcome = scan_outcome(scan, area)
        result.lines.append(
            Line(
                outcome=outcome,
                code=scan.archive.number if scan.archive else scan.code,
                archive=scan.archive,
                expected=scan.expected_at,
                found=scan.found_at,
                scan=scan,
                note=_scan_note(scan),
            )
        )
    for archive in unscanned:
        loan = loans.get(archive.pk)
        outcome = Outcome.ON_LOAN if loan is not None else Outcome.MISSING
        result.lines.append(
            Line(outcome=outcome, code=archive.number, archive=archive, expected=archive.location, loan=loan)
        )
    return result


def recorded(stocktake: Stocktake) -> Reconciliation:
    """A closed stocktake's result as written when it was closed."""
    lines = (
        StocktakeLine.objects.filter(stocktake=stocktake)
        .select_related("archive__room", "expected_location", "found_location", "loan__borrower")
        .order_by("outcome", "code")
    )
    result = Reconciliation(expected=stocktake.expected)
    for row in lines:
        result.lines.append(
            Line(
                outcome=row.outcome,
                code=row.code,
                archive=row.archive,
                expected=row.expected_location,
                found=row.found_location,
                loan=row.loan,
                note=row.note,
            )
        )
    return result


def result_of(stocktake: Stocktake) -> Reconciliation:
    return reconcile(stocktake) if stocktake.is_open else recorded(stocktake)


def location_names(project_id: int) -> dict[int, str]:
    """Every place's full path in words (one query), to show where a folder should be."""
    return location_labels([project_id])


def with_labels(result: Reconciliation, project_id: int) -> Reconciliation:
    """The result with each line's expected and found places in words (``1号档案室 › … › 档案盒 B002``)."""
    labels = location_names(project_id)
    for line in result.lines:
        line.expected_label = labels.get(line.expected.pk, line.expected.code) if line.expected else ""
        line.found_label = labels.get(line.found.pk, line.found.code) if line.found else ""
    return result


def folder_places(project_id: int, limit: int = 300) -> QuerySet[Location]:
    return Location.objects.filter(project_id=project_id, kind__in=FOLDER_KINDS).order_by("path")[:limit]


# ---- the storage-care log: what is due ----------------------------------------------------------


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    return day.replace(day=1)


@dataclass(frozen=True)
class Due:
    """A storage room whose weekly walk or monthly full check has not been logged for this period."""

    room: Location
    kind: str
    since: date  # the start of the period (this week's Monday, the 1st of this month)
    last: date | None

    @property
    def kind_label(self) -> str:
        return str(CareKind(self.kind).label)


def care_due(project_ids: list[int], today: date | None = None) -> list[Due]:
    """Storage rooms without a check this week (a monthly full check counts as the week's walk too)
    or without a monthly full check this calendar month."""
    today = today or timezone.localdate()
    rooms = list(storage_rooms_of(project_ids))
    checks = CareCheck.objects.filter(room__in=rooms, checked_on__lte=today).order_by("-checked_on")
    last_any: dict[int, date] = {}
    last_monthly: dict[int, date] = {}
    for room_id, kind, on in checks.values_list("room_id", "kind", "checked_on"):
        last_any.setdefault(room_id, on)
        if kind == CareKind.MONTHLY:
            last_monthly.setdefault(room_id, on)
    due: list[Due] = []
    for room in rooms:
        week, month = week_start(today), month_start(today)
        if (last_any.get(room.pk) or date.min) < week:
            due.append(Due(room, CareKind.WEEKLY, week, last_any.get(room.pk)))
        if (last_monthly.get(room.pk) or date.min) < month:
            due.append(Due(room, CareKind.MONTHLY, month, last_monthly.get(room.pk)))
    return due


def open_follow_ups(project_ids: list[int]) -> QuerySet[CareCheck]:
    """Checks that found damp, insects or damage and whose follow-up is not yet done."""
    problem = Q(damp=Condition.PROBLEM) | Q(insects=Condition.PROBLEM) | Q(damage=Condition.PROBLEM)
    return (
        CareCheck.objects.filter(problem, project_id__in=project_ids, resolved_at__isnull=True)
        .select_related("room", "checked_by")
        .order_by("checked_on", "id")
    )


# ---- today's work -------------------------------------------------------------------------------


def todo_for(user: User) -> list[TodoItem]:
    """The archivist's storage work: checks due, follow-ups open, stocktakes still open."""
    if not user.has_perm("stocktake.add_carecheck"):
        return []
    ids = project_ids_of(user)
    due = care_due(ids)
    care_url = reverse("stocktake:index")
    open_counts = Stocktake.objects.filter(project_id__in=ids, status=StocktakeStatus.OPEN).count()
    return [
        TodoItem(_("本周库房巡查待登记"), sum(1 for d in due if d.kind == CareKind.WEEKLY), care_url),
        TodoItem(_("本月库房全面检查待登记"), sum(1 for d in due if d.kind == CareKind.MONTHLY), care_url),
        TodoItem(_("库房问题待处理"), open_follow_ups(ids).count(), care_url, urgent=True),
        TodoItem(_("进行中的档案清点"), open_counts, care_url),
    ]


# ---- the year-end count report ------------------------------------------------------------------


def year_bounds(year: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)


@dataclass
class YearReport:
    """年度档案清点报告: the stocktakes closed in a year, their totals and every line that is not in place."""

    project: Project
    year: int
    stocktakes: list[Stocktake]
    problems: list[StocktakeLine]
    totals: dict[str, int]
    checks: dict[str, int]
    open_checks: list[CareCheck]
    ledger_folders: int
    unshelved: int


def year_report(project: Project, year: int) -> YearReport:
    start, end = year_bounds(year)
    takes = list(
        Stocktake.objects.filter(
            project=project, status=StocktakeStatus.CLOSED, closed_at__gte=start, closed_at__lt=end
        )
        .select_related("area", "started_by", "closed_by")
        .order_by("area__path", "closed_at")
    )
    problems = list(
        StocktakeLine.objects.filter(stocktake__in=takes)
        .exclude(outcome=Outcome.IN_PLACE)
        .select_related("stocktake__area", "archive__room", "expected_location", "found_location", "loan__borrower")
        .order_by("outcome", "stocktake__area__path", "code")
    )
    keys = ("expected", "in_place", "misplaced", "missing", "unknown", "on_loan")
    totals = {k: sum(getattr(t, k) for t in takes) for k in keys}
    checks_of_year = CareCheck.objects.filter(project=project, checked_on__year=year)
    problem = Q(damp=Condition.PROBLEM) | Q(insects=Condition.PROBLEM) | Q(damage=Condition.PROBLEM)
    checks = {
        "weekly": checks_of_year.filter(kind=CareKind.WEEKLY).count(),
        "monthly": checks_of_year.filter(kind=CareKind.MONTHLY).count(),
        "problems": checks_of_year.filter(problem).count(),
    }
    folders = Archive.objects.filter(project=project).exclude(status=ArchiveStatus.TRANSFERRED)
    return YearReport(
        project=project,
        year=year,
        stocktakes=takes,
        problems=problems,
        totals=totals,
        checks=checks,
        open_checks=list(checks_of_year.filter(problem, resolved_at__isnull=True).select_related("room")),
        ledger_folders=folders.count(),
        unshelved=folders.filter(location__isnull=True).count(),
    )
