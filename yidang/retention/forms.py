"""Forms of the retention pages; the rules themselves are checked by the actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yidang.accounts.models import User
from yidang.accounts.roles import Role
from yidang.retention.models import Decision, Method


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("鉴定意见"),
        choices=[(Decision.KEEP, _("继续保存")), (Decision.DESTROY, _("销毁"))],
        widget=forms.RadioSelect,
    )
    keep_years = forms.IntegerField(label=_("继续保存年限"), min_value=1, max_value=100, required=False)
    reason = forms.CharField(label=_("理由"), max_length=300, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("审批意见"), max_length=300, required=False)


class ExecuteForm(forms.Form):
    method = forms.ChoiceField(label=_("销毁方式"), choices=Method.choices)
    witness = forms.ModelChoiceField(label=_("监销人（客服主管）"), queryset=User.objects.none())
    destroyed_at = forms.DateTimeField(
        label=_("销毁时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )

    def __init__(self, *args: Any, project_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["witness"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            projects=project_id, is_active=True, groups__name=Role.CS_SUPERVISOR.value
        ).order_by("username")
        self.fields["destroyed_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class HoldForm(forms.Form):
    archive_number = forms.CharField(label=_("档案号"), max_length=60)
    item_no = forms.IntegerField(label=_("件号（不填则冻结整个档案）"), min_value=1, required=False)
    reason = forms.CharField(label=_("冻结理由"), max_length=300)


class ReleaseForm(forms.Form):
    reason = forms.CharField(label=_("解除理由"), max_length=300)
