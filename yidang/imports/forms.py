from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yidang.accounts.models import User
from yidang.accounts.queries import projects_of
from yidang.core.errors import DomainError
from yidang.imports.sheet import check_size, check_workbook_bytes
from yidang.places.models import Project


class ProjectChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Project) -> str:
        return f"{obj.name}（{obj.code}）"


class ImportUploadForm(forms.Form):
    """Pick one of *your* projects and a workbook. The bytes are checked before anything is stored."""

    project = ProjectChoiceField(queryset=Project.objects.none(), label=_("导入到项目"), empty_label=None)
    file = forms.FileField(
        label=_("业户基本情况汇总表（.xlsx）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects_of(user)  # type: ignore[attr-defined]
        self.file_bytes = b""

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
            self.file_bytes = upload.read()
            check_workbook_bytes(self.file_bytes)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None
        return upload


class ExportForm(forms.Form):
    project = ProjectChoiceField(
        queryset=Project.objects.none(), label=_("导出项目"), required=False, empty_label=_("我的全部项目")
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects_of(user)  # type: ignore[attr-defined]
