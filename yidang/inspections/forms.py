"""Forms of the inspection pages. They parse input only; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yidang.accounts.models import User
from yidang.archive.models import ChecklistItem
from yidang.inspections.actions import ItemCheck
from yidang.inspections.models import FindingKind, InspectionKind
from yidang.inspections.queries import chase_working_days

OK = ""


def _owner_label(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


ITEM_CHOICES = [(OK, _("齐全合格")), *FindingKind.choices]


class RecordForm(forms.Form):
    """One row per checklist item the check covers: in order, or which finding; the owner of the tasks."""

    owner = forms.ModelChoiceField(
        label=_("整改责任人"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("（没有问题时不用选）"),
        help_text=_("有问题时必填：本项目客服人员"),
    )
    due_days = forms.IntegerField(label=_("整改期限（工作日）"), min_value=0, max_value=60)
    note = forms.CharField(
        label=_("检查意见"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, items: list[ChecklistItem], owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        owner_field = self.fields["owner"]
        assert isinstance(owner_field, forms.ModelChoiceField)
        owner_field.queryset = owners
        owner_field.label_from_instance = _owner_label  # type: ignore[method-assign,assignment]
        self.fields["due_days"].initial = chase_working_days()
        for item in items:
            # What the catalogue says is the starting point: a type the file lacks is preset to "missing".
            initial = OK if item.satisfied else FindingKind.MISSING
            self.fields[f"kind_{item.doc_type_id}"] = forms.ChoiceField(
                label=str(item.doc_type), choices=ITEM_CHOICES, required=False, initial=initial
            )
            self.fields[f"note_{item.doc_type_id}"] = forms.CharField(label=_("说明"), max_length=300, required=False)

    def rows(self) -> list[tuple[ChecklistItem, forms.BoundField, forms.BoundField]]:
        return [(i, self[f"kind_{i.doc_type_id}"], self[f"note_{i.doc_type_id}"]) for i in self.items]

    def checks(self) -> list[ItemCheck]:
        d = self.cleaned_data
        return [
            ItemCheck(i.doc_type_id, d.get(f"kind_{i.doc_type_id}") or "", d.get(f"note_{i.doc_type_id}") or "")
            for i in self.items
        ]


class CloseForm(forms.Form):
    resolution = forms.CharField(
        label=_("整改情况"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("补交了什么、如何更正，原件存放在哪里"),
    )


class PlanForm(forms.Form):
    project: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("项目"), queryset=None, empty_label=None)  # type: ignore[arg-type]
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, projects: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]
        self.fields["year"].initial = timezone.localdate().year + 1


class PlannedCheckForm(forms.Form):
    month = forms.TypedChoiceField(
        label=_("月份"), choices=[(m, _("%(m)s 月") % {"m": m}) for m in range(1, 13)], coerce=int
    )
    kind = forms.ChoiceField(label=_("检查类型"), choices=InspectionKind.choices)
    scope = forms.CharField(label=_("检查范围"), max_length=200, help_text=_("如：全部楼栋抽查 5%、A2 栋入伙资料"))


class SampleForm(forms.Form):
    project: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("项目"), queryset=None, empty_label=None)  # type: ignore[arg-type]
    seed = forms.IntegerField(
        label=_("随机种子"),
        required=False,
        min_value=0,
        max_value=2**62,
        help_text=_("留空则随机生成；填写已记录的种子可重现同一抽样"),
    )

    def __init__(self, *args: Any, projects: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]
