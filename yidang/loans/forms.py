"""Forms of the loan pages. They parse input only; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yidang.archive.models import Document
from yidang.loans.actions import ReturnCheck


class LoanRequestForm(forms.Form):
    """Which folder (its archive number or room code, unless the page named it), why, and where."""

    folder = forms.CharField(label=_("档案号或房屋编码"), max_length=60, help_text=_("如 HY-A2-15-1503 或 A2-15-1503"))
    purpose = forms.CharField(label=_("借阅目的"), max_length=200, help_text=_("如：核对装修图纸、办理过户"))
    out_of_room = forms.BooleanField(
        label=_("需借出档案室"), required=False, help_text=_("借出档案室还须客服经理审批；否则在档案室查阅")
    )

    def __init__(self, *args: Any, fixed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if fixed:
            del self.fields["folder"]


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("审批意见"), max_length=200, required=False)


class ReturnForm(forms.Form):
    """One row per document of the loan's file list: came back (ticked by default), damaged."""

    note = forms.CharField(
        label=_("归还检查"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("有缺失或损坏时必填：缺哪几页、损坏情况"),
    )

    def __init__(self, *args: Any, documents: list[Document], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.documents = documents
        for doc in documents:
            self.fields[f"back_{doc.pk}"] = forms.BooleanField(label=_("已归还"), required=False, initial=True)
            self.fields[f"damaged_{doc.pk}"] = forms.BooleanField(label=_("损坏"), required=False)

    def rows(self) -> list[tuple[Document, forms.BoundField, forms.BoundField]]:
        return [(d, self[f"back_{d.pk}"], self[f"damaged_{d.pk}"]) for d in self.documents]

    def check(self) -> ReturnCheck:
        d = self.cleaned_data
        return ReturnCheck(
            returned=frozenset(doc.pk for doc in self.documents if d.get(f"back_{doc.pk}")),
            damaged=frozenset(doc.pk for doc in self.documents if d.get(f"damaged_{doc.pk}")),
            note=d.get("note", ""),
        )
