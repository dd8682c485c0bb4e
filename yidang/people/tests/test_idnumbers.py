"""Identity documents: GB 11643 resident IDs, passports and travel permits, USCC codes, and masking."""

from __future__ import annotations

import datetime

import pytest

from yidang.core.errors import DomainError
from yidang.people.idnumbers import (
    IdType,
    birthday_from_resident_id,
    mask_id,
    resident_check_digit,
    sex_from_resident_id,
    validate_id,
    validate_uscc,
)


@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014"])
def test_the_standards_example_resident_ids_are_valid(number):
    assert validate_id(IdType.RESIDENT, number) == number


def test_a_lower_case_x_check_digit_is_accepted_and_stored_upper_case():
    assert validate_id(IdType.RESIDENT, "11010519491231002x") == "11010519491231002X"


def test_full_width_digits_and_spaces_are_normalised():
    assert validate_id(IdType.RESIDENT, " １１０１０５ １９４９１２３１００２Ｘ ") == "11010519491231002X"


def test_a_wrong_check_digit_is_refused_saying_which_digit_is_expected():
    with pytest.raises(DomainError) as caught:
        validate_id(IdType.RESIDENT, "110105194912310021")
    assert caught.value.message == "身份证号码校验位错误：最后一位应为 X，实际为 1"


def test_an_impossible_birth_date_is_refused_even_with_a_correct_check_digit():
    first17 = "11010519490230002"  # 30 February 1949
    with pytest.raises(DomainError) as caught:
        validate_id(IdType.RESIDENT, first17 + resident_check_digit(first17))
    assert caught.value.message == "身份证号码中的出生日期 19490230 不是有效日期"


@pytest.mark.parametrize(
    "number", ["1101051949123100", "11010519491231002XX", "11010519491231002Y", "A10105194912310021"]
)
def test_a_resident_id_of_the_wrong_shape_is_refused(number):
    with pytest.raises(DomainError, match="身份证号码应为18位，前17位为数字，最后一位为数字或X"):
        validate_id(IdType.RESIDENT, number)


def test_an_empty_number_is_refused():
    with pytest.raises(DomainError, match="证件号码不能为空"):
        validate_id(IdType.PASSPORT, "  ")


def test_birthday_and_sex_are_read_from_a_resident_id():
    assert birthday_from_resident_id("11010519491231002X") == datetime.date(1949, 12, 31)
    assert sex_from_resident_id("11010519491231002X") == "F"
    assert sex_from_resident_id("440524188001010014") == "M"


@pytest.mark.parametrize(
    ("id_type", "number", "expected"),
    [
        (IdType.PASSPORT, "e12345678", "E12345678"),
        (IdType.PASSPORT, "G1234", "G1234"),
        (IdType.HK_MACAU, "H12345678", "H12345678"),
        (IdType.HK_MACAU, "M1234567801", "M1234567801"),
        (IdType.TAIWAN, "12345678", "12345678"),
        (IdType.TAIWAN, "1234567801", "1234567801"),
    ],
)
def test_passports_and_travel_permits_of_the_right_shape_are_accepted(id_type, number, expected):
    assert validate_id(id_type, number) == expected


@pytest.mark.parametrize(
    ("id_type", "number", "message"),
    [
        (IdType.PASSPORT, "E12", "护照号码应为5–17位字母或数字"),
        (IdType.PASSPORT, "E-12345678", "护照号码应为5–17位字母或数字"),
        (IdType.HK_MACAU, "A12345678", "港澳通行证号码应为H或M开头加8位或10位数字"),
        (IdType.HK_MACAU, "H123456789", "港澳通行证号码应为H或M开头加8位或10位数字"),
        (IdType.TAIWAN, "123456789", "台湾通行证号码应为8位或10位数字"),
        (IdType.TAIWAN, "T1234567", "台湾通行证号码应为8位或10位数字"),
    ],
)
def test_passports_and_travel_permits_of_the_wrong_shape_are_refused_in_chinese(id_type, number, message):
    with pytest.raises(DomainError) as caught:
        validate_id(id_type, number)
    assert caught.value.message == message


def test_an_id_number_is_masked_to_its_first_three_and_last_four_characters():
    assert mask_id("110105194912311234") == "110***********1234"
    assert mask_id("E12345678") == "E12**5678"
    assert mask_id("G1234") == "*****"


@pytest.mark.parametrize("code", ["914403001922038216", "91350100M000100Y43", "91110000802100433b"])
def test_real_unified_social_credit_codes_are_valid(code):
    assert validate_uscc(code) == code.upper()


def test_a_uscc_with_a_wrong_check_character_is_refused():
    with pytest.raises(DomainError, match="统一社会信用代码校验位错误：最后一位应为 6"):
        validate_uscc("914403001922038217")


@pytest.mark.parametrize("code", ["91440300192203821", "9144030019220382I6", "91440300192203821O"])
def test_a_uscc_of_the_wrong_shape_is_refused(code):
    with pytest.raises(DomainError, match="统一社会信用代码应为18位数字或大写字母"):
        validate_uscc(code)
