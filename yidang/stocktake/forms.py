"""Forms of the stocktake pages. They parse input only; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yidang.places.models import Project
from yidang.shelving.models import Location, LocationKind
from yidang.stocktake.actions import CareCheckData
from yidang.stocktake.models import CareKind, Condition


class AreaChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Location) -> str:  # type: ignore[override]
        indent = "\u3000" * obj.path.count("/")
        return f"{indent}{obj.code} {obj.display_name}"


class StartForm(forms.Form):
    area = AreaChoice(
        queryset=Location.objects.none(), label=_("清点范围"), help_text=_("档案室、档案柜、层架或档案盒")
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False, help_text=_("如“2026 年末清点”"))

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Location.objects.filter(project=project).order_by("path")  # type: ignore[attr-defined]


_CONDITION = forms.RadioSelect(attrs={"class": "inline-choice"})


class CareCheckForm(forms.Form):
    room = forms.ModelChoiceField(queryset=Location.objects.none(), label=_("档案室"))
    kind = forms.ChoiceField(label=_("检查类型"), choices=CareKind.choices, initial=CareKind.WEEKLY)
    checked_on = forms.DateField(label=_("检查日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    damp = forms.ChoiceField(label=_("防潮"), choices=Condition.choices, initial=Condition.OK, widget=_CONDITION)
    insects = forms.ChoiceField(label=_("防虫"), choices=Condition.choices, initial=Condition.OK, widget=_CONDITION)
    damage = forms.ChoiceField(label=_("破损"), choices=Condition.choices, initial=Condition.OK, widget=_CONDITION)
    temperature = forms.DecimalField(label=_("温度（℃）"), max_digits=4, decimal_places=1, required=False)
    humidity = forms.IntegerField(label=_("相对湿度（%）"), required=False)
    findings = forms.CharField(
        label=_("发现的问题"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up = forms.CharField(
        label=_("处理措施"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rooms = Location.objects.filter(project=project, kind=LocationKind.ROOM).order_by("path")
        self.fields["room"].queryset = rooms  # type: ignore[attr-defined]
        if len(rooms) == 1:
            self.fields["room"].initial = rooms[0].pk
        self.fields["checked_on"].initial = timezone.localdate()

    def care_data(self) -> CareCheckData:
        d = self.cleaned_data
        return CareCheckData(
            kind=d["kind"],
            checked_on=d["checked_on"],
            damp=d["damp"],
            insects=d["insects"],
            damage=d["damage"],
            temperature=d.get("temperature"),
            humidity=d.get("humidity"),
            findings=d.get("findings", ""),
            follow_up=d.get("follow_up", ""),
        )


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("处理结果"), max_length=500)
