"""Where demo households are: the projects of a seed and the buildings, floors and rooms of each.

Pure functions of (size, random generator): no database. ``HY`` (华苑小区) is a residential estate
of multi-storey and high-rise buildings with units; ``JM`` (金茂大厦) is an office tower with shops
on its lower floors. Seeds of more than 100,000 households add further projects, up to 20 at a
million, like the estate portfolio of a large property company. From 20,000 households on, the
first further project (``P03`` 翠湖花园) is a small estate of exactly ``SMALL_PROJECT_HOUSEHOLDS``
rooms, the size ``make bench`` times the completeness roll-up of a project at.
"""

from __future__ import annotations

import random
import string
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from yidang.places.models import Project, RoomUse

HOUSEHOLDS_PER_EXTRA_PROJECT = 50_000
MAX_PROJECTS = 20
SMALL_PROJECT_HOUSEHOLDS = 5_000
SMALL_PROJECT_FROM = 20_000  # seeds of at least this many households include the small project


@dataclass(frozen=True)
class ProjectPlan:
    code: str
    name: str
    form: str
    use: str
    address: str
    plate_prefix: str  # province character and city letter of local car plates (津A, 沪B)
    area_code: str  # telephone area code of the city
    city: str
    delivered: date  # when the first owners moved in
    households: int = 0


DEMO_PROJECTS = [
    ProjectPlan("HY", "华苑小区", Project.Form.ESTATE, Project.Use.RESIDENTIAL, "天津市南开区华苑路88号",
                "津A", "022", "天津", date(2006, 9, 1)),
    ProjectPlan("JM", "金茂大厦", Project.Form.TOWER, Project.Use.COMMERCIAL, "上海市浦东新区世纪大道88号",
                "沪A", "021", "上海", date(1999, 3, 1)),
]  # fmt: skip

_EXTRA_PROJECTS = [
    ("翠湖花园", "estate", "北京市海淀区翠湖南路1号", "京A", "010", "北京"),
    ("阳光城", "estate", "杭州市西湖区文一西路66号", "浙A", "0571", "杭州"),
    ("锦绣江南", "estate", "南京市建邺区江东中路9号", "苏A", "025", "南京"),
    ("世纪广场", "tower", "深圳市福田区深南大道2008号", "粤B", "0755", "深圳"),
    ("碧水湾", "estate", "广州市天河区珠江新城花城大道18号", "粤A", "020", "广州"),
    ("金色家园", "estate", "成都市武侯区天府大道北段28号", "川A", "028", "成都"),
    ("海棠苑", "estate", "武汉市武昌区中北路108号", "鄂A", "027", "武汉"),
    ("创新科技园", "park", "苏州市工业园区星湖街328号", "苏E", "0512", "苏州"),
    ("紫薇花园", "estate", "西安市雁塔区科技路12号", "陕A", "029", "西安"),
    ("滨江花园", "estate", "重庆市渝中区长滨路66号", "渝A", "023", "重庆"),
    ("万象大厦", "tower", "上海市黄浦区淮海中路333号", "沪A", "021", "上海"),
    ("丽景园", "estate", "长沙市岳麓区麓山南路36号", "湘A", "0731", "长沙"),
    ("桂花苑", "estate", "郑州市金水区花园路59号", "豫A", "0371", "郑州"),
    ("御景华庭", "estate", "青岛市市南区香港中路76号", "鲁B", "0532", "青岛"),
    ("明珠园", "estate", "厦门市思明区湖滨南路90号", "闽D", "0592", "厦门"),
    ("书香门第", "estate", "合肥市蜀山区长江西路189号", "皖A", "0551", "合肥"),
    ("和平里", "estate", "沈阳市和平区南京北街206号", "辽A", "024", "沈阳"),
    ("东方花园", "estate", "昆明市五华区东风西路11号", "云A", "0871", "昆明"),
]  # fmt: skip

_USE_OF_FORM = {"estate": Project.Use.RESIDENTIAL, "tower": Project.Use.COMMERCIAL, "park": Project.Use.MIXED}
_WEIGHT_OF_FORM = {"estate": 4, "tower": 1, "park": 2}


def project_plans(households: int) -> list[ProjectPlan]:
    """The projects of a seed of ``households`` rooms, each with its share of them.

    The first further project, when there is one, holds ``SMALL_PROJECT_HOUSEHOLDS`` rooms; the
    others share the rest by their form's weight.
    """
    extra = min(MAX_PROJECTS, max(2, households // HOUSEHOLDS_PER_EXTRA_PROJECT)) - 2
    if households >= SMALL_PROJECT_FROM:
        extra = max(extra, 1)
    plans = list(DEMO_PROJECTS)
    for i, (name, form, address, plate, area, city) in enumerate(_EXTRA_PROJECTS[:extra]):
        delivered = date(2003 + (i * 7) % 19, 1 + (i * 5) % 12, 1)
        plans.append(
            ProjectPlan(f"P{i + 3:02d}", name, form, _USE_OF_FORM[form], address, plate, area, city, delivered)
        )
    small = SMALL_PROJECT_HOUSEHOLDS if extra else 0
    weights = [0 if small and i == 2 else _WEIGHT_OF_FORM[p.form] for i, p in enumerate(plans)]
    shares = [(households - small) * w // sum(weights) for w in weights]
    if small:
        shares[2] = small
    shares[0] += households - sum(shares)
    return [replace(p, households=n) for p, n in zip(plans, shares, strict=True)]


@dataclass(frozen=True)
class RoomPlan:
    building: str
    unit: str  # "" when the building has no units (towers)
    floor: int
    number: str
    area: Decimal
    use: str


@dataclass
class BuildingPlan:
    code: str
    floors: int
    floors_below: int
    units: int


def building_code(index: int, towers: bool) -> str:
    """A1 … A30, B1 …, then AA1 … for very large estates; T1, T2 … for towers."""
    if towers:
        return f"T{index + 1}"
    zone, number = divmod(index, 30)
    letters = string.ascii_uppercase
    prefix = letters[zone] if zone < 26 else letters[zone // 26 - 1] + letters[zone % 26]
    return f"{prefix}{number + 1}"


def _cents(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low * 100, high * 100)).scaleb(-2)


def _estate_building(rng: random.Random, code: str) -> tuple[BuildingPlan, list[RoomPlan]]:
    kind = rng.random()
    floors = rng.choice([6, 7]) if kind < 0.3 else rng.randrange(11, 19) if kind < 0.65 else rng.randrange(24, 34)
    units = rng.randrange(1, 4) if floors > 7 else rng.randrange(2, 5)
    per_unit = 2 if floors <= 18 else rng.choice([2, 4])
    layouts = [_cents(rng, 60, 180) for _ in range(per_unit)]
    rooms = [
        RoomPlan(code, str(u + 1), floor, f"{floor}{u * per_unit + k + 1:02d}", layouts[k], RoomUse.RESIDENTIAL)
        for floor in range(1, floors + 1)
        for u in range(units)
        for k in range(per_unit)
    ]
    return BuildingPlan(code, floors, 1 if floors > 7 else 0, units), rooms


def _office_building(
    rng: random.Random, code: str, shop_floors: int, floors: int
) -> tuple[BuildingPlan, list[RoomPlan]]:
    per_floor = rng.randrange(8, 17)
    rooms: list[RoomPlan] = []
    for floor in range(1, floors + 1):
        shop = floor <= shop_floors
        for k in range(per_floor):
            area = _cents(rng, 30, 300) if shop else _cents(rng, 80, 600)
            rooms.append(
                RoomPlan(code, "", floor, f"{floor}{k + 1:02d}", area, RoomUse.SHOP if shop else RoomUse.OFFICE)
            )
    return BuildingPlan(code, floors, 3, 0), rooms


def _building(rng: random.Random, form: str, index: int) -> tuple[BuildingPlan, list[RoomPlan]]:
    if form == "tower":
        return _office_building(rng, building_code(index, towers=True), 3, rng.randrange(30, 61))
    if form == "park" and rng.random() < 0.6:
        return _office_building(rng, building_code(index, towers=False), 1, rng.randrange(4, 13))
    return _estate_building(rng, building_code(index, towers=False))


def buildings_of(plan: ProjectPlan, rng: random.Random) -> Iterator[tuple[BuildingPlan, list[RoomPlan]]]:
    """Buildings with their rooms until the project holds ``plan.households`` rooms.

    The last building is cut at the right count, so its top floors may be missing.
    """
    remaining = plan.households
    index = 0
    while remaining > 0:
        building, rooms = _building(rng, plan.form, index)
        rooms = rooms[:remaining]
        building.floors = max(r.floor for r in rooms)
        remaining -= len(rooms)
        index += 1
        yield building, rooms
