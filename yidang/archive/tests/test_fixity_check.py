"""fixity_check re-hashes every stored scan and reports bytes altered or lost behind the system's back."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from yidang.archive.actions import scan_add
from yidang.archive.models import Scan
from yidang.archive.tests.conftest import file_document
from yidang.archive.tests.scanfiles import image_bytes, pdf_bytes, upload
from yidang.audit.models import AuditEvent


def _fixity(*args: str) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("fixity_check", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


@pytest.fixture
def scans(world, archive, document, jm_archive, media):
    hy = scan_add(document=document, upload=upload(pdf_bytes()), actor=world.archivist)
    jm_doc = file_document(jm_archive, "handover_record", world.jm_assistant)
    jm = scan_add(document=jm_doc, upload=upload(image_bytes("PNG")), actor=world.jm_assistant)
    return hy, jm


def test_intact_scans_pass_and_are_marked_checked(scans):
    out, failed = _fixity()

    assert failed is None
    assert "共校验 2 个扫描件，异常 0 个" in out
    assert set(Scan.objects.values_list("fixity_ok", flat=True)) == {True}
    assert not Scan.objects.filter(last_fixity_at__isnull=True).exists()


def test_altered_bytes_are_reported_and_the_command_exits_non_zero(scans, media):
    hy, _ = scans
    stored = media / hy.storage_name
    stored.write_bytes(stored.read_bytes().replace(b"/MediaBox", b"/MediaBux"))

    out, failed = _fixity()

    assert failed is not None and failed.returncode != 0
    assert f"校验失败 HY-A2-15-1503 第1件《房屋交接确认表》第1版 {hy.storage_name}：内容已被改动" in out
    assert "共校验 2 个扫描件，异常 1 个" in out
    hy.refresh_from_db()
    assert hy.fixity_ok is False
    assert AuditEvent.objects.filter(action="scan.fixity_failed", object_id=str(hy.pk)).exists()


def test_a_missing_file_is_reported(scans, media):
    _, jm = scans
    (media / jm.storage_name).unlink()

    out, failed = _fixity()

    assert failed is not None
    assert f"校验失败 JM-T1-15-1503 第1件《房屋交接确认表》第1版 {jm.storage_name}：文件缺失" in out


def test_one_project_can_be_checked_alone(scans, media):
    _, jm = scans
    (media / jm.storage_name).unlink()

    out, failed = _fixity("--project", "HY")

    assert failed is None
    assert "共校验 1 个扫描件，异常 0 个" in out
