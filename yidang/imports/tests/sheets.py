"""Workbooks for the import tests, written with openpyxl the way messy real files come in."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import openpyxl

from yidang.imports.columns import COLUMNS

HEADERS = [c.header for c in COLUMNS]
TRADITIONAL = [
    "樓棟",
    "單元",
    "樓層",
    "房號",
    "建築面積",
    "房屋用途",
    "業戶類型",
    "姓名",
    "性別",
    "證件類型",
    "證件號碼",
    "聯繫電話",
    "籍貫",
    "戶口所在地",
    "入夥日期",
    "緊急聯繫人",
    "緊急聯繫電話",
    "車牌號",
    "備註",
]
# Valid GB 11643 numbers.
ID_LI = "110101199003077571"
ID_WANG = "440106198507150027"
ID_CHEN = "310104197712125318"
ID_BAD_CHECKSUM = "110101199003077578"


def row(headers: list[str] = HEADERS, **cells: Any) -> list[Any]:
    """A sheet row with ``cells`` (keyed by column key) in the right places."""
    keys = [c.key for c in COLUMNS]
    out: list[Any] = [None] * len(headers)
    for key, value in cells.items():
        out[keys.index(key)] = value
    return out


def workbook(
    rows: Sequence[Sequence[Any] | None],
    *,
    headers: list[str] = HEADERS,
    title_rows: list[str] = (),  # type: ignore[assignment]
    extra_columns: dict[str, list[Any]] | None = None,
    formats: dict[tuple[int, int], str] | None = None,
) -> bytes:
    """An .xlsx: optional title rows, the header row, then ``rows`` (None = an empty row)."""
    book = openpyxl.Workbook()
    sheet = book.active
    for title in title_rows:
        sheet.append([title])
    extra = extra_columns or {}
    sheet.append(headers + list(extra))
    for index, cells in enumerate(rows):
        if cells is None:
            sheet.append([])
            continue
        sheet.append(list(cells) + [values[index] for values in extra.values()])
    for (r, c), number_format in (formats or {}).items():
        sheet.cell(row=r, column=c).number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
