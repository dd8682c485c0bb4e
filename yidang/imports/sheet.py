"""Opening an uploaded workbook: size and type checks, then the header row and the data rows.

Reading uses python-calamine (Rust): a 100,000-row sheet is read in about a second.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import python_calamine
from django.conf import settings
from django.utils.translation import gettext as _

from yidang.core.errors import DomainError
from yidang.imports.cells import text
from yidang.imports.columns import HEADER_OF, REQUIRED_KEYS, header_key

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
HEADER_SEARCH_ROWS = 10
MIN_HEADER_MATCHES = 3
MAX_SHEETS_TRIED = 5
NOT_XLSX = "文件不是有效的 Excel 工作簿（.xlsx）"
OLD_XLS = "这是旧版 Excel 97-2003 (.xls) 文件，请在 Excel 中“另存为” .xlsx 后再导入"
ENCRYPTED = "文件已设置密码，请在 Excel 中取消密码后再导入"


def max_bytes() -> int:
    return int(settings.YIDANG_IMPORT_MAX_BYTES)


def check_size(size: int) -> None:
    limit = max_bytes()
    if size > limit:
        message = _("文件过大（%(size).1f MB），上限为 %(limit)d MB") % {
            "size": size / 1024 / 1024,
            "limit": limit // (1024 * 1024),
        }
        raise DomainError(message, field="file")


def check_workbook_bytes(data: bytes) -> None:
    """Size limit, then sniff the bytes: only a real .xlsx (a zip holding xl/workbook.xml) passes."""
    check_size(len(data))
    if data.startswith(OLE2_MAGIC):
        # Password-protected .xlsx files are OLE2 containers too; say which one it is.
        raise DomainError(_(ENCRYPTED) if "EncryptedPackage".encode("utf-16-le") in data else _(OLD_XLS), field="file")
    if not data.startswith(ZIP_MAGIC):
        raise DomainError(_(NOT_XLSX), field="file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise DomainError(_(NOT_XLSX), field="file") from None
    if "xl/workbook.xml" not in names:
        raise DomainError(_(NOT_XLSX), field="file")


@dataclass
class Sheet:
    """The data part of one worksheet: which column holds what, and the rows below the header."""

    name: str
    header_row: int  # Excel row number (1-based)
    columns: dict[str, int]  # column key → 0-based index into a row as read
    first_column: int  # 0-based Excel column index of a row's first cell as read
    rows: list[list[Any]] = field(repr=False)
    first_row: int = 1  # Excel row number of rows[0]
    ignored_headers: list[str] = field(default_factory=list)

    def data_rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(Excel row number, cells) of every row below the header."""
        start = self.header_row - self.first_row + 1
        for offset, cells in enumerate(self.rows[start:]):
            yield self.header_row + 1 + offset, cells

    @property
    def data_row_count(self) -> int:
        return max(0, len(self.rows) - (self.header_row - self.first_row + 1))


def read_sheet(data: bytes) -> Sheet:
    """The first worksheet (of the first few) that has a header row. Raises DomainError otherwise."""
    check_workbook_bytes(data)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [m.name for m in book.sheets_metadata if m.visible == python_calamine.SheetVisibleEnum.Visible]
    except python_calamine.CalamineError:
        raise DomainError(_(NOT_XLSX), field="file") from None
    best_missing: list[str] | None = None
    for name in sheets[:MAX_SHEETS_TRIED]:
        try:
            raw = book.get_sheet_by_name(name)
            rows = list(raw.iter_rows())
        except python_calamine.CalamineError:
            raise DomainError(_(NOT_XLSX), field="file") from None
        if not rows or raw.start is None or raw.end is None:
            continue
        # iter_rows starts at the sheet's first used column but (today) at row 1; derive both.
        first_row = raw.end[0] + 2 - len(rows)
        found = _find_header(rows, first_row)
        if found is None:
            continue
        header_row, columns, ignored = found
        missing = [HEADER_OF[key] for key in REQUIRED_KEYS if key not in columns]
        if missing:
            best_missing = best_missing or missing
            continue
        return Sheet(name, header_row, columns, raw.start[1], rows, first_row, ignored)
    if best_missing:
        raise DomainError(_("缺少必需的列：%(columns)s。请使用导入模板的表头") % {"columns": "、".join(best_missing)})
    raise DomainError(
        f"没有找到表头：前 {HEADER_SEARCH_ROWS} 行中没有一行包含 楼栋、楼层、房号 等列名。请使用导入模板",
    )


def _find_header(rows: list[list[Any]], first_row: int) -> tuple[int, dict[str, int], list[str]] | None:
    """The row (among the first few) naming the most known columns."""
    best: tuple[int, dict[str, int], list[str]] | None = None
    for offset, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        ignored: list[str] = []
        for index, cell in enumerate(cells):
            key = header_key(cell)
            if key and key not in columns:
                columns[key] = index
            elif text(cell):
                ignored.append(text(cell))
        if len(columns) >= MIN_HEADER_MATCHES and (best is None or len(columns) > len(best[1])):
            best = (first_row + offset, columns, ignored)
    return best
