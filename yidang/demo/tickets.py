"""Demo and bench tickets in bulk: ``tickets_seed`` writes what the service desk's actions would have left.

Like ``demo_seed`` this is a bulk load, not a series of user actions. Each ticket is planned as the
steps ``yidang.service.actions`` would have taken on it (the flow table's order, the fields each step
sets, the callback created on the slip's return and recorded at the callback), then written by COPY
(``core.bulk``) in batches of ``BATCH`` tickets per transaction:

- the ticket row, numbered as ``ticket_register`` numbers it (prefix, local date, id);
- its SLA clocks as ``sla.clocks_start`` starts them from the same policies (and the closure clock a
  manager's deadline makes for a major complaint), stopped where their step is done — late is a breach,
  as ``sla._stop`` records it;
- its callback row once the slip is back;
- the step history (``TicketStep``) of every open ticket (``steps="open"``, the default) or of every
  ticket (``steps="all"``).

Closed tickets are history the SLA sweep has already seen (a clock that ran past its warning time has
``warned_at``). The open ones are as the actions leave them, before any sweep: their running clocks wait
on ``next_check_at`` (a paused ticket's clocks are out of the sweep), so the first ``sla_sweep`` sends
their warnings and breaches. Left out: the per-step audit rows and household timeline events (one summary
audit row ``demo.tickets_seed`` stands for the load, as ``demo.seed`` does for the households).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from yidang.accounts.roles import Role
from yidang.audit.actions import Change, audit_record
from yidang.audit.models import AuditEvent
from yidang.core.bulk import bulk_insert
from yidang.places.models import Company, Project
from yidang.service.actions import PREFIX
from yidang.service.models import (
    Callback,
    ClockName,
    SlaClock,
    SlaPolicy,
    Ticket,
    TicketCategory,
    TicketKind,
    TicketStatus,
    TicketStep,
)
from yidang.service.sla import warn_at_for
from yidang.workdays.queries import add_working_days, end_of_working_day

SEED_ACTION = "demo.tickets_seed"
TICKETS_SEED_VERSION = 2  # 2: open tickets mostly recent (mean age 10 days)
BATCH = 20_000
OPEN_MEAN_AGE_DAYS = 10
S = TicketStatus
K = TicketKind

NOW = object()  # a field set to the step's own time, as ``actions._NOW``
STAMP = {"acknowledge": "acknowledged_at", "arrive": "arrived_at"}

Progress = Callable[[int, int], None]  # tickets written, tickets planned

KIND_WEIGHTS = {K.REPAIR: 60, K.COMPLAINT: 14, K.ENQUIRY: 16, K.SUGGESTION: 5, K.PRAISE: 5}
PRIORITY_WEIGHTS = {
    K.REPAIR: {"ordinary": 70, "minor": 20, "urgent": 10},
    K.COMPLAINT: {"ordinary": 90, "major": 10},
}
CHANNEL_WEIGHTS = {"phone": 55, "walk_in": 20, "portal": 20, "written": 5}
# The open statuses a ticket of each kind may wait in, with their weights among the open tickets.
OPEN_WEIGHTS = {
    K.REPAIR: {S.REGISTERED: 16, S.DISPATCHED: 14, S.ACKNOWLEDGED: 10, S.ARRIVED: 10, S.COMPLETED: 12,
               S.CONFIRMED: 8, S.RETURNED: 12, S.CALLED_BACK: 8, S.REOPENED: 3},
    K.COMPLAINT: {S.REGISTERED: 10, S.ACCEPTED: 12, S.DISPATCHED: 10, S.ACKNOWLEDGED: 6, S.ARRIVED: 6,
                  S.COMPLETED: 8, S.CONFIRMED: 6, S.RETURNED: 10, S.CALLED_BACK: 10, S.VERIFIED: 10, S.REOPENED: 3},
    K.ENQUIRY: {S.REGISTERED: 1},
    K.SUGGESTION: {S.REGISTERED: 1},
    K.PRAISE: {S.REGISTERED: 1},
}  # fmt: skip
CONTENT = {
    K.REPAIR: [
        "厨房水管漏水",
        "卫生间下水不畅",
        "入户门锁打不开",
        "客厅灯不亮",
        "空调不制冷",
        "窗户关不严",
        "墙面渗水",
    ],
    K.COMPLAINT: ["楼上夜间装修噪音", "楼道堆放杂物", "地库车位被占用", "保洁不及时", "维修人员态度差", "电梯经常停运"],
    K.ENQUIRY: ["咨询物业费缴纳方式", "咨询装修审批流程", "咨询停车月卡办理", "咨询水电表读数"],
    K.SUGGESTION: ["建议增加小区照明", "建议增设快递柜", "建议延长会所开放时间"],
    K.PRAISE: ["表扬维修师傅服务周到", "表扬保安拾金不昧", "表扬客服耐心解答"],
}
PLACES = ["1号楼大堂", "地下车库B1", "2号楼电梯厅", "小区南门", "中心花园", "会所"]
WORK_RECORDS = ["已更换配件，试用正常", "已疏通管道", "已调试恢复正常", "已更换灯具", "已修复并清理现场"]
REASONS = ["等待配件", "等待业主在家", "等待厂家上门"]
COMMENTS = {"satisfied": "", "basic": "处理稍慢", "dissatisfied": "问题仍未解决"}


@dataclass(frozen=True)
class Staff:
    """Who works a project's tickets: registrars (CS), workers they dispatch to, the manager who verifies."""

    registrars: list[int]
    workers: list[int]
    manager: int


@dataclass(frozen=True)
class Household:
    room_id: int | None
    reporter_name: str
    reporter_phone: str


@dataclass
class Plan:
    """One ticket as its steps would have left it: the row's fields, its steps, clocks and callback."""

    fields: dict[str, Any]
    steps: list[tuple[datetime, str, int, str, str, str]] = field(
        default_factory=list
    )  # at, action, actor, from, to, note
    callback: dict[str, Any] | None = None


@dataclass
class TicketSeedSummary:
    tickets: int = 0
    open: int = 0
    rows: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    now: datetime | None = None


class Calendar:
    """``due_for``'s and the callback's working-calendar answers, asked once per local date (the real functions)."""

    def __init__(self) -> None:
        self._same_day: dict[tuple[date, bool], datetime] = {}
        self._plus: dict[tuple[date, int], datetime] = {}
        self._end = datetime.strptime(settings.YIDANG_WORKDAY_END, "%H:%M").time()

    def end_of_working_day(self, at: datetime) -> datetime:
        local = timezone.localtime(at)
        key = (local.date(), local.time() >= self._end)
        if key not in self._same_day:
            self._same_day[key] = end_of_working_day(at)
        return self._same_day[key]

    def add_working_days(self, at: datetime, n: int) -> datetime:
        key = (timezone.localtime(at).date(), n)
        if key not in self._plus:
            self._plus[key] = add_working_days(at, n)
        return self._plus[key]

    def due(self, policy: SlaPolicy, start: datetime) -> datetime | None:
        """``sla.due_for`` with the calendar look-ups cached."""
        if policy.same_day:
            return self.end_of_working_day(start)
        if policy.minutes is None:
            return None
        if policy.working_calendar and policy.minutes % (24 * 60) == 0:
            return self.add_working_days(start, policy.minutes // (24 * 60))
        return start + timedelta(minutes=policy.minutes)


def _pick(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class TicketMaker:
    """Plans tickets of one project, deterministic from ``rng``."""

    def __init__(
        self,
        project_id: int,
        rng: random.Random,
        households: list[Household],
        staff: Staff,
        categories: dict[str, list[TicketCategory]],
        policies: dict[tuple[str, str], list[SlaPolicy]],
        calendar: Calendar,
        now: datetime,
        days: int,
    ) -> None:
        self.project_id, self.rng, self.households, self.staff = project_id, rng, households, staff
        self.categories, self.policies, self.calendar = categories, policies, calendar
        self.now, self.days = now, days

    # ---- one ticket ----------------------------------------------------------------------------------

    def make(self, *, open_: bool) -> Plan:
        rng = self.rng
        kind = _pick(rng, KIND_WEIGHTS)
        priority = _pick(rng, PRIORITY_WEIGHTS[kind]) if kind in PRIORITY_WEIGHTS else "ordinary"
        category = rng.choice(self.categories[kind])
        household = rng.choice(self.households)
        public = household.room_id is None or (kind == K.REPAIR and rng.random() < 0.08)
        # closed tickets over the whole span; open ones mostly of the last days, a few lingering for weeks
        age = rng.uniform(0, self.days) if not open_ else min(self.days, rng.expovariate(1 / OPEN_MEAN_AGE_DAYS))
        at = self.now - timedelta(days=age)
        target = _pick(rng, OPEN_WEIGHTS[kind]) if open_ else S.CLOSED
        plan = Plan(
            fields={
                "project_id": self.project_id,
                "room_id": None if public else household.room_id,
                "place": rng.choice(PLACES) if public else "",
                "kind": kind,
                "channel": _pick(rng, CHANNEL_WEIGHTS),
                "category_id": category.pk,
                "priority": priority,
                "content": rng.choice(CONTENT[kind]),
                "reporter_name": household.reporter_name,
                "reporter_phone": household.reporter_phone,
                "status": S.REGISTERED,
                "registered_by_id": rng.choice(self.staff.registrars),
                "registered_at": at,
                "valid": None,
                "explanation": "",
                "deadline_at": None,
                "department": category.department,
                "assignee_id": None,
                "dispatched_at": None,
                "acknowledged_at": None,
                "arrived_at": None,
                "work_record": "",
                "completed_at": None,
                "confirmed_at": None,
                "confirmation": "",
                "returned_at": None,
                "feedback_at": None,
                "verified_by_id": None,
                "verified_at": None,
                "closed_at": None,
                "reopen_count": 0,
                "paused_since": None,
                "pause_reason": "",
            }
        )
        plan.steps.append((at, "register", plan.fields["registered_by_id"], "", S.REGISTERED, plan.fields["content"]))
        self._walk(plan, kind, target, category)
        self._fit_before_now(plan)
        if open_ and plan.fields["status"] in (S.DISPATCHED, S.ACKNOWLEDGED, S.ARRIVED) and rng.random() < 0.05:
            self._pause(plan)
        return plan

    def _walk(self, plan: Plan, kind: str, target: str, category: TicketCategory) -> None:
        """Take the flow's steps from registration until the ticket is in ``target``."""
        rng, f = self.rng, plan.fields
        cs = f["registered_by_id"]
        if kind not in (K.REPAIR, K.COMPLAINT):
            if target == S.CLOSED:
                self._step(plan, "close", cs, S.CLOSED, rng.uniform(5, 1440), closed_at=NOW)
            return
        if kind == K.COMPLAINT:
            if target == S.CLOSED and rng.random() < 0.1:
                note = "经核实不属物业责任，已向业主解释"
                self._step(plan, "reject", cs, S.CLOSED, rng.uniform(10, 360), note=note, valid=False,
                           explanation=note, closed_at=NOW)  # fmt: skip
                return
            if target == S.REGISTERED:
                return
            deadline = f["registered_at"] + timedelta(days=7) if f["priority"] == "major" else None
            actor = self.staff.manager if deadline else cs
            self._step(plan, "accept", actor, S.ACCEPTED, rng.uniform(10, 360), valid=True, deadline_at=deadline)
            if rng.random() < 0.9:  # the first feedback to the complainant, mostly within the 24 hours
                self._note(plan, "feedback", cs, rng.uniform(30, 1800), "已联系业主说明处理进度", feedback_at=NOW)
            if target == S.ACCEPTED:
                return
        elif target == S.REGISTERED:
            return
        self._work(plan, kind, target, category)

    def _work(self, plan: Plan, kind: str, target: str, category: TicketCategory) -> None:
        rng, f = self.rng, plan.fields
        cs = f["registered_by_id"]
        worker = rng.choice(self.staff.workers)
        order = [
            ("dispatch", S.DISPATCHED, cs, rng.uniform(3, 60)),
            ("acknowledge", S.ACKNOWLEDGED, worker, rng.uniform(1, 10)),
            ("arrive", S.ARRIVED, worker, rng.uniform(3, 25)),
            ("complete", S.COMPLETED, worker, rng.uniform(20, 2400)),
            ("confirm", S.CONFIRMED, worker, rng.uniform(1, 30)),
            ("return_slip", S.RETURNED, cs, rng.uniform(30, 1440)),
            ("callback", S.CALLED_BACK, cs, rng.uniform(60, 2880)),
        ]
        for name, status, actor, minutes in order:
            if name == "dispatch":
                self._step(plan, name, actor, status, minutes, note=f"{f['department']}", assignee_id=worker,
                           dispatched_at=NOW)  # fmt: skip
            elif name == "complete":
                record = rng.choice(WORK_RECORDS)
                self._step(plan, name, actor, status, minutes, note=record, work_record=record, completed_at=NOW)
            elif name == "confirm":
                code = f"确认码 {rng.randrange(100000, 999999)}"
                self._step(plan, name, actor, status, minutes, confirmation=code, confirmed_at=NOW)
            elif name == "return_slip":
                self._step(plan, name, actor, status, minutes, returned_at=NOW)
                self._callback_create(plan, category)
            elif name == "callback":
                dissatisfied = target == S.REOPENED
                self._callback_done(plan, actor, minutes, dissatisfied)
            else:
                stamp: dict[str, Any] = {STAMP[name]: NOW}
                self._step(plan, name, actor, status, minutes, **stamp)
            if f["status"] == target:
                return
        if target == S.REOPENED:
            f["reopen_count"] = 1
            self._step(plan, "reopen", cs, S.REOPENED, rng.uniform(1, 60), note="回访不满意：问题仍未解决")
            return
        if kind == K.COMPLAINT:
            manager = self.staff.manager
            self._step(plan, "verify", manager, S.VERIFIED, rng.uniform(60, 2880), note="已核实", verified_by_id=manager,
                       verified_at=NOW)  # fmt: skip
            if target == S.VERIFIED:
                return
        self._step(plan, "close", cs, S.CLOSED, rng.uniform(5, 1440), closed_at=NOW)

    def _last(self, plan: Plan) -> datetime:
        return plan.steps[-1][0]

    def _step(
        self, plan: Plan, name: str, actor: int, status: str, minutes: float, note: str = "", **fields: Any
    ) -> None:
        """A step ``minutes`` after the last one; a field given as ``NOW`` takes the step's time."""
        at = self._last(plan) + timedelta(minutes=minutes)
        before = plan.fields["status"]
        for key, value in fields.items():
            plan.fields[key] = at if value is NOW else value
        plan.fields["status"] = status
        plan.steps.append((at, name, actor, before, status, note[:500]))

    def _note(self, plan: Plan, name: str, actor: int, minutes: float, note: str, **fields: Any) -> None:
        """A step that keeps the status (feedback, pause)."""
        self._step(plan, name, actor, plan.fields["status"], minutes, note=note, **fields)

    def _callback_create(self, plan: Plan, category: TicketCategory) -> None:
        returned = plan.fields["returned_at"]
        plan.callback = {
            "created_at": returned,
            "due_at": self.calendar.add_working_days(returned, settings.YIDANG_CALLBACK_WORKING_DAYS),
            "visit_required": category.visit_callback,
            "method": "",
            "result": "",
            "comment": "",
            "done_by_id": None,
            "done_at": None,
            "escalated": False,
        }

    def _callback_done(self, plan: Plan, actor: int, minutes: float, dissatisfied: bool) -> None:
        rng = self.rng
        assert plan.callback is not None
        result = "dissatisfied" if dissatisfied else _pick(rng, {"satisfied": 88, "basic": 10, "dissatisfied": 2})
        if plan.callback["visit_required"]:
            method = _pick(rng, {"visit": 80, "on_site": 20})
        else:
            method = _pick(rng, {"phone": 60, "visit": 30, "on_site": 10})
        at = self._last(plan) + timedelta(minutes=minutes)
        comment = COMMENTS[result]
        plan.callback.update(method=method, result=result, comment=comment, done_by_id=actor, done_at=at,
                             escalated=result == "dissatisfied" and not dissatisfied)  # fmt: skip
        labels = {"phone": "电话回访", "visit": "上门回访", "on_site": "现场回访"}
        results = {"satisfied": "满意", "basic": "基本满意", "dissatisfied": "不满意"}
        self._step(
            plan,
            "callback",
            actor,
            S.CALLED_BACK,
            minutes,
            note=f"{labels[method]}·{results[result]} {comment}".strip(),
        )

    def _pause(self, plan: Plan) -> None:
        f = plan.fields
        at = self._last(plan) + (self.now - self._last(plan)) * self.rng.uniform(0.1, 0.9)
        f["paused_since"], f["pause_reason"] = at, self.rng.choice(REASONS)
        plan.steps.append((at, "pause", f["assignee_id"], f["status"], f["status"], f["pause_reason"]))

    def _fit_before_now(self, plan: Plan) -> None:
        """Move a ticket whose last step would lie in the future back, so every step has happened."""
        shift = self._last(plan) - (self.now - timedelta(seconds=self.rng.uniform(60, 3600)))
        if shift <= timedelta(0):
            return
        plan.steps = [(at - shift, *rest) for at, *rest in plan.steps]  # type: ignore[misc]
        for key, value in plan.fields.items():
            if isinstance(value, datetime):
                plan.fields[key] = value - shift
        if plan.callback:
            for key in ("created_at", "done_at"):
                if plan.callback[key] is not None:
                    plan.callback[key] -= shift
            plan.callback["due_at"] = self.calendar.add_working_days(
                plan.callback["created_at"], settings.YIDANG_CALLBACK_WORKING_DAYS
            )

    # ---- its clocks ----------------------------------------------------------------------------------

    def clocks(self, plan: Plan) -> list[dict[str, Any]]:
        """The clocks ``clocks_start`` (and a major complaint's deadline) started, stopped as the steps went."""
        f = plan.fields
        start = f["registered_at"]
        clocks = []
        for policy in self.policies.get((f["kind"], f["priority"]), []):
            due = self.calendar.due(policy, start)
            if due is not None:
                clocks.append((policy.clock, due))
        if f["deadline_at"] is not None:
            clocks = [c for c in clocks if c[0] != ClockName.CLOSURE] + [(ClockName.CLOSURE, f["deadline_at"])]
        stops: dict[str, datetime | None] = {
            ClockName.ARRIVAL: f["arrived_at"],
            ClockName.COMPLETION: f["completed_at"],
            ClockName.FEEDBACK: f["feedback_at"],
            ClockName.CLOSURE: f["closed_at"],
        }
        closed = f["status"] == S.CLOSED
        out = []
        for name, due in clocks:
            warn = warn_at_for(start, due)
            stopped = stops[name] or (f["closed_at"] if closed else None)
            row = {"name": name, "started_at": start, "due_at": due, "warn_at": warn, "paused_seconds": 0,
                   "stopped_at": stopped, "warned_at": None, "breached_at": None, "breach_reason": "",
                   "next_check_at": None}  # fmt: skip
            if stopped is not None:
                if stopped > due:
                    row["breached_at"] = due
                if closed and stopped > warn:  # history: the sweep warned it while it ran
                    row["warned_at"] = warn
            elif f["paused_since"] is None:
                row["next_check_at"] = warn
            out.append(row)
        return out


# ---- writing ---------------------------------------------------------------------------------------------

TICKET_COLUMNS = [f.attname for f in Ticket._meta.concrete_fields]
# Columns the plan leaves out take the field's default, so a new field with a default does not break the seed.
TICKET_DEFAULTS = {f.attname: f.get_default() for f in Ticket._meta.concrete_fields if not f.primary_key}
CLOCK_COLUMNS = [f.attname for f in SlaClock._meta.concrete_fields if not f.primary_key]
CALLBACK_COLUMNS = [f.attname for f in Callback._meta.concrete_fields if not f.primary_key]
STEP_COLUMNS = ["ticket_id", "at", "action", "actor_id", "from_status", "to_status", "note"]


def _next_ids(model: type[Model], n: int) -> list[int]:
    """``n`` new primary keys of ``model``: from its sequence on PostgreSQL, after the largest id elsewhere."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        first = int(cursor.fetchone()[0]) + 1
    return list(range(first, first + n))


def _write(plans: list[Plan], maker_of: list[TicketMaker], steps: str) -> Counter[str]:
    adapt = connection.ops.adapt_datetimefield_value
    ids = _next_ids(Ticket, len(plans))
    tickets, clocks, callbacks, history = [], [], [], []
    for pk, plan, maker in zip(ids, plans, maker_of, strict=True):
        f = TICKET_DEFAULTS | plan.fields
        f["id"] = pk
        f["number"] = f"{PREFIX[TicketKind(f['kind'])]}{timezone.localdate(f['registered_at']):%Y%m%d}{pk:06d}"
        tickets.append([adapt(f[c]) if isinstance(f[c], datetime) else f[c] for c in TICKET_COLUMNS])
        for clock in maker.clocks(plan):
            clock["ticket_id"] = pk
            clocks.append([adapt(v) if isinstance(v := clock[c], datetime) else v for c in CLOCK_COLUMNS])
        if plan.callback is not None:
            cb = plan.callback | {"ticket_id": pk, "project_id": f["project_id"]}
            callbacks.append([adapt(v) if isinstance(v := cb[c], datetime) else v for c in CALLBACK_COLUMNS])
        if steps == "all" or f["status"] != S.CLOSED:
            history += [(pk, adapt(at), *rest) for at, *rest in plan.steps]
    counts: Counter[str] = Counter()
    counts["tickets"] = bulk_insert(Ticket, TICKET_COLUMNS, tickets)
    counts["clocks"] = bulk_insert(SlaClock, CLOCK_COLUMNS, clocks)
    counts["callbacks"] = bulk_insert(Callback, CALLBACK_COLUMNS, callbacks)
    counts["steps"] = bulk_insert(TicketStep, STEP_COLUMNS, history)
    return counts


# ---- who and where -------------------------------------------------------------------------------------


def _households(project: Project, rng: random.Random) -> list[Household]:
    """The project's rooms with a current occupant who reports (people without a room report public places)."""
    from yidang.households.models import Occupancy

    rows = (
        Occupancy.objects.filter(room__project=project, end_date__isnull=True, person__isnull=False)
        .order_by("room_id", "id")
        .values_list("room_id", "person__name", "person__phone")
    )
    seen: dict[int, Household] = {}
    for room_id, name, phone in rows.iterator(chunk_size=10_000):
        seen.setdefault(room_id, Household(room_id, name, phone or ""))
    households = list(seen.values())
    if not households:  # a project with no households yet: public places only
        households = [Household(None, name, "") for name in ("张伟", "王芳", "李娜", "刘强")]
    return households


def staff_ensure(project: Project) -> Staff:
    """The project's desk: two CS assistants, four engineers, a supervisor and a manager (made when missing)."""
    from yidang.accounts.models import Department
    from yidang.demo.actions import DemoUser, demo_user_ensure

    code = project.code
    specs = [
        DemoUser(f"svc_{code.lower()}_cs1", Role.CS_ASSISTANT, (code,), f"{code}客服一"),
        DemoUser(f"svc_{code.lower()}_cs2", Role.CS_ASSISTANT, (code,), f"{code}客服二"),
        *(DemoUser(f"svc_{code.lower()}_eng{i}", Role.ENGINEERING, (code,), f"{code}维修{i}", Department.ENGINEERING)
          for i in range(1, 5)),
        DemoUser(f"svc_{code.lower()}_sup", Role.CS_SUPERVISOR, (code,), f"{code}客服主管"),
        DemoUser(f"svc_{code.lower()}_mgr", Role.CS_MANAGER, (code,), f"{code}客服经理"),
    ]  # fmt: skip
    users = [demo_user_ensure(spec=spec) for spec in specs]
    return Staff(registrars=[users[0].pk, users[1].pk], workers=[u.pk for u in users[2:6]], manager=users[7].pk)


def _shares(total: int, weights: list[int]) -> list[int]:
    shares = [total * w // max(1, sum(weights)) for w in weights]
    shares[0] += total - sum(shares)
    return shares


def tickets_seed(
    *,
    tickets: int,
    open_tickets: int,
    days: int = 730,
    seed: int = 1,
    now: datetime | None = None,
    steps: str = "open",
    progress: Progress | None = None,
) -> TicketSeedSummary:
    """``tickets`` tickets over the last ``days`` days, ``open_tickets`` of them still open, spread over the
    projects by their households; deterministic from ``seed`` (and ``now``)."""
    from django.db.models import Count

    if not 0 <= open_tickets <= tickets:
        raise ValueError("open_tickets must be between 0 and tickets")
    started = time.monotonic()
    now = now or timezone.now().replace(microsecond=0)
    projects = list(Project.objects.annotate(n=Count("rooms")).order_by("code"))
    if not projects:
        raise ValueError("no projects: seed the households first (seed_demo)")
    categories: dict[str, list[TicketCategory]] = {
        kind: [c for c in TicketCategory.objects.filter(active=True) if kind in c.kinds.split(",")] for kind in K
    }
    policies: dict[tuple[str, str], list[SlaPolicy]] = {}
    for policy in SlaPolicy.objects.filter(active=True).order_by("pk"):
        policies.setdefault((policy.kind, policy.priority), []).append(policy)
    calendar = Calendar()
    summary = TicketSeedSummary(tickets=tickets, open=open_tickets, now=now)
    weights = [max(1, p.n) for p in projects]  # type: ignore[attr-defined]
    totals, opens = _shares(tickets, weights), _shares(open_tickets, weights)
    done = 0
    for project, total, open_n in zip(projects, totals, opens, strict=True):
        rng = random.Random(f"yidang-tickets:{seed}:{project.code}")
        with transaction.atomic():
            staff = staff_ensure(project)
        maker = TicketMaker(project.pk, rng, _households(project, rng), staff, categories, policies, calendar, now,
                            days)  # fmt: skip
        # which of the project's tickets stay open: drawn once, so the open ones are spread over the run
        open_flags = iter(rng.sample(range(total), open_n))
        is_open = set(open_flags)
        for first in range(0, total, BATCH):
            batch = range(first, min(total, first + BATCH))
            plans = [maker.make(open_=i in is_open) for i in batch]
            with transaction.atomic():
                summary.rows += _write(plans, [maker] * len(plans), steps)
            done += len(plans)
            if progress:
                progress(done, tickets)
    summary.seconds = time.monotonic() - started
    with transaction.atomic():
        after = {"tickets": tickets, "open": open_tickets, "days": days, "seed": seed, "steps": steps,
                 "now": now.isoformat(), "rows": dict(summary.rows), "seconds": round(summary.seconds, 1),
                 "version": TICKETS_SEED_VERSION}  # fmt: skip
        company = Company.objects.order_by("pk").first()
        audit_record(actor=None, change=Change(SEED_ACTION, company or projects[0], after=after))
    return summary


def last_tickets_seed() -> AuditEvent | None:
    return AuditEvent.objects.filter(action=SEED_ACTION).order_by("-seq").first()
