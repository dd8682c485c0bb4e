"""Excel exports of the paper archive: the shelf ledger (保管台账) and a building's catalogue (档案目录)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from yidang.archive.models import Archive, Document, RetentionClass
from yidang.archive.queries import owner_names
from yidang.places.models import Building, Project
from yidang.shelving.queries import building_catalogue, location_labels, shelf_ledger

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CHUNK = 1000


def _workbook(title: str, header: list[str], rows: Iterable[list[Any]], widths: list[int]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for i, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _chunks(archives: Iterable[Archive]) -> Iterator[list[Archive]]:
    chunk: list[Archive] = []
    for archive in archives:
        chunk.append(archive)
        if len(chunk) == _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ledger_rows(project: Project) -> Iterator[list[Any]]:
    labels = location_labels([project.pk])
    for chunk in _chunks(shelf_ledger(project.pk).iterator(chunk_size=_CHUNK)):
        owners = owner_names(a.room_id for a in chunk)
        for a in chunk:
            loc = a.location
            yield [
                loc.code if loc else "",
                labels.get(loc.pk, "") if loc else _("未上架"),
                a.number,
                a.room.code,
                owners.get(a.room_id, ""),
                a.get_status_display(),
            ]


def ledger_xlsx(project: Project) -> bytes:
    """Every folder of a project with its place, in shelf order."""
    header = [_("位置编码"), _("存放位置"), _("档案号"), _("房号"), _("业主"), _("档案状态")]
    title = _("保管台账")
    return _workbook(f"{project.code} {title}", header, ledger_rows(project), [24, 40, 20, 14, 16, 10])


def _retention(doc: Document) -> str:
    if doc.retention_class == RetentionClass.CUSTOM:
        return _("%(y)s年") % {"y": doc.retention_years}
    return str(doc.get_retention_class_display())


def catalogue_rows(building: Building) -> Iterator[list[Any]]:
    archives = list(building_catalogue(building.pk))
    owners = owner_names(a.room_id for a in archives)
    for a in archives:
        head = [a.number, a.room.code, owners.get(a.room_id, "")]
        docs = list(a.documents.all())
        if not docs:
            yield [*head, None, _("（尚无归档文件）"), None, "", None, "", "", "", ""]
        for d in docs:
            original = _("原件") if d.is_original else _("复印件（原件在%(p)s）") % {"p": d.original_location}
            paper = _("在袋") if d.paper_present else _("不在袋")
            yield [*head, d.item_no, d.title, d.doc_date, d.source, d.pages, original, _retention(d), paper, d.note]


def catalogue_xlsx(building: Building) -> bytes:
    """档案目录 of a building as a sheet: one row per document, the file's number on each row."""
    header = [_("档案号"), _("房号"), _("业主"), _("件号"), _("题名"), _("文件日期"), _("来源")]
    header += [_("页数"), _("原件/复印件"), _("保管期限"), _("纸质"), _("备注")]
    widths = [20, 12, 14, 6, 36, 12, 12, 6, 24, 10, 8, 20]
    title = _("档案目录")
    return _workbook(f"{building.code} {title}", header, catalogue_rows(building), widths)
