"""Forms of the loss and damage pages. They parse input only; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yidang.archive.models import Document
from yidang.incidents.models import Cause, IncidentKind, StepKind

_MINUTE = {"type": "datetime-local"}


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=IncidentKind.choices, widget=forms.RadioSelect)
    documents = forms.MultipleChoiceField(label=_("涉及文件"), widget=forms.CheckboxSelectMultiple)
    found_at = forms.DateTimeField(
        label=_("发现时间"),
        required=False,
        widget=forms.DateTimeInput(attrs=_MINUTE, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("留空为现在"),
    )
    cause = forms.ChoiceField(label=_("原因"), choices=Cause.choices, initial=Cause.UNKNOWN)
    note = forms.CharField(
        label=_("情况说明"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("什么文件、在哪里、怎样发现的、损坏程度"),
    )

    def __init__(self, *args: Any, documents: list[Document], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["documents"].choices = [  # type: ignore[attr-defined]
            (str(d.pk), _("第%(no)s件 %(t)s") % {"no": d.item_no, "t": d.title}) for d in documents
        ]


class CauseForm(forms.Form):
    cause = forms.ChoiceField(label=_("原因"), choices=Cause.choices)
    note = forms.CharField(label=_("认定依据"), max_length=500)


class StepForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("处理措施"),
        choices=[
            (k.value, k.label)
            for k in (StepKind.REPAIR, StepKind.REPLACE, StepKind.POLICE, StepKind.MANAGEMENT, StepKind.NOTE)
        ],
    )
    note = forms.CharField(label=_("处理情况"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    police_report_no = forms.CharField(label=_("报警回执号（报警时）"), max_length=60, required=False)
    documents = forms.MultipleChoiceField(
        label=_("已补充的文件（补充时）"), widget=forms.CheckboxSelectMultiple, required=False
    )
    original_location = forms.CharField(
        label=_("原件存放处（补充时）"), max_length=200, required=False, help_text=_("补充的为复印件，如：业主处")
    )

    def __init__(self, *args: Any, documents: list[Document], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["documents"].choices = [  # type: ignore[attr-defined]
            (str(d.pk), _("第%(no)s件 %(t)s") % {"no": d.item_no, "t": d.title}) for d in documents
        ]


class CloseForm(forms.Form):
    note = forms.CharField(label=_("结案说明"), max_length=500)
