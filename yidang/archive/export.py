"""Excel exports of the archive (openpyxl, write-only: a whole project's list in little memory)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from yidang.archive.models import ChecklistItem
from yidang.archive.queries import owner_names

BATCH = 2000


def missing_items_workbook(items: QuerySet[ChecklistItem]) -> tuple[bytes, int]:
    """The missing items to chase as an .xlsx file, and how many rows it holds."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("缺件清单"))
    sheet.append(
        [
            _("项目"),
            _("楼栋"),
            _("房号"),
            _("档案号"),
            _("业主"),
            _("类别"),
            _("缺少的文件"),
            _("应存形式"),
            _("须原件"),
        ]
    )
    count = 0
    for row in _rows(items):
        sheet.append(row)
        count += 1
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), count


def _rows(items: QuerySet[ChecklistItem]) -> Iterator[list[str]]:
    for batch in _batches(items.iterator(chunk_size=BATCH), BATCH):
        names = owner_names({item.archive.room_id for item in batch})
        for item in batch:
            archive, doc_type = item.archive, item.doc_type
            yield [
                archive.project.code,
                archive.room.building.code,
                archive.room.code,
                archive.number,
                names.get(archive.room_id, ""),
                doc_type.category.name,
                doc_type.name,
                str(doc_type.get_required_form_display()),
                _("是") if doc_type.original_required else _("否"),
            ]


def _batches(items: Iterable[ChecklistItem], size: int) -> Iterator[list[ChecklistItem]]:
    batch: list[ChecklistItem] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
