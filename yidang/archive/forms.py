"""Forms of the archive pages. They only parse input; the actions decide and write."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from yidang.archive.actions import DocumentData
from yidang.archive.models import Archive, Document, DocumentType, RetentionClass
from yidang.households.forms import DATE_INPUT
from yidang.places.models import Building, Project


def grouped_type_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Document types grouped under their category, for a select with optgroups."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for doc_type in DocumentType.objects.select_related("category").order_by("category__sort", "sort", "code"):
        label = f"{doc_type.name}（{_('必备')}）" if doc_type.required else doc_type.name
        groups.setdefault(doc_type.category.name, []).append((doc_type.pk, label))
    return list(groups.items())


class DocumentForm(forms.Form):
    doc_type = forms.ModelChoiceField(label=_("文件类型"), queryset=DocumentType.objects.all())
    title = forms.CharField(label=_("题名（默认为类型名称）"), max_length=200, required=False)
    doc_date = forms.DateField(label=_("文件日期"), required=False, widget=DATE_INPUT)
    source = forms.CharField(label=_("来源（交件人）"), max_length=100, required=False)
    is_original = forms.BooleanField(label=_("原件"), required=False, initial=True)
    original_location = forms.CharField(label=_("原件存放处（复印件填写）"), max_length=200, required=False)
    pages = forms.IntegerField(label=_("页数"), min_value=1, max_value=32767, initial=1)
    paper_present = forms.BooleanField(label=_("纸质在袋"), required=False, initial=True)
    retention_class = forms.ChoiceField(
        label=_("保管期限"), choices=[("", _("按文件类型默认")), *RetentionClass.choices], required=False
    )
    retention_years = forms.IntegerField(label=_("自定义年限"), min_value=1, max_value=200, required=False)
    retention_reason = forms.CharField(label=_("期限调整理由"), max_length=200, required=False)
    note = forms.CharField(label=_("备注"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["doc_type"].widget.choices = [("", "———"), *grouped_type_choices()]

    def data_for_action(self) -> DocumentData:
        d = self.cleaned_data
        return DocumentData(
            doc_type=d["doc_type"],
            title=d["title"],
            doc_date=d["doc_date"],
            source=d["source"],
            is_original=d["is_original"],
            original_location=d["original_location"],
            pages=d["pages"],
            note=d["note"],
            paper_present=d["paper_present"],
            retention_class=d["retention_class"],
            retention_years=d["retention_years"],
            retention_reason=d["retention_reason"],
        )


def document_initial(doc: Document) -> dict[str, Any]:
    """A document as the edit form shows it; retention shows as "default" unless overridden."""
    overridden = bool(doc.retention_reason)
    return {
        "doc_type": doc.doc_type_id,
        "title": doc.title,
        "doc_date": doc.doc_date,
        "source": doc.source,
        "is_original": doc.is_original,
        "original_location": doc.original_location,
        "pages": doc.pages,
        "paper_present": doc.paper_present,
        "retention_class": doc.retention_class if overridden else "",
        "retention_years": doc.retention_years if overridden else None,
        "retention_reason": doc.retention_reason,
        "note": doc.note,
    }


class _FetchedChoices(ModelChoiceIterator):
    """The options in one plain query: a file's few dozen documents need no server-side cursor,
    whose DECLARE / FETCH / CLOSE cost three round trips on PostgreSQL."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class DocumentChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    iterator = _FetchedChoices

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.item_no}. {obj.title}"


class BuildingChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.project.code} {obj}"


class ScanForm(forms.Form):
    document = DocumentChoiceField(label=_("文件"), queryset=Document.objects.none())
    # Empty files reach the action, which says precisely why they are refused.
    upload = forms.FileField(
        label=_("扫描件（PDF、JPEG、PNG、TIFF）"),
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.tif,.tiff"}),
    )

    def __init__(self, *args: Any, archive: Archive, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["document"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Document.objects.filter(archive=archive).order_by("item_no")


class FlagsForm(forms.Form):
    has_renovation = forms.BooleanField(label=_("有装修（装修资料列入目录）"), required=False)
    has_transfer = forms.BooleanField(label=_("有过户（过户资料列入目录）"), required=False)


class ArchiveFilterForm(forms.Form):
    """Filters of the file list and the missing-items list (all optional)."""

    project = forms.ModelChoiceField(label=_("项目"), queryset=Project.objects.none(), required=False)
    building = BuildingChoiceField(label=_("楼栋"), queryset=Building.objects.none(), required=False)
    state = forms.ChoiceField(
        label=_("齐全情况"),
        required=False,
        choices=[("", _("全部")), ("complete", _("已齐全")), ("incomplete", _("未齐全"))],
    )
    number = forms.CharField(label=_("档案号"), max_length=60, required=False)

    def __init__(self, *args: Any, projects: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        project_field = self.fields["project"]
        building_field = self.fields["building"]
        assert isinstance(project_field, forms.ModelChoiceField)
        assert isinstance(building_field, forms.ModelChoiceField)
        project_field.queryset = projects
        building_field.queryset = Building.objects.filter(project__in=projects).select_related("project")

    def filters(self) -> dict[str, Any]:
        """The chosen filters as keyword arguments for the queries (empty when the form is invalid)."""
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "project_id": d["project"].pk if d["project"] else None,
            "building_id": d["building"].pk if d["building"] else None,
            "state": d["state"],
            "number": d["number"].strip(),
        }
