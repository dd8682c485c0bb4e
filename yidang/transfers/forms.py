"""Forms of the transfer pages. They parse input only; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yidang.accounts.models import User
from yidang.places.models import Project
from yidang.transfers.models import TransferItem, TransferRoute


class SheetForm(forms.Form):
    project = forms.ModelChoiceField(label=_("项目"), queryset=Project.objects.none())
    route = forms.ChoiceField(
        label=_("移交类别"), choices=TransferRoute.choices, initial=TransferRoute.STAFF_TO_ARCHIVIST
    )
    receiver = forms.ModelChoiceField(label=_("接收人（本项目人员）"), queryset=User.objects.none(), required=False)
    receiver_name = forms.CharField(
        label=_("或外部接收方"), max_length=100, required=False, help_text=_("如：某某物业服务有限公司 李四")
    )
    sender_name = forms.CharField(
        label=_("外部移交方（登记外部交来的档案时填写）"),
        max_length=100,
        required=False,
        help_text=_("留空：由您本人移交并签字"),
    )
    items = forms.CharField(
        label=_("移交清单"),
        widget=forms.Textarea(attrs={"rows": 6, "autocapitalize": "characters", "spellcheck": "false"}),
        help_text=_("每行一项，可扫码录入：档案号 = 整袋；档案号#3,5 = 该袋第3、5件；2-4 = 第2至4件"),
    )
    sent_at = forms.DateTimeField(
        label=_("移交时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("精确到分钟；留空为现在"),
    )
    note = forms.CharField(label=_("备注"), max_length=500, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from yidang.accounts.queries import projects_of

        projects = projects_of(user)
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]
        if projects.count() == 1:
            self.fields["project"].initial = projects.first()
        staff = User.objects.filter(projects__in=projects, is_active=True).exclude(pk=user.pk).distinct()
        self.fields["receiver"].queryset = staff.order_by("username")  # type: ignore[attr-defined]


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("差异说明"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("有未收到的项目时必填"),
    )
    signer = forms.CharField(label=_("签收人姓名（外部接收方）"), max_length=100, required=False)
    received_at = forms.DateTimeField(
        label=_("签收时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("精确到分钟；留空为现在"),
    )

    def __init__(self, *args: Any, items: list[TransferItem], outside: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"got_{item.pk}"] = forms.BooleanField(label=_("已收到"), required=False, initial=True)
        if not outside:
            del self.fields["signer"]

    def rows(self) -> list[tuple[TransferItem, forms.BoundField]]:
        return [(i, self[f"got_{i.pk}"]) for i in self.items]

    def received(self) -> frozenset[int]:
        return frozenset(i.pk for i in self.items if self.cleaned_data.get(f"got_{i.pk}"))


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("拒收理由"), max_length=500)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("自"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("至"), widget=forms.DateInput(attrs={"type": "date"}))

    @classmethod
    def this_month(cls) -> dict[str, Any]:
        today = timezone.localdate()
        return {"start": today.replace(day=1), "end": today}
