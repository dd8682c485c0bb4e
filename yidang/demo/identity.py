"""Synthetic identities for demo data: resident IDs, phones, car plates, companies.

Every resident ID carries a valid GB 11643 check digit and a real birth date, and is unique within
one seed run: the sequence digits come from a counter per (region, birth date, sex), kept in a
small array rather than a set of issued numbers, so memory stays bounded at a million households.
"""

from __future__ import annotations

import random
from array import array
from dataclasses import dataclass
from datetime import date, timedelta

from yidang.people.idnumbers import resident_check_digit, uscc_check_char


@dataclass(frozen=True)
class Region:
    code: str  # GB/T 2260 administrative division code (first six digits of a resident ID)
    native_place: str  # 籍贯 as people write it on forms
    hukou_place: str  # 户口所在地


REGIONS = [
    Region("110101", "北京", "北京市东城区"),
    Region("110105", "北京", "北京市朝阳区"),
    Region("110108", "北京", "北京市海淀区"),
    Region("120101", "天津", "天津市和平区"),
    Region("120104", "天津", "天津市南开区"),
    Region("130102", "河北石家庄", "河北省石家庄市长安区"),
    Region("140105", "山西太原", "山西省太原市小店区"),
    Region("150102", "内蒙古呼和浩特", "内蒙古自治区呼和浩特市新城区"),
    Region("210102", "辽宁沈阳", "辽宁省沈阳市和平区"),
    Region("220102", "吉林长春", "吉林省长春市南关区"),
    Region("230102", "黑龙江哈尔滨", "黑龙江省哈尔滨市道里区"),
    Region("310101", "上海", "上海市黄浦区"),
    Region("310104", "上海", "上海市徐汇区"),
    Region("310115", "上海", "上海市浦东新区"),
    Region("320102", "江苏南京", "江苏省南京市玄武区"),
    Region("320506", "江苏苏州", "江苏省苏州市吴中区"),
    Region("330106", "浙江杭州", "浙江省杭州市西湖区"),
    Region("330203", "浙江宁波", "浙江省宁波市海曙区"),
    Region("340104", "安徽合肥", "安徽省合肥市蜀山区"),
    Region("350102", "福建福州", "福建省福州市鼓楼区"),
    Region("360102", "江西南昌", "江西省南昌市东湖区"),
    Region("370102", "山东济南", "山东省济南市历下区"),
    Region("370202", "山东青岛", "山东省青岛市市南区"),
    Region("410105", "河南郑州", "河南省郑州市金水区"),
    Region("420106", "湖北武汉", "湖北省武汉市武昌区"),
    Region("430102", "湖南长沙", "湖南省长沙市芙蓉区"),
    Region("440106", "广东广州", "广东省广州市天河区"),
    Region("440304", "广东深圳", "广东省深圳市福田区"),
    Region("450103", "广西南宁", "广西壮族自治区南宁市青秀区"),
    Region("460105", "海南海口", "海南省海口市秀英区"),
    Region("500103", "重庆", "重庆市渝中区"),
    Region("510104", "四川成都", "四川省成都市锦江区"),
    Region("510107", "四川成都", "四川省成都市武侯区"),
    Region("520102", "贵州贵阳", "贵州省贵阳市南明区"),
    Region("530102", "云南昆明", "云南省昆明市五华区"),
    Region("610103", "陕西西安", "陕西省西安市碑林区"),
    Region("620102", "甘肃兰州", "甘肃省兰州市城关区"),
    Region("630102", "青海西宁", "青海省西宁市城东区"),
    Region("640104", "宁夏银川", "宁夏回族自治区银川市兴庆区"),
    Region("650102", "新疆乌鲁木齐", "新疆维吾尔自治区乌鲁木齐市天山区"),
]

BIRTH_FIRST = date(1930, 1, 1)
BIRTH_LAST = date(2024, 12, 31)
_DAYS = (BIRTH_LAST - BIRTH_FIRST).days + 1
_SEQ_PER_SEX = 499  # sequence numbers 001..998: odd for men, even for women


class ResidentIds:
    """Issues resident ID numbers, each unique within this issuer."""

    def __init__(self) -> None:
        self._issued = {sex: array("H", bytes(2 * len(REGIONS) * _DAYS)) for sex in ("M", "F")}

    def issue(self, rng: random.Random, born: date, sex: str) -> tuple[str, Region]:
        """A valid 18-digit number for someone born on ``born`` of ``sex``, and its region."""
        day = (min(max(born, BIRTH_FIRST), BIRTH_LAST) - BIRTH_FIRST).days
        counters = self._issued[sex]
        while True:
            region_index = rng.randrange(len(REGIONS))
            slot = region_index * _DAYS + day
            if counters[slot] < _SEQ_PER_SEX:
                break
        n = counters[slot]
        counters[slot] = n + 1
        seq = 2 * n + (1 if sex == "M" else 2)
        born_text = (BIRTH_FIRST + timedelta(days=day)).strftime("%Y%m%d")
        first17 = f"{REGIONS[region_index].code}{born_text}{seq:03d}"
        return first17 + resident_check_digit(first17), REGIONS[region_index]


def birth_date(rng: random.Random, first_year: int, last_year: int) -> date:
    start = date(max(first_year, BIRTH_FIRST.year), 1, 1)
    end = date(min(last_year, BIRTH_LAST.year), 12, 31)
    return start + timedelta(days=rng.randrange((end - start).days + 1))


_MOBILE_PREFIXES = [
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "166", "170", "173", "176", "177", "180", "181", "182", "183",
    "185", "186", "187", "188", "189", "191", "195", "198", "199",
]  # fmt: skip


def mobile(rng: random.Random) -> str:
    return rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"


def landline(rng: random.Random, area_code: str) -> str:
    return f"{area_code}-{rng.randrange(2, 9)}{rng.randrange(10_000_000):07d}"


_PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # I and O are never used on plates


def motor_plate(rng: random.Random, province: str, city: str) -> str:
    """Like 沪A12345, sometimes with a letter inside (沪B8K295), sometimes new-energy (沪AD12345)."""
    head = province + (city if rng.random() < 0.85 else rng.choice("ABCDEFG"))
    if rng.random() < 0.15:
        return head + rng.choice("DF") + f"{rng.randrange(100_000):05d}"
    chars = [str(rng.randrange(10)) for _ in range(5)]
    if rng.random() < 0.35:
        chars[rng.randrange(5)] = rng.choice(_PLATE_LETTERS)
    return head + "".join(chars)


def non_motor_plate(rng: random.Random, province: str, city: str) -> str:
    """Electric bicycle plates: province, city letter and six digits (沪A123456)."""
    return f"{province}{city}{rng.randrange(1_000_000):06d}"


_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc(rng: random.Random, region_code: str) -> str:
    """A unified social credit code (GB 32100) with a valid check character: 91 = company."""
    body = "".join(rng.choice(_USCC_CHARS) for _ in range(9))
    first17 = f"91{region_code}{body}"
    return first17 + uscc_check_char(first17)


_TRADE_NAMES = "恒信华瑞鼎盛宏达安泰嘉禾永鑫中联汇通天成博远卓越正源新思锦程东方明德盛世同创佳和"
_INDUSTRIES = [
    "科技有限公司", "贸易有限公司", "投资管理有限公司", "咨询有限公司", "餐饮管理有限公司",
    "文化传媒有限公司", "建筑设计有限公司", "网络科技有限公司", "医疗器械有限公司", "教育科技有限公司",
    "律师事务所", "会计师事务所（特殊普通合伙）", "商贸有限公司", "供应链管理有限公司", "广告有限公司",
]  # fmt: skip


def company_name(rng: random.Random, city: str) -> str:
    """A plausible company name: city, two-character trade name, industry (上海恒信科技有限公司)."""
    i = rng.randrange(len(_TRADE_NAMES) // 2)
    return city + _TRADE_NAMES[2 * i : 2 * i + 2] + rng.choice(_INDUSTRIES)
