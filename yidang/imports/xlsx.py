"""Workbooks we hand out: the import template and an uploaded sheet annotated with its errors."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from yidang.imports.columns import (
    ID_TYPE_CHOICES,
    REQUIRED_KEYS,
    ROLE_CHOICES,
    SEX_CHOICES,
    SHEET_COLUMNS,
    TEXT_KEYS,
    USE_CHOICES,
    header_key,
)
from yidang.imports.rows import RowError

TITLE = "业户基本情况汇总表"
ERROR_HEADER = "错误说明"
HEADER_FILL = PatternFill("solid", fgColor="D9EAD3")
BAD_FILL = PatternFill("solid", fgColor="FFC7CE")
NOTE_FILL = PatternFill("solid", fgColor="FDECEA")
TEMPLATE_ROWS = 2000
INSTRUCTIONS = [
    "填写说明",
    "1. 每行一个房屋及其主要业户；不填姓名表示空置房屋。楼栋、楼层、房号必填。",
    "2. 房屋编码为 楼栋-楼层-房号（如 A2-15-1503），在项目内唯一；同一文件中每个房屋只能出现一次。",
    "3. 业户类型：" + "、".join(ROLE_CHOICES) + "；不填默认为业主。",
    "4. 房屋用途：" + "、".join(USE_CHOICES) + "；不填默认为住宅。",
    "5. 证件类型：" + "、".join(ID_TYPE_CHOICES) + "；填了证件号码而不填类型时按居民身份证校验。",
    "6. 证件号码、联系电话请以文本格式填写，避免 Excel 把长数字改成科学计数法。",
    "7. 入伙日期如 2021-05-01、2021/5/1、2021年5月1日 均可。多个车牌用顿号分隔。",
    "8. 项目列可不填；填写时须为本次导入的项目编码或名称。",
    "9. 同一文件可重复导入：已有的房屋和业户不会重复创建；业主变化时按过户处理并保留历史。",
    "",
    "示例（项目 | 楼栋 | 单元 | 楼层 | 房号 | 建筑面积 | 房屋用途 | 业户类型 | 姓名 | 性别 | 证件类型 | 证件号码 | 联系电话）：",
    "HY | A2 | 1 | 15 | 1503 | 89.5 | 住宅 | 业主 | 张伟 | 男 | 身份证 | 11010519491231002X | 13812345678",
]


def template_workbook() -> bytes:
    """The downloadable import template: title, headers, drop-down lists, text-formatted ID/phone columns."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = TITLE
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(SHEET_COLUMNS))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([c.header for c in SHEET_COLUMNS])
    _style_header(sheet, 2)
    sheet.freeze_panes = "A3"
    letters = {c.key: get_column_letter(i) for i, c in enumerate(SHEET_COLUMNS, start=1)}
    for key in TEXT_KEYS:
        for row in range(3, TEMPLATE_ROWS + 3):
            sheet[f"{letters[key]}{row}"].number_format = "@"
    for key, choices in (
        ("role", ROLE_CHOICES),
        ("use", USE_CHOICES),
        ("sex", SEX_CHOICES),
        ("id_type", ID_TYPE_CHOICES),
    ):
        rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
        rule.add(f"{letters[key]}3:{letters[key]}{TEMPLATE_ROWS + 2}")
        sheet.add_data_validation(rule)
    notes = book.create_sheet("填写说明")
    for line in INSTRUCTIONS:
        notes.append([line])
    notes.column_dimensions["A"].width = 110
    return _save(book)


def _style_header(sheet: Worksheet, row: int) -> None:
    for index, column in enumerate(SHEET_COLUMNS, start=1):
        cell = sheet.cell(row=row, column=index)
        cell.font = Font(bold=True, color="B42318" if column.key in REQUIRED_KEYS else "000000")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width


def annotated_workbook(data: bytes, *, sheet_name: str, header_row: int, errors: Iterable[RowError]) -> bytes:
    """The uploaded sheet with a 错误说明 column and every bad cell filled red (with a comment)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[sheet_name] if sheet_name in book.sheetnames else book.worksheets[0]
    columns = _header_columns(sheet, header_row)
    note_column = sheet.max_column + 1
    header = sheet.cell(row=header_row, column=note_column, value=ERROR_HEADER)
    header.font, header.fill = Font(bold=True, color="B42318"), BAD_FILL
    sheet.column_dimensions[get_column_letter(note_column)].width = 60
    by_row: dict[int, list[RowError]] = defaultdict(list)
    for error in errors:
        by_row[error.row].append(error)
    for row, found in by_row.items():
        if row <= 0:
            continue
        for error in found:
            column = columns.get(header_key(error.column) or "")
            if column:
                cell = sheet.cell(row=row, column=column)
                cell.fill = BAD_FILL
                cell.comment = Comment(error.message, "一户一档")
        note = sheet.cell(row=row, column=note_column, value="；".join(_short(e) for e in found))
        note.fill = NOTE_FILL
        note.font = Font(color="8A1C12")
    return _save(book)


def _header_columns(sheet: Worksheet, header_row: int) -> dict[str, int]:
    columns: dict[str, int] = {}
    for cell in sheet[header_row]:
        key = header_key(cell.value)
        if key and key not in columns:
            columns[key] = int(cell.column)  # type: ignore[arg-type]
    return columns


def _short(error: RowError) -> str:
    return f"［{error.column}］{error.message}" if error.column else error.message


def _save(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
