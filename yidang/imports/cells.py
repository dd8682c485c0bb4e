"""Reading one cell of a messy sheet: full-width text, numbers stored as floats, dates in any form.

Pure functions: each returns the clean value or raises DomainError with a Chinese reason that
the row parser reports next to the row number and column header.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from yidang.core.errors import DomainError

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_FLOOR = re.compile(r"^(?:第)?(-?\d+)(?:层|樓|楼|F)?$|^F(\d+)$")
_BASEMENT = re.compile(r"^(?:B|负|地下|-)(\d+)(?:层|樓|楼|F)?$")
_AREA_UNITS = re.compile(r"(㎡|m²|m2|平方米|平米|平方|平)$", re.IGNORECASE)
_CODE_SUFFIX = {
    "building": re.compile(r"(号楼|栋|棟|幢|座)$"),
    "unit": re.compile(r"(单元|單元)$"),
    "number": re.compile(r"(室|号|號)$"),
}


def text(value: object) -> str:
    """A cell as clean text: NFKC (full-width → half-width), trimmed, inner spaces collapsed."""
    if value is None or value == "":
        return ""
    if type(value) is not str:
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, datetime) and value.time() == time(0, 0):
            value = value.date()
        value = str(value)
    if not unicodedata.is_normalized("NFKC", value):
        value = unicodedata.normalize("NFKC", value)
    return " ".join(value.split())  # split() knows every Unicode space, the full-width one too


def has_cjk(value: str) -> bool:
    return bool(_CJK.search(value))


def person_name(value: object) -> str:
    """A name: Chinese names lose every space (``张 伟`` → ``张伟``), others keep single spaces."""
    name = text(value)
    return name.replace(" ", "") if has_cjk(name) else name


def code(value: object, kind: str) -> str:
    """Building, unit or room number as a code: no spaces, upper case, ``2栋`` → ``2``."""
    raw = text(value).replace(" ", "").upper()
    return _CODE_SUFFIX[kind].sub("", raw) or raw


def floor(value: object) -> int:
    """``15``, ``15.0``, ``15层``, ``F15`` → 15; ``-1``, ``B1``, ``负1``, ``地下1层`` → -1."""
    raw = text(value)
    basement = _BASEMENT.match(raw.upper())
    match = _FLOOR.match(raw.upper())
    if basement:
        number = -int(basement.group(1))
    elif match:
        number = int(match.group(1) or match.group(2))
    else:
        raise DomainError(_("楼层应为整数（如 15、-1 或 B1），实际为“%(raw)s”") % {"raw": raw})
    if not -20 <= number <= 300:
        raise DomainError(_("楼层 %(floor)s 超出范围（-20 至 300）") % {"floor": number})
    return number


def area(value: object) -> Decimal | None:
    """Floor area in m² with two decimals; ``89.5㎡`` and ``89.5平方米`` count."""
    raw = text(value)
    if not raw:
        return None
    try:
        number = Decimal(_AREA_UNITS.sub("", raw.replace(",", "")).strip())
    except InvalidOperation:
        raise DomainError(_("建筑面积应为数字（如 89.5），实际为“%(raw)s”") % {"raw": raw}) from None
    if not number.is_finite() or number < 0:
        raise DomainError(_("建筑面积不能为负数，实际为“%(raw)s”") % {"raw": raw})
    if number >= 10_000_000:
        raise DomainError(_("建筑面积 %(raw)s 过大（上限 9999999.99 m²）") % {"raw": raw})
    return number.quantize(Decimal("0.01"))


def excel_date(value: object) -> date | None:
    """A date from a date cell, an Excel serial number or text (2021-05-01, 2021/5/1, 2021年5月1日, 20210501)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_number(value, text(value))
    raw = text(value)
    if not raw:
        return None
    found = _DATE_TEXT.match(raw) or _DATE_COMPACT.match(raw)
    if found:
        return _checked_date(int(found.group(1)), int(found.group(2)), int(found.group(3)), raw)
    if raw.isdigit() and len(raw) == 5:
        return _from_number(int(raw), raw)
    raise DomainError(_unreadable_date(raw))


def _unreadable_date(raw: str) -> str:
    return _("日期无法识别：“%(raw)s”（应为 2021-05-01 这样的日期）") % {"raw": raw}


def _from_number(number: float, raw: str) -> date:
    if 19000101 <= number <= 21001231 and float(number).is_integer():
        digits = str(int(number))
        return _checked_date(int(digits[:4]), int(digits[4:6]), int(digits[6:]), raw)
    if 1 <= number < 2958466:
        return _EXCEL_EPOCH + timedelta(days=int(number))
    raise DomainError(_unreadable_date(raw))


def _checked_date(year: int, month: int, day: int, raw: str) -> date:
    try:
        found = date(year, month, day)
    except ValueError:
        raise DomainError(_("日期无效：“%(raw)s”") % {"raw": raw}) from None
    if not 1900 <= found.year <= 2100:
        raise DomainError(_("日期超出范围：“%(raw)s”") % {"raw": raw})
    return found


def choice(value: object, words: dict[str, str], what: str, offered: tuple[str, ...]) -> str | None:
    """The canonical value a word stands for; None when the cell is empty."""
    raw = text(value).replace(" ", "")
    if not raw:
        return None
    found = words.get(raw) or words.get(raw.upper())
    if found is None:
        raise DomainError(
            _("无法识别的%(what)s“%(raw)s”，可选：%(offered)s")
            % {"what": what, "raw": raw, "offered": "、".join(offered)}
        )
    return found


def split_list(value: object) -> list[str]:
    """Several values in one cell, separated by commas, 、, semicolons or slashes."""
    return [part.strip() for part in re.split(r"[,，、;；/]+", text(value)) if part.strip()]


def limited(value: str, limit: int, what: str) -> str:
    if len(value) > limit:
        raise DomainError(
            _("%(what)s过长（%(length)d 个字），最多 %(limit)d 个字")
            % {"what": what, "length": len(value), "limit": limit}
        )
    return value
