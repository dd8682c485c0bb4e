"""Phone numbers: mainland mobiles and landlines, normalised to digits (with a dash for landlines)."""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from yidang.core.errors import DomainError

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_SHORT_LANDLINE = re.compile(r"^[2-8]\d{6,7}$")


def normalize_phone(raw: object) -> str:
    """Digits and dashes only; numbers stored by Excel as floats (1.38e10) come back whole."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = unicodedata.normalize("NFKC", str(raw or "")).strip()
    text = re.sub(r"[\s()（）]", "", text).replace("—", "-").replace("－", "-")
    # The country code goes only before a mobile number: "+86 138 1234 5678", "0086-138-…".
    return re.sub(r"^(?:\+|00)?86-?(?=1[\d-]{10,12}$)", "", text)


def validate_phone(raw: object) -> str:
    phone = normalize_phone(raw)
    if not phone:
        raise DomainError(_("电话号码不能为空"))
    digits = phone.replace("-", "")
    if _MOBILE.match(digits):
        return digits
    if _LANDLINE.match(phone) or _SHORT_LANDLINE.match(digits):
        return phone
    if digits.startswith("1"):
        raise DomainError(_("手机号码 %(phone)s 无效：应为1开头的11位数字") % {"phone": phone})
    raise DomainError(
        _("电话号码 %(phone)s 无效：应为11位手机号或带区号的固定电话（如 010-12345678）") % {"phone": phone}
    )


def mask_phone(phone: str) -> str:
    digits = phone.replace("-", "")
    if len(digits) == 11 and digits.startswith("1"):
        return digits[:3] + "****" + digits[-4:]
    if len(phone) > 4:
        return "*" * (len(phone) - 4) + phone[-4:]
    return phone
