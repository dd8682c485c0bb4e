"""The off-site copy: back up to an S3 bucket (moto's S3 server on 127.0.0.1), verify there, restore from it."""

from __future__ import annotations

import io

import boto3
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from yidang.backups.actions import backups_prune
from yidang.backups.databases import table_counts
from yidang.backups.tests.conftest import media_hashes


def _keys(bucket: str) -> list[str]:
    pages = boto3.client("s3").get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return sorted(obj["Key"] for page in pages for obj in page.get("Contents", []))


def test_a_backup_to_s3_verifies_and_restores_into_a_fresh_instance(filed, media, s3, fresh):
    bucket, aws_env = s3
    before_tables, before_files = table_counts(), media_hashes(media)

    call_command("backup", f"s3://{bucket}/yidang", stdout=io.StringIO())

    keys = _keys(bucket)
    (name,) = {k.split("/")[1] for k in keys}
    assert f"yidang/{name}/manifest.json" in keys
    assert {k.removeprefix(f"yidang/{name}/files/") for k in keys if "/files/" in k} == set(before_files)
    out = io.StringIO()
    call_command("backup_verify", f"s3://{bucket}/yidang", stdout=out)
    assert "异常 0 项" in out.getvalue()

    restored = fresh.manage("restore", f"s3://{bucket}/yidang", **aws_env)

    assert restored.returncode == 0, restored.stderr
    assert media_hashes(fresh.media) == before_files
    after = fresh.table_counts()
    assert after["archive_scan"] == before_tables["archive_scan"] == 6
    assert {t: n for t, n in after.items() if not t.startswith(("audit_", "backups_"))} == {
        t: n for t, n in before_tables.items() if not t.startswith(("audit_", "backups_"))
    }


def test_an_altered_object_in_the_bucket_is_named(filed, s3):
    bucket, _ = s3
    call_command("backup", f"s3://{bucket}/yidang", stdout=io.StringIO())
    key = next(k for k in _keys(bucket) if "/files/" in k)
    boto3.client("s3").put_object(Bucket=bucket, Key=key, Body=b"not the scan")

    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("backup_verify", f"s3://{bucket}/yidang", stdout=out)

    assert f"文件内容与清单不符：{key.split('/files/', 1)[1]}" in out.getvalue()


def test_only_the_newest_backups_are_kept_in_the_bucket(filed, s3):
    bucket, _ = s3
    for _ in range(3):
        call_command("backup", f"s3://{bucket}/yidang", stdout=io.StringIO())
    names = sorted({k.split("/")[1] for k in _keys(bucket)})

    removed = backups_prune(url=f"s3://{bucket}/yidang", keep=2)

    assert removed == names[:1]
    assert sorted({k.split("/")[1] for k in _keys(bucket)}) == names[1:]
