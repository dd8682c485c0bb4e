"""Each kind of bad row is named by row, column and reason in Chinese — and nothing is written."""

from __future__ import annotations

import pytest

from yidang.core.errors import DomainError
from yidang.imports.actions import households_import
from yidang.imports.rows import RowError
from yidang.imports.tests.sheets import ID_BAD_CHECKSUM, ID_LI, row, workbook

GOOD = row(building="C3", floor=12, number="1201", name="李明", id_number=ID_LI, phone="13812345678")


def commit(world, rows, **kwargs):
    return households_import(project=world.hy, data=workbook(rows, **kwargs), actor=world.assistant, commit=True)


def assert_rejected(world, table_counts, rows, expected, **kwargs):
    before = table_counts()
    report = commit(world, rows, **kwargs)
    assert report.errors == expected
    assert not report.committed
    assert table_counts() == before


def test_bad_id_checksum_is_named_and_nothing_is_written(world, table_counts):
    bad = row(building="C3", floor=12, number="1202", name="王芳", id_number=ID_BAD_CHECKSUM)
    expected = [RowError(3, "证件号码", "身份证号码校验位错误：最后一位应为 1，实际为 8")]
    assert_rejected(world, table_counts, [GOOD, bad], expected)


def test_duplicate_room_within_the_file_names_both_rows(world, table_counts):
    again = row(building="Ｃ3", floor="12", number="1201 ", name="王芳")
    expected = [RowError(3, "房号", "房屋 C3-12-1201 与第 2 行重复，每个房屋只能有一行")]
    assert_rejected(world, table_counts, [GOOD, again], expected)


def test_a_row_of_another_project_is_refused(world, table_counts):
    rows = [row(building="C3", floor=12, number="1201"), row(building="C3", floor=12, number="1202")]
    projects = {"项目": ["HY", "JM"]}
    expected = [RowError(3, "项目", "该行属于项目 JM（金茂大厦），不能导入到 华苑小区")]
    assert_rejected(world, table_counts, rows, expected, extra_columns=projects)


def test_project_may_be_named_by_code_or_name(world):
    rows = [row(building="C3", floor=12, number="1201"), row(building="C3", floor=12, number="1202")]
    report = commit(world, rows, extra_columns={"项目": ["hy", "华苑小区"]})

    assert report.errors == [] and report.counts["new_rooms"] == 2


def test_an_unknown_project_is_refused(world, table_counts):
    expected = [RowError(2, "项目", "该行属于项目 “XY”，不能导入到 华苑小区")]
    assert_rejected(world, table_counts, [GOOD], expected, extra_columns={"项目": ["XY"]})


def test_an_empty_row_in_the_middle_is_skipped_and_row_numbers_stay_excel_row_numbers(world, table_counts):
    bad = row(building="C3", floor="十二", number="1203")
    before = table_counts()
    report = commit(world, [GOOD, None, None, bad])

    assert report.skipped_rows == 2
    assert report.errors == [RowError(5, "楼层", "楼层应为整数（如 15、-1 或 B1），实际为“十二”")]
    assert table_counts() == before


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"floor": None}, "楼层", "楼层不能为空"),
        ({"building": " "}, "楼栋", "楼栋不能为空"),
        ({"number": None}, "房号", "房号不能为空"),
        ({"area": "约90"}, "建筑面积", "建筑面积应为数字（如 89.5），实际为“约90”"),
        ({"area": -3}, "建筑面积", "建筑面积不能为负数，实际为“-3”"),
        ({"use": "别墅"}, "房屋用途", "无法识别的房屋用途“别墅”，可选：住宅、商铺、办公、车位、储藏室"),
        ({"role": "房东"}, "业户类型", "无法识别的业户类型“房东”，可选：业主、共有人、租户、家庭成员、商户"),
        ({"sex": "不详"}, "性别", "无法识别的性别“不详”，可选：男、女"),
        ({"move_in_date": "去年五月"}, "入伙日期", "日期无法识别：“去年五月”（应为 2021-05-01 这样的日期）"),
        ({"move_in_date": "2021-02-30"}, "入伙日期", "日期无效：“2021-02-30”"),
        ({"phone": "12345"}, "联系电话", "手机号码 12345 无效：应为1开头的11位数字"),
        ({"name": "张" * 51}, "姓名", "姓名过长（51 个字），最多 50 个字"),
        ({"id_type": "护照", "id_number": "护照123"}, "证件号码", "护照号码应为5–17位字母或数字"),
        (
            {"id_number": 1.1010119900307757e17},
            "证件号码",
            "证件号码被 Excel 存成了数字，末几位已丢失：请把该列设为文本格式后重新填写",
        ),
        ({"emergency_name": "李雷"}, "紧急联系电话", "填写了紧急联系人时必须填写紧急联系电话"),
        ({"plates": "京A1"}, "车牌号", "车牌号“京A1”无效（应为 5–10 个字符，如 京A12345）"),
    ],
)
def test_each_bad_cell_is_reported_with_its_column_and_reason(world, table_counts, cells, column, message):
    fields = {"building": "C3", "floor": 12, "number": "1201", "name": "李明"} | cells
    assert_rejected(world, table_counts, [row(**fields)], [RowError(2, column, message)])


def test_occupant_details_without_a_name_are_an_error(world, table_counts):
    orphan = row(building="C3", floor=12, number="1201", phone="13812345678")
    expected = [RowError(2, "姓名", "姓名为空：填写了业户类型、证件号码或联系电话等业户信息时必须填写姓名")]
    assert_rejected(world, table_counts, [orphan], expected)


def test_every_error_of_the_sheet_is_listed_not_just_the_first(world, table_counts):
    rows = [
        row(building="C3", floor="x", number="1201", sex="?"),
        GOOD,
        row(building="C3", floor=12, number="1202", name="王芳", id_number=ID_BAD_CHECKSUM, phone="999"),
    ]
    before = table_counts()
    report = commit(world, rows)

    assert [(e.row, e.column) for e in report.errors] == [(2, "楼层"), (2, "姓名"), (4, "证件号码"), (4, "联系电话")]
    assert table_counts() == before


def test_missing_required_headers_are_named(world, table_counts):
    headers = ["楼栋", "单元", "房号", "姓名"]
    with pytest.raises(DomainError) as caught:
        commit(world, [["C3", "1", "1201", "李明"]], headers=headers)
    assert caught.value.message == "缺少必需的列：楼层。请使用导入模板的表头"


def test_a_sheet_without_a_header_row_is_refused(world):
    with pytest.raises(DomainError) as caught:
        commit(world, [["C3", "1", "1201"]], headers=["A", "B", "C"])
    assert caught.value.message == "没有找到表头：前 10 行中没有一行包含 楼栋、楼层、房号 等列名。请使用导入模板"
