"""Forms of the access pages. They only parse input; the actions decide and write."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yidang.access.actions import RequestData
from yidang.access.models import CopyFor, CopyKind, RequestKind
from yidang.places.models import Project

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)

# Which fields each kind of request asks for (the others are dropped from the form).
_WINDOW = ["window_start", "window_end"]
FIELDS = {
    RequestKind.STAFF: ["project", "codes", "purpose", *_WINDOW],
    RequestKind.OWNER: ["project", "codes", "visitor_name", "visitor_id_number", "proof", "purpose", *_WINDOW],
    RequestKind.OUTSIDER: [
        "project",
        "codes",
        "visitor_name",
        "visitor_org",
        "visitor_id_number",
        "proof",
        "purpose",
        *_WINDOW,
    ],
    RequestKind.COPY: [
        "project",
        "copy_kind",
        "copy_for",
        "codes",
        "items",
        "purpose",
        "visitor_name",
        "visitor_org",
        "visitor_id_number",
        "proof",
        *_WINDOW,
    ],
}
HELP = {
    RequestKind.STAFF: _(
        "写明查阅目的、所需档案和时间，经客服主管或客服经理批准后，在批准的时间内于系统中查阅（只读）。"
    ),
    RequestKind.OWNER: _(
        "业主本人持身份证件和产权证明到前台查阅本户档案：核对证件号码与现业主一致，上传产权证明，经客服主管批准后由客服人员陪同查阅。"
    ),
    RequestKind.OUTSIDER: _("外部单位或人员须出示有效证明，经客服经理（服务中心经理）批准后由客服人员陪同查阅。"),
    RequestKind.COPY: _(
        "复印、打印、导出或拍照须经客服经理批准；批准后系统生成加盖水印（申请人、目的、日期）的复制件，领取时签收。为业主复制可按页收费。"
    ),
}


def _window_default() -> tuple[datetime, datetime]:
    start = timezone.localtime().replace(second=0, microsecond=0)
    return start, start + timedelta(days=1)


class RequestForm(forms.Form):
    project = forms.ModelChoiceField(label=_("项目"), queryset=Project.objects.none(), empty_label=None)
    copy_kind = forms.ChoiceField(label=_("复制方式"), choices=CopyKind.choices)
    copy_for = forms.ChoiceField(label=_("复制件用途"), choices=CopyFor.choices, initial=CopyFor.SELF)
    codes = forms.CharField(
        label=_("房号或档案号"),
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "A2-15-1503\nHY-B1-8-801"}),
        help_text=_("每行一个，或用逗号隔开；只能是本项目的房号或档案号"),
    )
    items = forms.CharField(
        label=_("件号（可选）"),
        required=False,
        help_text=_("只复制其中几件时填写，如“1, 3”；不填则复制档案目录"),
    )
    visitor_name = forms.CharField(label=_("来访人姓名"), max_length=50, required=False)
    visitor_org = forms.CharField(label=_("来访人单位"), max_length=100, required=False)
    visitor_id_number = forms.CharField(
        label=_("证件号码"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("只用于核对身份，系统不保存完整号码"),
    )
    proof = forms.FileField(label=_("证明材料（PDF、JPEG、PNG）"), required=False)
    purpose = forms.CharField(label=_("查阅目的"), max_length=200)
    window_start = forms.DateTimeField(label=_("查阅开始"), widget=DATETIME_INPUT, input_formats=[DATETIME_FORMAT])
    window_end = forms.DateTimeField(label=_("查阅截止"), widget=DATETIME_INPUT, input_formats=[DATETIME_FORMAT])

    def __init__(self, *args: Any, kind: str, projects: QuerySet[Project], **kwargs: Any) -> None:
        start, end = _window_default()
        kwargs.setdefault("initial", {}).update({"window_start": start, "window_end": end})
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name in [n for n in self.fields if n not in FIELDS[RequestKind(kind)]]:
            del self.fields[name]
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]
        if len(projects) == 1:
            self.fields["project"].initial = projects[0].pk
            self.fields["project"].widget = forms.HiddenInput()
        if kind in (RequestKind.OWNER, RequestKind.OUTSIDER):
            self.fields["visitor_name"].required = True
            self.fields["proof"].required = True
        if kind == RequestKind.OWNER:
            self.fields["visitor_id_number"].required = True
            self.fields["proof"].label = _("产权证明（PDF、JPEG、PNG）")
        if kind == RequestKind.COPY:
            self.fields["purpose"].label = _("复制目的")
            self.fields["window_end"].label = _("领取截止")
            self.fields["window_start"].label = _("开始时间")

    def request_data(self) -> RequestData:
        d = self.cleaned_data
        return RequestData(
            kind=self.kind,
            project=d["project"],
            codes=d["codes"],
            purpose=d["purpose"],
            window_start=d["window_start"],
            window_end=d["window_end"],
            visitor_name=d.get("visitor_name", ""),
            visitor_org=d.get("visitor_org", ""),
            visitor_id_number=d.get("visitor_id_number", ""),
            proof=d.get("proof"),
            copy_kind=d.get("copy_kind", ""),
            copy_for=d.get("copy_for", ""),
            items=d.get("items", ""),
        )


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("审批意见"), max_length=200, required=False)


class ReceiptForm(forms.Form):
    received_by = forms.CharField(label=_("签收人姓名"), max_length=50)


class MonthForm(forms.Form):
    month = forms.DateField(
        label=_("月份"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
