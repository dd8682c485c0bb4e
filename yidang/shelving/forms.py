"""Forms of the storage pages. They parse input only; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yidang.archive.models import Category
from yidang.places.models import Project
from yidang.shelving.actions import LocationData
from yidang.shelving.codes import PARENT_KIND
from yidang.shelving.models import Location, LocationKind

BOX_FIELDS = ("category", "year", "first_number", "last_number")


class LocationForm(forms.Form):
    """A place's code, name and, for a box, its category, year and first–last number."""

    code = forms.CharField(
        label=_("编码"), max_length=40, required=False, help_text=_("已按上级位置自动编号，可修改；留空则自动编号")
    )
    name = forms.CharField(label=_("名称"), max_length=100, required=False, help_text=_("如“1号档案室”“第3层”"))
    parent = forms.ModelChoiceField(queryset=Location.objects.none(), label=_("上级位置"))
    category = forms.ModelChoiceField(queryset=Category.objects.all(), label=_("类别"), required=False)
    year = forms.IntegerField(label=_("年度"), min_value=1900, max_value=2200, required=False)
    first_number = forms.CharField(
        label=_("起始档案号"), max_length=60, required=False, help_text=_("留空则按盒内档案袋自动计算")
    )
    last_number = forms.CharField(label=_("终止档案号"), max_length=60, required=False)

    def __init__(self, *args: Any, project: Project, kind: str, choose_parent: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        parent_kind = PARENT_KIND[kind]
        if choose_parent and parent_kind is not None:
            parents = Location.objects.filter(project=project, kind=parent_kind).order_by("path")
            self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        else:
            del self.fields["parent"]
        if kind != LocationKind.BOX:
            for name in BOX_FIELDS:
                del self.fields[name]

    def location_data(self, parent: Location | None) -> LocationData:
        d = self.cleaned_data
        return LocationData(
            kind=self.kind,
            parent=d.get("parent", parent),
            code=d["code"],
            name=d["name"],
            category=d.get("category"),
            year=d.get("year"),
            first_number=d.get("first_number", ""),
            last_number=d.get("last_number", ""),
        )


class FolderMoveForm(forms.Form):
    to_code = forms.CharField(
        label=_("移至位置"),
        max_length=200,
        help_text=_("输入位置编码，或扫描位置标签上的二维码"),
        widget=forms.TextInput(attrs={"list": "folder-targets", "autocomplete": "off", "autocapitalize": "characters"}),
    )
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)
