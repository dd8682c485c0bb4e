"""File checklists are derived: ``manage.py checklist_rebuild`` finds items no file stands behind and
files whose counts disagree with their items, and makes every file's checklist again."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from yidang.archive.models import Archive, ChecklistItem, DocumentType


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("checklist_rebuild", *args, stdout=out)
    return out.getvalue()


def orphan_item() -> None:
    """An item of a file that is gone, as a raw delete or a bad restore would leave one."""
    doc_type = DocumentType.objects.filter(required=True).first()
    assert doc_type is not None
    table = ChecklistItem._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (archive_id, doc_type_id, satisfied) VALUES (%s, %s, %s)",
            [987654321, doc_type.pk, False],
        )


def test_check_passes_when_every_item_has_its_file(world):
    assert "没有问题" in run("--check")


def test_check_names_orphan_items_and_miscounted_files_and_fails(world):
    archive = Archive.objects.get(room=world.rooms["hy1503"])
    orphan_item()
    archive.checklist.all().delete()

    with pytest.raises(CommandError, match="2 处问题"):
        run("--check")


def test_rebuild_removes_orphans_and_gives_a_file_its_checklist_again(world):
    archive = Archive.objects.get(room=world.rooms["hy1503"])
    wanted = sorted(archive.checklist.values_list("doc_type_id", "satisfied"))
    assert wanted and archive.required_count == len(wanted)
    orphan_item()
    archive.checklist.all().delete()

    run("--project", "HY")

    assert sorted(archive.checklist.values_list("doc_type_id", "satisfied")) == wanted
    assert not ChecklistItem.objects.filter(archive_id=987654321).exists()
    assert "没有问题" in run("--check")
