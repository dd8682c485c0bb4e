"""Identity documents: validation (GB 11643, GB 32100), normalisation and masking."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yidang.core.errors import DomainError


class IdType(StrEnum):
    RESIDENT = "resident"  # 居民身份证
    PASSPORT = "passport"  # 护照
    HK_MACAU = "hk_macau"  # 港澳居民来往内地通行证
    TAIWAN = "taiwan"  # 台湾居民来往大陆通行证
    OTHER = "other"


ID_TYPE_LABELS = {
    IdType.RESIDENT: gettext_lazy("居民身份证"),
    IdType.PASSPORT: gettext_lazy("护照"),
    IdType.HK_MACAU: gettext_lazy("港澳居民来往内地通行证"),
    IdType.TAIWAN: gettext_lazy("台湾居民来往大陆通行证"),
    IdType.OTHER: gettext_lazy("其他证件"),
}

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"
_RESIDENT = re.compile(r"^\d{17}[\dX]$")
_PASSPORT = re.compile(r"^[A-Z0-9]{5,17}$")
_HK_MACAU = re.compile(r"^[HM]\d{8}(\d{2})?$")
_TAIWAN = re.compile(r"^\d{8}(\d{2})?$")


def normalize_id(raw: str) -> str:
    """Full-width to half-width, spaces removed, upper case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw or "")).upper()


def resident_check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def validate_resident_id(number: str) -> None:
    if not _RESIDENT.match(number):
        raise DomainError(_("身份证号码应为18位，前17位为数字，最后一位为数字或X"))
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise DomainError(_("身份证号码中的出生日期 %(number)s 不是有效日期") % {"number": number[6:14]}) from exc
    expected = resident_check_digit(number[:17])
    if number[17] != expected:
        raise DomainError(
            _("身份证号码校验位错误：最后一位应为 %(expected)s，实际为 %(actual)s")
            % {"expected": expected, "actual": number[17]}
        )


def validate_id(id_type: IdType, raw: str) -> str:
    """The normalised number, or DomainError saying what is wrong with it."""
    number = normalize_id(raw)
    if not number:
        raise DomainError(_("证件号码不能为空"))
    if id_type == IdType.RESIDENT:
        validate_resident_id(number)
    elif id_type == IdType.PASSPORT and not _PASSPORT.match(number):
        raise DomainError(_("护照号码应为5–17位字母或数字"))
    elif id_type == IdType.HK_MACAU and not _HK_MACAU.match(number):
        raise DomainError(_("港澳通行证号码应为H或M开头加8位或10位数字"))
    elif id_type == IdType.TAIWAN and not _TAIWAN.match(number):
        raise DomainError(_("台湾通行证号码应为8位或10位数字"))
    return number


def mask_id(number: str) -> str:
    """``110***********1234``: the first three and last four characters stay visible."""
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def birthday_from_resident_id(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except (ValueError, IndexError):
        return None


def sex_from_resident_id(number: str) -> str:
    return "M" if int(number[16]) % 2 else "F"


# Unified social credit code (统一社会信用代码), GB 32100-2015.
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def validate_uscc(raw: str) -> str:
    code = normalize_id(raw)
    if len(code) != 18 or any(c not in _USCC_CHARS for c in code):
        raise DomainError(_("统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）"))
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise DomainError(_("统一社会信用代码校验位错误：最后一位应为 %(expected)s") % {"expected": expected})
    return code
