"""The backup status page (备份与校验): for the archivist, the CS manager and the GM; shows runs under way
with their progress (htmx refresh), the last good backup, and failed or missed backups in 今日待办."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from yidang.backups.actions import Reporter, backup_run_finish, backup_run_start
from yidang.backups.models import BackupRun
from yidang.core.todo import todo_for

URL = "/backups/"


@pytest.mark.parametrize("who", ["archivist", "manager", "gm"])
def test_the_keepers_of_the_archive_see_the_page_and_the_menu_entry(client, world, who):
    client.force_login(world.users[who])

    page = client.get(URL)

    assert page.status_code == 200
    assert "备份与校验" in page.content.decode()
    assert f'href="{URL}"' in client.get("/").content.decode()


@pytest.mark.parametrize("who", ["assistant", "supervisor", "engineer", "jm_assistant"])
def test_others_are_refused_and_have_no_menu_entry(client, world, who):
    client.force_login(world.users[who])

    assert client.get(URL).status_code == 403
    assert f'href="{URL}"' not in client.get("/").content.decode()


def test_a_running_backup_shows_its_progress_and_the_list_refreshes_itself(client, world):
    run = backup_run_start(kind="backup", location="/mnt/offsite/yidang-x")
    Reporter(run_id=run.pk)("文件 120/5000（3.4 MB）", force=True)
    client.force_login(world.archivist)

    body = client.get(URL).content.decode()
    partial = client.get(URL, headers={"HX-Request": "true"}).content.decode()

    assert "进行中" in body and "文件 120/5000（3.4 MB）" in body
    assert 'hx-trigger="every 3s"' in body
    assert partial.startswith('<div id="runs"') and "文件 120/5000" in partial and "<h1>" not in partial


def test_a_run_that_went_silent_is_shown_as_interrupted(client, world):
    run = backup_run_start(kind="backup", location="/mnt/offsite/yidang-x")
    BackupRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(hours=2))
    cache.delete(f"backups:progress:{run.pk}")
    client.force_login(world.archivist)

    assert "已中断（长时间无进展）" in client.get(URL).content.decode()


def test_finished_runs_show_what_they_hold_and_why_they_failed(client, world):
    ok = backup_run_start(kind="backup", location="/mnt/offsite/yidang-a")
    backup_run_finish(run=ok, ok=True, message="备份完成", files=12, size=3 * 1048576, rows=4359)
    bad = backup_run_start(kind="backup", location="s3://bucket/yidang")
    backup_run_finish(run=bad, ok=False, message="pg_dump 失败：connection refused")
    client.force_login(world.gm)

    body = client.get(URL).content.decode().replace("\xa0", " ")

    assert "4359 行，12 个文件（3.0 MB）" in body
    assert "最近一次备份失败" in body and "pg_dump 失败：connection refused" in body


def test_a_failed_or_missed_backup_is_in_todays_work(world, settings):
    settings.YIDANG_BACKUP_DEST = "/mnt/offsite"
    assert [i.label for i in todo_for(world.archivist)] == ["备份失败或超过 36 小时未成功"]  # never backed up

    run = backup_run_start(kind="backup", location="/mnt/offsite/yidang-a")
    backup_run_finish(run=run, ok=True, message="备份完成")
    assert todo_for(world.archivist) == []
    assert todo_for(world.assistant) == []

    fixity = backup_run_start(kind="fixity", location="/media/")
    fixity.problems = 2
    backup_run_finish(run=fixity, ok=False, message="…", files=10)
    (item,) = todo_for(world.manager)
    assert item.label == "扫描件校验发现异常" and item.count == 2 and item.urgent
