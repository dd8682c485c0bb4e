"""The audit search's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yidang.audit.queries import AuditFilters, object_types


class AuditFilterForm(forms.Form):
    who = forms.CharField(label=_("操作人"), max_length=50, required=False,
                          widget=forms.TextInput(attrs={"placeholder": _("用户名或姓名；系统")}))  # fmt: skip
    action = forms.CharField(label=_("动作"), max_length=80, required=False,
                             widget=forms.TextInput(attrs={"placeholder": _("如 document.add 或 account")}))  # fmt: skip
    object_type = forms.ChoiceField(label=_("对象类型"), required=False)
    object_id = forms.CharField(label=_("对象编号"), max_length=64, required=False)
    object_text = forms.CharField(label=_("对象名称包含"), max_length=100, required=False)
    since = forms.DateField(label=_("从"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("到"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(label, f"{name}（{label}）") for label, name in object_types()]
        self.fields["object_type"].choices = [("", _("全部")), *choices]  # type: ignore[attr-defined]

    def filters(self) -> AuditFilters:
        """The valid filters; a bad field is left out rather than failing the whole search."""
        if self.is_valid():
            data = self.cleaned_data
        else:
            data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        text = {k: (data.get(k) or "").strip() for k in ("who", "action", "object_type", "object_id", "object_text")}
        return AuditFilters(**text, since=data.get("since"), until=data.get("until"))
