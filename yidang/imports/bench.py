"""A synthetic household summary for measuring import speed (``manage.py import_bench``, ``make bench``).

Realistic on purpose: valid ID numbers, mobiles, dates in several forms, tenants, vacant rooms,
plates and emergency contacts, so the measured rate includes full validation.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from yidang.imports.actions import ImportReport, households_import
from yidang.imports.columns import COLUMNS
from yidang.people.idnumbers import resident_check_digit
from yidang.places.models import Company, Project

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
COMPOUND = ["欧阳", "司马", "上官", "诸葛", "东方"]
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰文辉建国志红梅鑫宇浩然子涵欣怡"
REGIONS = ["110105", "310104", "440106", "330106", "510107", "420106", "320102", "610113"]
PROVINCES = "京沪粤浙苏川鄂陕"


def _id_number(rng: random.Random) -> str:
    birth = f"{rng.randint(1950, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    first17 = f"{rng.choice(REGIONS)}{birth}{rng.randint(0, 999):03d}"
    return first17 + resident_check_digit(first17)


def _name(rng: random.Random) -> str:
    surname = rng.choice(COMPOUND) if rng.random() < 0.03 else rng.choice(SURNAMES)
    return surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _date(rng: random.Random, serial: int) -> Any:
    year, month, day = 2005 + serial % 18, 1 + serial % 12, 1 + serial % 28
    forms = (f"{year}-{month:02d}-{day:02d}", f"{year}/{month}/{day}", f"{year}年{month}月{day}日")
    return rng.choice(forms)


def bench_rows(count: int, seed: int = 8) -> Iterator[list[Any]]:
    """``count`` rows: 4 units × 25 floors × 20 rooms per building, as many buildings as needed."""
    rng = random.Random(seed)
    keys = [c.key for c in COLUMNS]
    for index in range(count):
        building, rest = divmod(index, 2000)
        unit, rest = divmod(rest, 500)
        floor, room = divmod(rest, 20)
        cells: dict[str, Any] = {
            "building": f"{building + 1}",
            "unit": unit + 1,
            "floor": floor + 1,
            "number": f"{unit + 1}{floor + 1:02d}{room + 1:02d}",
            "area": round(rng.uniform(45, 180), 2),
            "use": "住宅",
            "move_in_date": _date(rng, index),
        }
        if rng.random() < 0.9:
            cells |= {
                "role": "租户" if rng.random() < 0.15 else "业主",
                "name": _name(rng),
                "sex": rng.choice("男女"),
                "id_number": _id_number(rng),
                "phone": float(f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"),
                "native_place": rng.choice(["北京", "湖南长沙", "广东广州", ""]),
            }
            if rng.random() < 0.5:
                cells |= {"emergency_name": _name(rng), "emergency_phone": f"13{rng.randint(0, 999_999_999):09d}"}
            if rng.random() < 0.3:
                cells["plates"] = f"{rng.choice(PROVINCES)}A{rng.randint(10000, 99999)}"
        yield [cells.get(key) for key in keys]


def write_bench_workbook(path: Path, count: int) -> Path:
    """Write (once) a workbook of ``count`` rows with a title row, as real sheets have."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("业户基本情况汇总表")
    sheet.append(["业户基本情况汇总表（测试数据）"])
    sheet.append([c.header for c in COLUMNS])
    for cells in bench_rows(count):
        sheet.append(cells)
    book.save(path)
    return path


@dataclass
class BenchResult:
    rows: int
    preview_seconds: float
    commit_seconds: float
    report: ImportReport

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.commit_seconds if self.commit_seconds else 0.0

    @property
    def preview_rows_per_second(self) -> float:
        return self.rows / self.preview_seconds if self.preview_seconds else 0.0


def run_import_bench(path: Path, *, project_code: str) -> BenchResult:
    """Preview, then commit, ``path`` into a new, empty project; time both."""
    company, _ = Company.objects.get_or_create(name="导入基准测试")
    project = Project.objects.create(company=company, code=project_code, name=f"导入基准 {project_code}")
    data = path.read_bytes()
    started = time.perf_counter()
    preview = households_import(project=project, data=data, actor=None, commit=False, file_name=path.name)
    preview_seconds = time.perf_counter() - started
    if preview.errors:
        raise RuntimeError(f"the bench workbook has errors: {preview.errors[:3]}")
    started = time.perf_counter()
    report = households_import(project=project, data=data, actor=None, commit=True, file_name=path.name)
    return BenchResult(report.rows, preview_seconds, time.perf_counter() - started, report)
