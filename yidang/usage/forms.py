"""Forms of the usage pages: the ledger's filters, the month chooser, the reason for a reveal."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yidang.usage.models import UsageKind
from yidang.usage.queries import this_month

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(raw: str | None) -> date | None:
    """``2026-03`` → 2026-03-01; anything else (or a month out of range) → None."""
    match = _MONTH.match((raw or "").strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    return date(year, month, 1) if 2000 <= year <= 2100 and 1 <= month <= 12 else None


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-01"})

    def to_python(self, value: Any) -> date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        month = parse_month(text)
        if month is None:
            raise forms.ValidationError(_("月份格式应为 年-月，例如 2026-03"))
        return month


class LedgerFilterForm(forms.Form):
    month = MonthField(label=_("月份"), required=False)
    kind = forms.ChoiceField(label=_("利用方式"), choices=[("", _("全部")), *UsageKind.choices], required=False)
    who = forms.CharField(label=_("利用人 / 部门"), max_length=50, required=False)
    number = forms.CharField(label=_("档案号"), max_length=60, required=False)
    purpose = forms.CharField(label=_("目的包含"), max_length=100, required=False)

    def filters(self) -> dict[str, Any]:
        """The valid filters; a bad field is left out rather than failing the whole ledger."""
        if self.is_valid():
            data = self.cleaned_data
        else:
            data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        return {
            "month": data.get("month"),
            "kind": data.get("kind", ""),
            "who": (data.get("who") or "").strip(),
            "number": (data.get("number") or "").strip(),
            "purpose": (data.get("purpose") or "").strip(),
        }


class MonthForm(forms.Form):
    month = MonthField(label=_("月份"), required=False)

    def month_or_current(self) -> date:
        month = self.cleaned_data.get("month") if self.is_valid() else None
        return month or this_month()


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("查看原因"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("例如：办理过户核对身份"), "autocomplete": "off"}),
        error_messages={"required": _("请说明查看完整证件号码的原因")},
    )
