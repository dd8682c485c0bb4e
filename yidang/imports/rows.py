"""One row of the household summary: every cell checked, every problem named with row and column.

``RowParser.parse`` needs no database (the projects are read once up front), so the whole
sheet is validated before anything is planned or written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from yidang.core.errors import DomainError
from yidang.households.actions import normalize_plate
from yidang.households.models import OccupantRole
from yidang.imports import cells
from yidang.imports.columns import (
    HEADER_OF,
    ID_TYPE_CHOICES,
    ID_TYPE_WORDS,
    ORGANIZATION_ID,
    ROLE_CHOICES,
    ROLE_WORDS,
    SEX_CHOICES,
    SEX_WORDS,
    USE_CHOICES,
    USE_WORDS,
    header_key,
)
from yidang.people import crypto
from yidang.people.idnumbers import IdType, mask_id, normalize_id, sex_from_resident_id, validate_id, validate_uscc
from yidang.people.phones import validate_phone
from yidang.places.models import Project, room_code

T = TypeVar("T")
VACANT_WORDS = {"空置", "空房", "空"}
TOTAL_WORDS = {"合计", "总计", "小计", "合計", "總計"}
COMPANY_MARKERS = (
    "公司",
    "有限",
    "集团",
    "商行",
    "超市",
    "银行",
    "酒店",
    "餐厅",
    "药房",
    "中心",
    "事务所",
    "工作室",
    "经营部",
)
MAX_PERSON_NAME = 50
MAX_ORG_NAME = 100


@dataclass(frozen=True)
class RowError:
    row: int  # Excel row number; 0 for the file as a whole
    column: str  # the header as the template names it; "" for the whole row
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row else "文件"
        return f"{where}［{self.column}］{self.message}" if self.column else f"{where}：{self.message}"


@dataclass(slots=True)
class RowInput:
    """A valid row, in clean types. Empty optional cells are ``None`` / ``""``: "leave as it is"."""

    row: int
    building: str
    unit: str
    floor: int
    number: str
    area: Decimal | None = None
    use: str | None = None
    move_in_date: date | None = None
    note: str = ""
    role: str | None = None
    name: str = ""
    sex: str | None = None
    id_type: str | None = None
    id_number: str = ""
    id_hash: str = ""
    id_masked: str = ""
    is_org: bool = False
    uscc: str = ""
    phone: str = ""
    phone2: str = ""
    native_place: str = ""
    hukou_place: str = ""
    emergency_name: str = ""
    emergency_phone: str = ""
    plates: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return room_code(self.building, self.floor, self.number)

    @property
    def has_occupant(self) -> bool:
        return bool(self.name)


class RowParser:
    """Checks rows for one target project; collects ``errors`` as it goes."""

    def __init__(self, project: Project, columns: dict[str, int], projects: dict[str, tuple[str, str]]):
        self.project = project
        self.columns = columns
        self.projects = projects  # upper-case code or name → (code, name)
        self.errors: list[RowError] = []
        self._row = 0
        self._cells: list[object] = []
        self._failed = False

    def parse(self, row: int, values: list[object]) -> RowInput | None:
        """The clean row, or None when the row is empty, a repeated header, or has errors."""
        self._row, self._cells, self._failed = row, values, False
        if self._skippable():
            return None
        self._check_project()
        result = self._room()
        self._occupant(result)
        self._extras(result)
        return None if self._failed else result

    # -- helpers ---------------------------------------------------------------------------
    def raw(self, key: str) -> object:
        index = self.columns.get(key)
        return self._cells[index] if index is not None and index < len(self._cells) else None

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self._row, HEADER_OF.get(key, ""), message))
        self._failed = True

    def check(self, key: str, parse: Callable[[], T], default: T) -> T:
        try:
            return parse()
        except DomainError as exc:
            self.error(key, exc.message)
            return default

    def _skippable(self) -> bool:
        if all(v is None or v == "" or (type(v) is str and not v.strip()) for v in self._cells):
            return True  # an empty row in the middle: skipped, not an error
        first = cells.text(self.raw("building")).replace(" ", "")
        return header_key(first) == "building" or (first in TOTAL_WORDS and not cells.text(self.raw("number")))

    def _check_project(self) -> None:
        named = cells.text(self.raw("project"))
        if not named:
            return
        target = self.project
        found = self.projects.get(named.upper())
        if found and found[0] == target.code:
            return
        label = f"{found[0]}（{found[1]}）" if found else f"“{named}”"
        self.error(
            "project", _("该行属于项目 %(found)s，不能导入到 %(target)s") % {"found": label, "target": target.name}
        )

    # -- the room ----------------------------------------------------------------------------
    def _room(self) -> RowInput:
        building = self.check("building", lambda: self._code("building", "楼栋"), "")
        unit = self.check("unit", lambda: cells.limited(cells.code(self.raw("unit"), "unit"), 20, "单元"), "")
        number = self.check("number", lambda: self._code("number", "房号"), "")
        floor = self._floor()
        result = RowInput(row=self._row, building=building, unit=unit, floor=floor or 0, number=number)
        result.area = self.check("area", lambda: cells.area(self.raw("area")), None)
        result.use = self.check("use", lambda: cells.choice(self.raw("use"), USE_WORDS, "房屋用途", USE_CHOICES), None)
        result.move_in_date = self.check("move_in_date", lambda: cells.excel_date(self.raw("move_in_date")), None)
        result.note = self.check("note", lambda: cells.limited(cells.text(self.raw("note")), 500, "备注"), "")
        return result

    def _code(self, key: str, what: str) -> str:
        value = cells.code(self.raw(key), key)
        if not value:
            raise DomainError(_("%(what)s不能为空") % {"what": what})
        return cells.limited(value, 20, what)

    def _floor(self) -> int | None:
        if not cells.text(self.raw("floor")):
            self.error("floor", _("楼层不能为空"))
            return None
        return self.check("floor", lambda: cells.floor(self.raw("floor")), None)

    # -- the occupant ------------------------------------------------------------------------
    def _occupant(self, result: RowInput) -> None:
        role_text = cells.text(self.raw("role")).replace(" ", "")
        vacant = role_text in VACANT_WORDS
        role = None if vacant else self.check("role", lambda: self._choice("role"), None)
        name = cells.person_name(self.raw("name"))
        if not name:
            self._no_occupant(role is not None)
            return
        result.name = name
        result.role = role or OccupantRole.OWNER
        self._identity(result)
        limit = MAX_ORG_NAME if result.is_org else MAX_PERSON_NAME
        self.check("name", lambda: cells.limited(name, limit, "姓名"), "")
        result.sex = self.check("sex", lambda: self._choice("sex"), None)
        if result.sex is None and result.id_type == IdType.RESIDENT and result.id_number:
            result.sex = sex_from_resident_id(result.id_number)
        self._phones(result)
        result.native_place = self.check("native_place", lambda: self._limited_text("native_place", 50, "籍贯"), "")
        result.hukou_place = self.check("hukou_place", lambda: self._limited_text("hukou_place", 100, "户口所在地"), "")

    def _no_occupant(self, has_role: bool) -> None:
        filled = [
            key for key in ("id_number", "phone", "sex", "native_place", "hukou_place") if cells.text(self.raw(key))
        ]
        if has_role or filled:
            self.error("name", _("姓名为空：填写了业户类型、证件号码或联系电话等业户信息时必须填写姓名"))

    def _choice(self, key: str) -> str | None:
        tables = {
            "role": (ROLE_WORDS, "业户类型", ROLE_CHOICES),
            "sex": (SEX_WORDS, "性别", SEX_CHOICES),
            "id_type": (ID_TYPE_WORDS, "证件类型", ID_TYPE_CHOICES),
        }
        words, what, offered = tables[key]
        return cells.choice(self.raw(key), words, what, offered)

    def _limited_text(self, key: str, limit: int, what: str) -> str:
        return cells.limited(cells.text(self.raw(key)), limit, what)

    def _identity(self, result: RowInput) -> None:
        """证件类型 and 证件号码. A masked number (from an export) means "not given"."""
        raw = self.raw("id_number")
        number = normalize_id(cells.text(raw))
        id_type = self.check("id_type", lambda: self._choice("id_type"), None)
        if not number or "*" in number:
            result.is_org = id_type == ORGANIZATION_ID or self._looks_like_company(result)
            return
        if isinstance(raw, float) and len(number) >= 16:
            self.error("id_number", _("证件号码被 Excel 存成了数字，末几位已丢失：请把该列设为文本格式后重新填写"))
            return
        id_type = id_type or IdType.RESIDENT
        if id_type == ORGANIZATION_ID:
            result.is_org = True
            result.uscc = self.check("id_number", lambda: validate_uscc(number), "")
            return
        checked = self.check("id_number", lambda: validate_id(IdType(id_type), number), "")
        if checked:
            result.id_type, result.id_number = id_type, checked
            result.id_hash, result.id_masked = crypto.lookup_hash(checked), mask_id(checked)

    def _looks_like_company(self, result: RowInput) -> bool:
        return result.role == OccupantRole.COMMERCIAL and any(m in result.name for m in COMPANY_MARKERS)

    def _phones(self, result: RowInput) -> None:
        phones = cells.split_list(self.raw("phone"))
        if len(phones) > 2:
            self.error("phone", _("最多填写两个联系电话（用顿号或逗号分隔）"))
            return
        checked = [self.check("phone", lambda p=p: validate_phone(p), "") for p in phones]  # type: ignore[misc]
        result.phone = checked[0] if checked else ""
        result.phone2 = checked[1] if len(checked) > 1 else ""

    # -- contact, vehicles -------------------------------------------------------------------
    def _extras(self, result: RowInput) -> None:
        contact = cells.person_name(self.raw("emergency_name"))
        contact_phone = cells.text(self.raw("emergency_phone"))
        if contact and not contact_phone:
            self.error("emergency_phone", _("填写了紧急联系人时必须填写紧急联系电话"))
        elif contact_phone and not contact:
            self.error("emergency_name", _("填写了紧急联系电话时必须填写紧急联系人"))
        elif contact:
            result.emergency_name = self.check("emergency_name", lambda: cells.limited(contact, 50, "紧急联系人"), "")
            result.emergency_phone = self.check("emergency_phone", lambda: validate_phone(contact_phone), "")
        for raw in cells.split_list(self.raw("plates")):
            plate = normalize_plate(raw)
            if not 5 <= len(plate) <= 10:
                self.error("plates", _("车牌号“%(raw)s”无效（应为 5–10 个字符，如 京A12345）") % {"raw": raw})
            elif plate not in result.plates:
                result.plates.append(plate)


def duplicate_errors(rows: list[RowInput]) -> list[RowError]:
    """A room may appear once in a file: each later row naming it is an error naming both rows."""
    first: dict[str, int] = {}
    errors = []
    for row in rows:
        seen = first.setdefault(row.code, row.row)
        if seen != row.row:
            errors.append(
                RowError(
                    row.row,
                    HEADER_OF["number"],
                    _("房屋 %(code)s 与第 %(row)d 行重复，每个房屋只能有一行") % {"code": row.code, "row": seen},
                )
            )
    return errors
