"""manage.py import_households: errors printed by row and column, non-zero exit, counts on success."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from yidang.audit.models import AuditEvent
from yidang.imports.tests.sheets import ID_BAD_CHECKSUM, ID_LI, row, workbook
from yidang.places.models import Room


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "汇总表.xlsx"
    rows = [
        row(building="C3", floor=12, number="1201", name="李明", id_number=ID_LI),
        None,
        row(building="C3", floor=12, number="1202"),
    ]
    path.write_bytes(workbook(rows))
    return path


@pytest.fixture
def bad_file(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook([row(building="C3", floor=12, number="1201", name="李明", id_number=ID_BAD_CHECKSUM)]))
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_households", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_good_file_is_imported_and_counted(world, good_file):
    out, _ = run(good_file, "--project", "HY", "--user", "assistant")

    assert "已导入：2 行，跳过空行 1 行" in out
    assert "新建房屋：2" in out and "新建人员：1" in out
    assert Room.objects.filter(project=world.hy, building__code="C3").count() == 2
    assert AuditEvent.objects.filter(action="households.import").get().actor == world.assistant


def test_dry_run_writes_nothing(world, good_file, table_counts):
    before = table_counts()
    out, _ = run(good_file, "--project", "hy", "--dry-run")

    assert "预览（未写入）：2 行" in out
    assert table_counts() == before


def test_errors_are_printed_and_the_exit_status_is_non_zero(world, bad_file, table_counts):
    before = table_counts()
    err = io.StringIO()
    with pytest.raises(CommandError, match="发现 1 处错误，没有写入任何数据"):
        call_command("import_households", str(bad_file), "--project", "HY", stderr=err)

    assert err.getvalue() == "第 2 行\t证件号码\t身份证号码校验位错误：最后一位应为 1，实际为 8\n"
    assert table_counts() == before


def test_the_process_exit_status_is_1_on_errors(world, bad_file):
    from django.core.management import ManagementUtility

    utility = ManagementUtility(["manage.py", "import_households", str(bad_file), "--project", "HY"])
    with pytest.raises(SystemExit) as exited:
        utility.execute()
    assert exited.value.code == 1


def test_a_file_level_problem_is_a_command_error(world, tmp_path):
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    with pytest.raises(CommandError, match="旧版 Excel 97-2003"):
        run(path, "--project", "HY")


def test_an_unknown_project_or_a_user_of_another_project_is_refused(world, good_file):
    with pytest.raises(CommandError, match="项目 XX 不存在"):
        run(good_file, "--project", "XX")
    with pytest.raises(CommandError, match="用户 jm_assistant 不能向项目 HY 导入数据"):
        run(good_file, "--project", "HY", "--user", "jm_assistant")
