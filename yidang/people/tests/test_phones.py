"""Phone numbers: mainland mobiles and landlines in the forms people type them and Excel stores them."""

from __future__ import annotations

import pytest

from yidang.core.errors import DomainError
from yidang.people.phones import mask_phone, validate_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+86-138-1234-5678", "13812345678"),
        ("(+86)13812345678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("8613812345678", "13812345678"),
    ],
)
def test_a_mobile_number_is_accepted_in_its_common_spellings(raw, expected):
    assert validate_phone(raw) == expected


@pytest.mark.parametrize("raw", [13812345678.0, 13812345678])
def test_a_mobile_number_stored_by_excel_as_a_number_is_accepted(raw):
    assert validate_phone(raw) == "13812345678"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("010-12345678", "010-12345678"),
        ("0755-1234567", "0755-1234567"),
        ("(010)12345678", "01012345678"),
        ("010-12345678-123", "010-12345678-123"),
        ("82345678", "82345678"),
    ],
)
def test_a_landline_with_area_code_or_a_local_number_is_accepted(raw, expected):
    assert validate_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1381234567", "手机号码 1381234567 无效：应为1开头的11位数字"),
        ("12812345678", "手机号码 12812345678 无效：应为1开头的11位数字"),
        ("010-123", "电话号码 010-123 无效：应为11位手机号或带区号的固定电话（如 010-12345678）"),
        ("abc", "电话号码 abc 无效：应为11位手机号或带区号的固定电话（如 010-12345678）"),
        (" ", "电话号码不能为空"),
        (None, "电话号码不能为空"),
    ],
)
def test_a_bad_phone_number_is_refused_with_a_chinese_message(raw, message):
    with pytest.raises(DomainError) as caught:
        validate_phone(raw)
    assert caught.value.message == message


def test_phones_are_masked_to_the_last_four_digits():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("010-12345678") == "********5678"
