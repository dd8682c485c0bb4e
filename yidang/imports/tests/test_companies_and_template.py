"""Companies as occupants, the downloadable template filled in, and a job's progress in the cache."""

from __future__ import annotations

import io

import openpyxl
from django.core.cache import cache

from yidang.households.models import Occupancy, OccupantRole
from yidang.imports.actions import households_import
from yidang.imports.jobs import import_job_create, progress_of
from yidang.imports.models import ImportJob
from yidang.imports.tests.sheets import ID_LI, row, workbook
from yidang.imports.xlsx import template_workbook
from yidang.people.models import Organization, Person
from yidang.places.models import Occupancy as RoomOccupancy
from yidang.places.models import Room

USCC = "91350100M000100Y43"  # a valid GB 32100 code


def commit(world, data):
    return households_import(project=world.hy, data=data, actor=world.assistant, commit=True)


def test_a_shop_run_by_a_company_registers_an_organization(world):
    rows = [
        row(
            building="S1",
            floor=1,
            number="101",
            use="商铺",
            role="商户",
            name="华苑便利店有限公司",
            phone="02088886666",
        ),
        row(building="S1", floor=1, number="102", use="商铺", role="商户", name="李明", id_number=ID_LI),
    ]
    report = commit(world, workbook(rows))

    assert report.errors == [] and report.counts["new_organizations"] == 1 and report.counts["new_persons"] == 1
    shop = Occupancy.objects.get(room__code="S1-1-101")
    assert shop.organization == Organization.objects.get(name="华苑便利店有限公司")
    assert shop.organization.contact_phone == "02088886666"
    assert Room.objects.get(code="S1-1-101").occupancy == RoomOccupancy.COMMERCIAL
    assert Occupancy.objects.get(room__code="S1-1-102").person == Person.objects.get(name="李明")


def test_a_company_owner_is_named_by_its_credit_code_and_found_again(world):
    rows = [
        row(
            building="S1",
            floor=2,
            number="201",
            name="华苑物业发展有限公司",
            id_type="统一社会信用代码",
            id_number=USCC,
        )
    ]
    commit(world, workbook(rows))
    again = commit(world, workbook(rows))

    org = Organization.objects.get(uscc=USCC)
    assert Occupancy.objects.get(room__code="S1-2-201", end_date__isnull=True).organization == org
    assert Occupancy.objects.get(room__code="S1-2-201").role == OccupantRole.OWNER
    assert again.counts["changed_rows"] == 0


def test_the_template_filled_in_imports_cleanly(world):
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    sheet = book["业户基本情况汇总表"]
    assert sheet["A1"].value == "业户基本情况汇总表"
    sheet.append(["HY", "D1", "2", "3", "301", "95.5", "住宅", "业主", "张三", "男", "身份证", ID_LI, "13812345678"])
    out = io.BytesIO()
    book.save(out)

    report = commit(world, out.getvalue())

    assert report.errors == [] and report.header_row == 2
    assert report.new_rooms == ["D1-3-301"]
    assert "填写说明" in book.sheetnames


def test_a_job_records_its_progress_in_the_cache(world, django_capture_on_commit_callbacks):
    data = workbook([row(building="C3", floor=12, number=str(1200 + n)) for n in range(1, 6)])
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(user=world.assistant, project=world.hy, data=data, file_name="a.xlsx", mode="preview")

    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY and job.rows_total == 5
    assert cache.get(job.progress_key) == {"phase": "done", "done": 1, "total": 1}
    assert progress_of(job)["percent"] == 100
