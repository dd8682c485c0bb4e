"""The columns of the household summary (业户基本情况汇总表) and the words a cell may hold.

Real sheets are typed by hand in many offices: headers come in traditional characters, with
units in brackets or a star for "required", and choices in several spellings. The small alias
tables below map what we have met to one canonical form; anything else is reported, not guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from yidang.households.models import OccupantRole
from yidang.people.idnumbers import IdType
from yidang.people.models import Sex
from yidang.places.models import RoomUse


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int = 12


PROJECT = Column("project", "项目", 12)
COLUMNS: tuple[Column, ...] = (
    Column("building", "楼栋", 8),
    Column("unit", "单元", 6),
    Column("floor", "楼层", 6),
    Column("number", "房号", 8),
    Column("area", "建筑面积", 10),
    Column("use", "房屋用途", 10),
    Column("role", "业户类型", 10),
    Column("name", "姓名", 10),
    Column("sex", "性别", 6),
    Column("id_type", "证件类型", 12),
    Column("id_number", "证件号码", 22),
    Column("phone", "联系电话", 14),
    Column("native_place", "籍贯", 10),
    Column("hukou_place", "户口所在地", 18),
    Column("move_in_date", "入伙日期", 12),
    Column("emergency_name", "紧急联系人", 10),
    Column("emergency_phone", "紧急联系电话", 14),
    Column("plates", "车牌号", 12),
    Column("note", "备注", 24),
)
SHEET_COLUMNS: tuple[Column, ...] = (PROJECT, *COLUMNS)
HEADER_OF = {c.key: c.header for c in SHEET_COLUMNS}
REQUIRED_KEYS = ("building", "floor", "number")
TEXT_KEYS = ("id_number", "phone", "emergency_phone")  # typed as text in the template so Excel keeps zeros

# Traditional-character headers and common synonyms met in real sheets.
HEADER_ALIASES: dict[str, str] = {
    "樓棟": "building",
    "楼号": "building",
    "栋号": "building",
    "楼栋号": "building",
    "單元": "unit",
    "单元号": "unit",
    "樓層": "floor",
    "層": "floor",
    "房號": "number",
    "房间号": "number",
    "房屋号": "number",
    "室号": "number",
    "建築面積": "area",
    "面积": "area",
    "房屋用途": "use",
    "用途": "use",
    "業戶類型": "role",
    "业户身份": "role",
    "住户类型": "role",
    "業主姓名": "name",
    "业主姓名": "name",
    "业户姓名": "name",
    "性別": "sex",
    "證件類型": "id_type",
    "證件號碼": "id_number",
    "身份证号": "id_number",
    "身份证号码": "id_number",
    "聯繫電話": "phone",
    "聯絡電話": "phone",
    "电话": "phone",
    "手机": "phone",
    "手机号": "phone",
    "手机号码": "phone",
    "籍貫": "native_place",
    "戶口所在地": "hukou_place",
    "户籍所在地": "hukou_place",
    "入夥日期": "move_in_date",
    "入住日期": "move_in_date",
    "交房日期": "move_in_date",
    "緊急聯繫人": "emergency_name",
    "緊急聯絡人": "emergency_name",
    "緊急聯繫電話": "emergency_phone",
    "緊急聯絡電話": "emergency_phone",
    "車牌號": "plates",
    "车牌": "plates",
    "车牌号码": "plates",
    "備註": "note",
    "項目": "project",
    "项目名称": "project",
    "项目编码": "project",
    "小区": "project",
}
_HEADER_KEYS = {c.header: c.key for c in SHEET_COLUMNS} | HEADER_ALIASES
_DECORATION = re.compile(r"[\s*＊:：]|[（(\[【].*?[)）\]】]")


def header_key(raw: object) -> str | None:
    """The column key a header cell names: ``建筑面积(㎡)``, ``*楼栋``, ``樓棟`` all count."""
    text = _DECORATION.sub("", unicodedata.normalize("NFKC", str(raw or "")))
    return _HEADER_KEYS.get(text)


ROLE_WORDS: dict[str, str] = {
    "业主": OccupantRole.OWNER,
    "業主": OccupantRole.OWNER,
    "产权人": OccupantRole.OWNER,
    "共有人": OccupantRole.CO_OWNER,
    "共有权人": OccupantRole.CO_OWNER,
    "租户": OccupantRole.TENANT,
    "租戶": OccupantRole.TENANT,
    "承租人": OccupantRole.TENANT,
    "家庭成员": OccupantRole.FAMILY,
    "家庭成員": OccupantRole.FAMILY,
    "家属": OccupantRole.FAMILY,
    "商户": OccupantRole.COMMERCIAL,
    "商戶": OccupantRole.COMMERCIAL,
}
USE_WORDS: dict[str, str] = {
    "住宅": RoomUse.RESIDENTIAL,
    "住房": RoomUse.RESIDENTIAL,
    "商铺": RoomUse.SHOP,
    "商舖": RoomUse.SHOP,
    "商鋪": RoomUse.SHOP,
    "商业": RoomUse.SHOP,
    "办公": RoomUse.OFFICE,
    "辦公": RoomUse.OFFICE,
    "写字楼": RoomUse.OFFICE,
    "车位": RoomUse.PARKING,
    "車位": RoomUse.PARKING,
    "储藏室": RoomUse.STORAGE,
    "儲藏室": RoomUse.STORAGE,
    "杂物间": RoomUse.STORAGE,
}
SEX_WORDS: dict[str, str] = {
    "男": Sex.MALE,
    "男性": Sex.MALE,
    "M": Sex.MALE,
    "女": Sex.FEMALE,
    "女性": Sex.FEMALE,
    "F": Sex.FEMALE,
    "未知": Sex.UNKNOWN,
}
ORGANIZATION_ID = "uscc"  # 证件类型 of a company: its unified social credit code
ID_TYPE_WORDS: dict[str, str] = {
    "身份证": IdType.RESIDENT,
    "居民身份证": IdType.RESIDENT,
    "身份證": IdType.RESIDENT,
    "居民身份證": IdType.RESIDENT,
    "护照": IdType.PASSPORT,
    "護照": IdType.PASSPORT,
    "港澳通行证": IdType.HK_MACAU,
    "港澳居民来往内地通行证": IdType.HK_MACAU,
    "港澳通行證": IdType.HK_MACAU,
    "回乡证": IdType.HK_MACAU,
    "台湾通行证": IdType.TAIWAN,
    "台湾居民来往大陆通行证": IdType.TAIWAN,
    "台胞证": IdType.TAIWAN,
    "臺灣通行證": IdType.TAIWAN,
    "台灣通行證": IdType.TAIWAN,
    "其他": IdType.OTHER,
    "其他证件": IdType.OTHER,
    "营业执照": ORGANIZATION_ID,
    "統一社會信用代碼": ORGANIZATION_ID,
    "统一社会信用代码": ORGANIZATION_ID,
}
# What the template offers in its drop-down lists (the first spelling of each choice).
ROLE_CHOICES = ("业主", "共有人", "租户", "家庭成员", "商户")
USE_CHOICES = ("住宅", "商铺", "办公", "车位", "储藏室")
SEX_CHOICES = ("男", "女")
ID_TYPE_CHOICES = ("身份证", "护照", "港澳通行证", "台湾通行证", "统一社会信用代码")
# The sheet's own words (data, not UI text): an export reads back in any UI language.
ROLE_LABEL = dict(zip(OccupantRole.values, ROLE_CHOICES, strict=True))
USE_LABEL = dict(zip(RoomUse.values, USE_CHOICES, strict=True))
SEX_LABEL = {Sex.MALE: "男", Sex.FEMALE: "女"}
ID_TYPE_LABEL = {
    IdType.RESIDENT: "身份证",
    IdType.PASSPORT: "护照",
    IdType.HK_MACAU: "港澳通行证",
    IdType.TAIWAN: "台湾通行证",
    IdType.OTHER: "其他证件",
}
