"""A filed world with real scans, committed (backups read the database from other connections),
and fresh instances — an empty database and storage — to restore into, run as subprocesses."""

from __future__ import annotations

import hashlib
import os
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from yidang.archive.actions import scan_add
from yidang.archive.seed import load as load_document_types
from yidang.archive.tests.conftest import file_document
from yidang.archive.tests.scanfiles import image_bytes, pdf_bytes, upload

BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def filed(transactional_db, media):
    """The shared world with six scans in two projects, all committed."""
    from django.apps import apps

    from tests.world import build_world
    from yidang.archive.models import Archive

    load_document_types(apps)  # an earlier transactional test may have flushed what migrations seeded
    world = build_world()
    hy = Archive.objects.get(room=world.rooms["hy1503"])
    jm = Archive.objects.get(room=world.rooms["jm1503"])
    scans = []
    for n, (archive, actor) in enumerate([(hy, world.archivist), (jm, world.jm_assistant)] * 3):
        doc = file_document(archive, "handover_record", actor)
        content = pdf_bytes(pages=n + 1) if n % 2 else image_bytes("PNG", colour=f"#{n:02x}3366")
        name, kind = ("scan.pdf", "application/pdf") if n % 2 else ("scan.png", "image/png")
        scans.append(scan_add(document=doc, upload=upload(content, name, kind), actor=actor))
    return world, scans


def media_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@dataclass
class Instance:
    """Another installation of the program on this machine: its own database, storage and var/."""

    root: Path
    database_url: str
    media: Path

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
        env |= {
            "DATABASE_URL": self.database_url,
            "MEDIA_ROOT": str(self.media),
            "YIDANG_VAR_DIR": str(self.root / "var"),
            "SECRET_KEY": settings.SECRET_KEY,
            "YIDANG_FIELD_KEY": settings.YIDANG_FIELD_KEY,
            "PYTHONUNBUFFERED": "1",
        }
        return env | extra

    def manage(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=300,
        )

    def popen(self, *args: str, **env: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env(**env),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def table_counts(self) -> dict[str, int]:
        if self.database_url.startswith("sqlite"):
            db = sqlite3.connect(self.database_url.removeprefix("sqlite:///"))
            names = [
                r[0]
                for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
            ]
        else:
            db = psycopg.connect(self.database_url)  # type: ignore[assignment]
            names = [r[0] for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        try:
            return {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in sorted(names)}  # type: ignore[index]
        finally:
            db.close()

    def audit_actions(self, last: int) -> list[str]:
        if self.database_url.startswith("sqlite"):
            db = sqlite3.connect(self.database_url.removeprefix("sqlite:///"))
        else:
            db = psycopg.connect(self.database_url)  # type: ignore[assignment]
        try:
            rows = db.execute(f"SELECT action FROM audit_auditevent ORDER BY seq DESC LIMIT {int(last)}").fetchall()
        finally:
            db.close()
        return [r[0] for r in reversed(rows)]


def _server_url(dbname: str) -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{dbname}"


@pytest.fixture
def fresh(tmp_path):
    """An empty instance of the same database engine as the test run (a new PostgreSQL database)."""
    root = tmp_path / "fresh"
    (root / "media").mkdir(parents=True)
    if connection.vendor == "sqlite":
        yield Instance(root, f"sqlite:///{root / 'yidang.sqlite3'}", root / "media")
        return
    name = f"{connection.settings_dict['NAME']}_fresh_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_server_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Instance(root, _server_url(name), root / "media")
    finally:
        with psycopg.connect(_server_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def source(filed, tmp_path, media):
    """The filed world as an instance another process can open: the test database itself on
    PostgreSQL; on SQLite (an in-memory test database) a file copy of it made with the backup API."""
    root = tmp_path / "source"
    root.mkdir()
    if connection.vendor == "sqlite":
        path = root / "yidang.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return Instance(root, f"sqlite:///{path}", media)
    return Instance(root, _server_url(connection.settings_dict["NAME"]), media)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """moto's S3-protocol server on a free port of 127.0.0.1, for the session."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    moto = Path(sys.executable).with_name("moto_server")
    log = open(tmp_path_factory.mktemp("moto") / "moto.log", "w")  # noqa: SIM115
    proc = subprocess.Popen([str(moto), "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        raise RuntimeError("moto_server did not start")
    yield url
    proc.terminate()
    proc.wait(10)
    log.close()


@pytest.fixture
def s3(s3_server, monkeypatch):
    """AWS settings pointing boto3 at the local server, and a new bucket."""
    import boto3

    env = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL_S3": s3_server,
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    bucket = f"yidang-{uuid.uuid4().hex[:8]}"
    boto3.client("s3").create_bucket(Bucket=bucket)
    return bucket, env
