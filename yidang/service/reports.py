"""The desk's statistics reports (报修记录统计表, 投诉登记表, 投诉统计表, 服务时限达成率) over a period, as sections of
rows that the page draws as bar charts and the workbook writes as tables. Every figure is a GROUP BY in the
database over the caller's already-scoped tickets (``tickets_visible_to``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yidang.service.models import Callback, ClockName, Priority, SlaClock, Ticket, TicketKind
from yidang.service.present import department_label
from yidang.service.stats import sla_compliance, tickets_by, tickets_by_month

REPORTS = {
    "repairs": gettext_lazy("报修记录统计表"),
    "register": gettext_lazy("投诉登记表"),
    "complaints": gettext_lazy("投诉统计表"),
    "sla": gettext_lazy("服务时限达成率"),
}
REGISTER_SHOWN = 200


@dataclass(frozen=True)
class Period:
    """Registration dates from ``start`` to ``end``, both included."""

    start: date
    end: date

    @property
    def span(self) -> tuple[datetime, datetime]:
        first = timezone.make_aware(datetime.combine(self.start, time.min))
        return first, timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m-%d} — {self.end:%Y-%m-%d}"


def period_of(raw_from: str, raw_to: str) -> Period:
    """The period a page asks for; by default the last twelve months up to today. A reversed period is swapped."""
    today = timezone.localdate()
    # the first day of the month eleven months back: twelve whole months including this one
    default_start = date(today.year - 1, today.month + 1, 1) if today.month < 12 else date(today.year, 1, 1)
    start, end = _date(raw_from) or default_start, _date(raw_to) or today
    return Period(min(start, end), max(start, end))


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Row:
    label: str
    total: int
    part: int = 0  # closed (counts) / on time (rates)
    rate: float | None = None
    width: str = "0%"  # counts: the closed part's share of the longest bar; rates: the rate
    rest_width: str = "0%"  # counts: the open part's

    @property
    def other(self) -> int:
        return self.total - self.part

    @property
    def rate_shown(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}".removesuffix(".0") + "%"


@dataclass(frozen=True)
class Section:
    """One table / chart. ``kind`` "count": total and closed; "rate": settled clocks, on time, breached, rate."""

    key: str
    title: str
    heading: str
    kind: str
    rows: list[Row] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)

    @property
    def part(self) -> int:
        return sum(r.part for r in self.rows)


def _counts(key: str, title: str, heading: str, rows: list[tuple[str, int, int]]) -> Section:
    top = max((t for _l, t, _c in rows), default=0)
    return Section(
        key,
        title,
        heading,
        "count",
        [
            Row(label, total, closed, None, f"{total / top * 100:.1f}%" if top else "0%")
            for label, total, closed in rows
        ],
    )


def _rates(key: str, title: str, heading: str, rows: list[tuple[str, int, int, float | None]]) -> Section:
    return Section(
        key,
        title,
        heading,
        "rate",
        [Row(lb, total, ok, rate, f"{(rate or 0) * 100:.1f}%") for lb, total, ok, rate in rows if total],
    )


def _grouped(tickets: QuerySet[Ticket], by: str, label: Any) -> list[tuple[str, int, int]]:
    return [(label(r[by]), r["total"], r["closed"]) for r in tickets_by(tickets, by)]


def _months(tickets: QuerySet[Ticket]) -> list[tuple[str, int, int]]:
    totals: dict[str, tuple[int, int]] = {}
    for r in tickets_by_month(tickets):
        month = _month_label(r["month"])
        total, closed = totals.get(month, (0, 0))
        totals[month] = (total + r["total"], closed + r["closed"])
    return [(m, total, closed) for m, (total, closed) in sorted(totals.items())]


def in_period(tickets: QuerySet[Ticket], period: Period) -> QuerySet[Ticket]:
    start, end = period.span
    return tickets.filter(registered_at__gte=start, registered_at__lt=end)


def _department(code: str) -> str:
    return department_label(code) if code else _("未派工")


def _priority(code: str) -> str:
    return str(Priority(code).label) if code in Priority.values else code


def _valid(value: bool | None) -> str:
    return _("成立") if value is True else _("不成立") if value is False else _("待判定")


def _clock(name: str) -> str:
    return str(ClockName(name).label) if name in ClockName.values else name


def _sla(clocks: QuerySet[SlaClock], by: str, label: Any) -> list[tuple[str, int, int, float | None]]:
    rows = sla_compliance(clocks, by)
    key = "month" if by == "month" else by
    return [(label(r[key]), r["total"], r["on_time"], r["rate"]) for r in rows]


def _month_label(value: Any) -> str:
    return f"{timezone.localtime(value) if timezone.is_aware(value) else value:%Y-%m}"


def repairs_report(tickets: QuerySet[Ticket], period: Period) -> list[Section]:
    """报修记录统计表: repairs registered in the period by category, department, priority and month, with the
    completion clock's on-time rate by category."""
    repairs = in_period(tickets, period).filter(kind=TicketKind.REPAIR)
    clocks = SlaClock.objects.filter(ticket__in=repairs, name=ClockName.COMPLETION)
    return [
        _counts("category", _("按类别"), _("类别"), _grouped(repairs, "category__name", str)),
        _counts("department", _("按处理部门"), _("部门"), _grouped(repairs, "department", _department)),
        _counts("priority", _("按级别"), _("级别"), _grouped(repairs, "priority", _priority)),
        _counts("month", _("按月份"), _("月份"), _months(repairs)),
        _rates("completion", _("完工及时率（按类别）"), _("类别"), _sla(clocks, "ticket__category__name", str)),
    ]


def complaints_report(tickets: QuerySet[Ticket], period: Period) -> list[Section]:
    """投诉统计表: complaints by category, validity, priority and month; 24-hour feedback and 12-day closure."""
    complaints = in_period(tickets, period).filter(kind=TicketKind.COMPLAINT)
    clocks = SlaClock.objects.filter(ticket__in=complaints, name__in=[ClockName.FEEDBACK, ClockName.CLOSURE])
    return [
        _counts("category", _("按类别"), _("类别"), _grouped(complaints, "category__name", str)),
        _counts("valid", _("按是否成立"), _("是否成立"), _grouped(complaints, "valid", _valid)),
        _counts("priority", _("按级别"), _("级别"), _grouped(complaints, "priority", _priority)),
        _counts("month", _("按月份"), _("月份"), _months(complaints)),
        _rates("clocks", _("反馈及结案及时率"), _("时限"), _sla(clocks, "name", _clock)),
    ]


def sla_report(tickets: QuerySet[Ticket], period: Period) -> list[Section]:
    """服务时限达成率: clocks of the period's tickets, settled on time or breached, by department, category, month."""
    clocks = SlaClock.objects.filter(ticket__in=in_period(tickets, period))
    return [
        _rates("clock", _("按时限"), _("时限"), _sla(clocks, "name", _clock)),
        _rates("department", _("按处理部门"), _("部门"), _sla(clocks, "ticket__department", _department)),
        _rates("category", _("按类别"), _("类别"), _sla(clocks, "ticket__category__name", str)),
        _rates("month", _("按月份"), _("月份"), _sla(clocks, "month", _month_label)),
    ]


def complaint_register(tickets: QuerySet[Ticket], period: Period) -> QuerySet[Ticket]:
    """投诉登记表: the period's complaints, oldest first, with what the register shows of each."""
    done = Callback.objects.filter(done_at__isnull=False).order_by("done_at")
    return (
        in_period(tickets, period)
        .filter(kind=TicketKind.COMPLAINT)
        .select_related("room", "category", "assignee", "project")
        .prefetch_related(Prefetch("callbacks", queryset=done, to_attr="done_callbacks"))
        .order_by("registered_at", "pk")
    )


def register_row(t: Ticket) -> list[str]:
    """One line of the complaint register, as the page and the workbook show it."""
    callbacks = getattr(t, "done_callbacks", [])
    handling = t.explanation if t.valid is False else t.work_record
    return [
        t.number,
        f"{timezone.localtime(t.registered_at):%Y-%m-%d %H:%M}",
        t.room.code if t.room else t.place,
        t.reporter_name,
        t.category.name,
        _priority(t.priority),
        t.content,
        _valid(t.valid),
        " ".join(x for x in (_department(t.department) if t.department else "", str(t.assignee or "")) if x),
        handling,
        str(callbacks[-1].get_result_display()) if callbacks else "",
        str(t.get_status_display()),
        f"{timezone.localtime(t.closed_at):%Y-%m-%d %H:%M}" if t.closed_at else "",
    ]


REGISTER_COLUMNS = [
    gettext_lazy("编号"),
    gettext_lazy("登记时间"),
    gettext_lazy("房屋/地点"),
    gettext_lazy("投诉人"),
    gettext_lazy("类别"),
    gettext_lazy("级别"),
    gettext_lazy("投诉内容"),
    gettext_lazy("是否成立"),
    gettext_lazy("处理部门/人"),
    gettext_lazy("处理结果"),
    gettext_lazy("回访结果"),
    gettext_lazy("状态"),
    gettext_lazy("结案时间"),
]

SECTIONS_OF = {"repairs": repairs_report, "complaints": complaints_report, "sla": sla_report}
