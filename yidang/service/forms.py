"""Forms of the service desk's pages. They only parse input; the actions decide and write.

Fields whose emptiness is a rule of the flow (a reason, a work record, an explanation…) are optional here
so that the action's own Chinese message is the one the user reads.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from yidang.accounts.models import Department, User
from yidang.core.errors import DomainError
from yidang.core.widgets import PlainSelect
from yidang.households.queries import households_visible_to
from yidang.places.models import Building, Project
from yidang.service.actions import TicketData
from yidang.service.listing import SLA_VIEWS, STATUS_VIEWS, TicketFilter, sla_view
from yidang.service.models import (
    PRIORITIES_OF,
    CallbackMethod,
    Channel,
    Priority,
    Satisfaction,
    Ticket,
    TicketCategory,
    TicketKind,
    TicketStatus,
)
from yidang.service.present import department_label

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
# Departments work is sent to (the company's own; management and sales take no tickets).
WORK_DEPARTMENTS = [
    (d.value, d.label)
    for d in (
        Department.ENGINEERING,
        Department.SECURITY,
        Department.CLEANING,
        Department.FINANCE,
        Department.CUSTOMER_SERVICE,
    )
]


class KindsSelect(forms.Select):
    """A select whose options say which kinds of ticket they fit (``data-kinds``); the page hides the others."""

    def __init__(self, kinds_of: dict[str, str], attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.kinds_of = kinds_of

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"]["data-kinds"] = self.kinds_of.get(str(value), "")
        return option


def _priority_kinds() -> dict[str, str]:
    return {p.value: ",".join(k.value for k, allowed in PRIORITIES_OF.items() if p in allowed) for p in Priority}


class TicketForm(forms.Form):
    """Registering a ticket: the household (or a common-area place), what it is, who reported it."""

    project = forms.ModelChoiceField(label=_("项目"), queryset=Project.objects.none(), empty_label=None)
    room = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("类型"), choices=TicketKind.choices, initial=TicketKind.REPAIR, widget=forms.RadioSelect
    )
    channel = forms.ChoiceField(
        label=_("渠道"),
        choices=[c for c in Channel.choices if c[0] != Channel.PORTAL],
        initial=Channel.PHONE,
    )
    category = forms.ModelChoiceField(label=_("类别"), queryset=TicketCategory.objects.none())
    priority = forms.ChoiceField(label=_("级别"), choices=Priority.choices, initial=Priority.ORDINARY)
    content = forms.CharField(label=_("内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    reporter_name = forms.CharField(label=_("报告人"), max_length=50)
    reporter_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    place = forms.CharField(
        label=_("公共区域地点"),
        max_length=100,
        required=False,
        help_text=_("不涉及具体房屋时填写，如“A2栋电梯厅”"),
    )

    def __init__(self, *args: Any, user: User, projects: QuerySet[Project], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.room_obj: Any = None
        project: Any = self.fields["project"]
        project.queryset = projects
        if projects.count() == 1:
            self.fields["project"].widget = forms.HiddenInput()
            self.fields["project"].initial = projects.first()
        categories = list(TicketCategory.objects.filter(active=True))
        category: Any = self.fields["category"]
        category.widget = KindsSelect({str(c.pk): c.kinds for c in categories})
        category.queryset = TicketCategory.objects.filter(active=True)  # also gives the new widget its choices
        priority: Any = self.fields["priority"]
        priority.widget = KindsSelect(_priority_kinds())
        priority.widget.choices = priority.choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        room_id, project = data.get("room"), data.get("project")
        if room_id:
            self.room_obj = households_visible_to(self.user).filter(pk=room_id, project=project).first()
            if self.room_obj is None:
                self.add_error(None, _("请从查找结果中选择本项目的房屋"))
        return data

    def ticket_data(self) -> TicketData:
        d = self.cleaned_data
        return TicketData(
            kind=d["kind"],
            channel=d["channel"],
            category=d["category"],
            content=d["content"],
            reporter_name=d["reporter_name"],
            reporter_phone=d["reporter_phone"],
            room=self.room_obj,
            place=d["place"],
            priority=d["priority"],
        )


class SlaField(forms.ChoiceField):
    """The time-limit filter; the ``sla=1`` of older links reads as ``on``."""

    def to_python(self, value: Any) -> str:
        return sla_view(super().to_python(value))

    def prepare_value(self, value: Any) -> Any:  # the select shows the view an older link asked for
        return sla_view(value) if isinstance(value, str) else value


class FilterForm(forms.Form):
    """The ticket list's filters (GET). Anything malformed is ignored rather than refused.

    Its selects are ``PlainSelect``s over choices read once per page (a project's buildings are many)."""

    status = forms.ChoiceField(
        label=_("状态"), choices=STATUS_VIEWS + list(TicketStatus.choices), required=False, widget=PlainSelect
    )
    kind = forms.ChoiceField(
        label=_("类型"), choices=[("", _("全部类型")), *TicketKind.choices], required=False, widget=PlainSelect
    )
    category = forms.ModelChoiceField(
        label=_("类别"),
        queryset=TicketCategory.objects.all(),
        required=False,
        empty_label=_("全部类别"),
        widget=PlainSelect,
    )
    building = forms.ModelChoiceField(
        label=_("楼栋"), queryset=Building.objects.none(), required=False, empty_label=_("全部楼栋"), widget=PlainSelect
    )
    sla = SlaField(label=_("时限"), choices=SLA_VIEWS, required=False, widget=PlainSelect)
    q = forms.CharField(
        label=_("查找"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("工单号 / 房号 / 报告人"), "type": "search"}),
    )

    def __init__(self, *args: Any, project_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        building: Any = self.fields["building"]
        building.queryset = Building.objects.filter(project_id__in=project_ids).order_by("project__code", "code")
        for name in ("category", "building"):  # one plain read each, not a server-side cursor per render
            field: Any = self.fields[name]
            field.widget.choices = [("", field.empty_label), *((o.pk, str(o)) for o in field.queryset)]

    def ticket_filter(self) -> TicketFilter:
        if not self.is_valid():
            return TicketFilter()
        d = self.cleaned_data
        return TicketFilter(
            status=d["status"] or "open",
            kind=d["kind"],
            category_id=d["category"].pk if d["category"] else None,
            building_id=d["building"].pk if d["building"] else None,
            sla=d["sla"],
            query=d["q"].strip(),
        )


# ---- one small form per step -------------------------------------------------------------------------


class StepForm(forms.Form):
    """A step's input. ``ticket`` and ``user`` are there for the forms whose choices depend on them."""

    def __init__(self, *args: Any, ticket: Ticket, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.step_prefix)
        super().__init__(*args, **kwargs)
        self.ticket = ticket
        self.user = user

    step_prefix = ""

    def add_domain_error(self, exc: DomainError) -> None:
        self.add_error(exc.field if exc.field in self.fields else None, exc.message)


class NoInputForm(StepForm):
    """Acknowledge, arrive, return the slip, resume: the button is all."""


class AcceptForm(StepForm):
    step_prefix = "accept"
    deadline_at = forms.DateTimeField(
        label=_("处理期限（重大投诉）"), required=False, widget=DATETIME_INPUT, input_formats=["%Y-%m-%dT%H:%M"]
    )


class RejectForm(StepForm):
    step_prefix = "reject"
    explanation = forms.CharField(
        label=_("向业主的解释说明"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def _worker_label(user: User) -> str:
    return f"{user} · {department_label(user.department)}"


class WorkerChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return _worker_label(obj)


class DispatchForm(StepForm):
    step_prefix = "dispatch"
    department = forms.ChoiceField(label=_("处理部门"), choices=WORK_DEPARTMENTS)
    assignee = WorkerChoice(label=_("处理人"), queryset=User.objects.none(), required=False, empty_label="—")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workers = User.objects.filter(projects=self.ticket.project_id, is_active=True)
        assignee: Any = self.fields["assignee"]
        assignee.queryset = workers.order_by("department", "username")
        self.fields["department"].initial = self.ticket.department or Department.ENGINEERING


class CompleteForm(StepForm):
    step_prefix = "complete"
    work_record = forms.CharField(
        label=_("处理记录"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("做了什么、换了什么材料")}),
    )


class ConfirmForm(StepForm):
    step_prefix = "confirm"
    signature = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"data-signature-value": ""}))
    code = forms.CharField(label=_("或输入业主确认码"), max_length=20, required=False)


class CallbackForm(StepForm):
    step_prefix = "callback"
    method = forms.ChoiceField(
        label=_("回访方式"), choices=CallbackMethod.choices, required=False, widget=forms.RadioSelect
    )
    result = forms.ChoiceField(
        label=_("回访结果"), choices=Satisfaction.choices, required=False, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("业主意见"), max_length=500, required=False)
    reopen = forms.BooleanField(label=_("不满意时重开工单（不勾选则转客服经理处理）"), required=False)


class NoteForm(StepForm):
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class FeedbackForm(NoteForm):
    step_prefix = "feedback"


class VerifyForm(NoteForm):
    step_prefix = "verify"


class CloseForm(NoteForm):
    step_prefix = "close"


class ReasonForm(StepForm):
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)


class ReopenForm(ReasonForm):
    step_prefix = "reopen"


class PauseForm(ReasonForm):
    step_prefix = "pause"
    reason = forms.CharField(
        label=_("原因"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("等待业主 / 等待配件")}),
    )
