"""Files that are not an .xlsx are refused before anything is parsed, with a message saying why."""

from __future__ import annotations

import io
import zipfile

import pytest

from yidang.core.errors import DomainError
from yidang.imports.actions import households_import
from yidang.imports.sheet import OLE2_MAGIC

MB = 1024 * 1024


def attempt(world, data):
    with pytest.raises(DomainError) as caught:
        households_import(project=world.hy, data=data, actor=world.assistant, commit=True)
    return caught.value.message


def test_a_20_mb_junk_file_is_too_large(world, table_counts):
    before = table_counts()
    assert attempt(world, b"\x00junk" * (4 * MB)) == "文件过大（20.0 MB），上限为 10 MB"
    assert table_counts() == before


def test_the_size_limit_comes_from_settings(world, settings):
    settings.YIDANG_IMPORT_MAX_BYTES = 1 * MB
    assert attempt(world, b"x" * (2 * MB)) == "文件过大（2.0 MB），上限为 1 MB"


def test_an_old_xls_file_renamed_xlsx_is_recognised(world, table_counts):
    ole2 = OLE2_MAGIC + b"\x00" * 504 + b"Workbook".join([b"\x00"] * 2) * 100
    before = table_counts()
    message = attempt(world, ole2)
    assert message == "这是旧版 Excel 97-2003 (.xls) 文件，请在 Excel 中“另存为” .xlsx 后再导入"
    assert table_counts() == before


def test_a_password_protected_workbook_is_recognised(world):
    encrypted = OLE2_MAGIC + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    assert attempt(world, encrypted) == "文件已设置密码，请在 Excel 中取消密码后再导入"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"name,phone\n\xe5\xbc\xa0\xe4\xbc\x9f,13812345678\n",  # a CSV renamed .xlsx
        b"%PDF-1.7\n",
        b"PK\x03\x04 not really a zip",
    ],
)
def test_anything_else_is_not_a_workbook(world, data):
    assert attempt(world, data) == "文件不是有效的 Excel 工作簿（.xlsx）"


def test_a_zip_without_a_workbook_inside_is_not_a_workbook(world):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert attempt(world, out.getvalue()) == "文件不是有效的 Excel 工作簿（.xlsx）"
