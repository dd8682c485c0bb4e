"""The access tests' little world: HY's files, a scanned document, and requests filed the way the pages file them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from yidang.access.actions import RequestData, access_request_approve, access_request_file
from yidang.access.models import AccessRequest, RequestKind
from yidang.archive.actions import scan_add
from yidang.archive.models import Archive, Document
from yidang.archive.tests.conftest import file_document
from yidang.archive.tests.scanfiles import image_bytes, pdf_bytes, upload


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def hy1503(world) -> Archive:
    return Archive.objects.get(room=world.rooms["hy1503"])


@pytest.fixture
def hy0801(world) -> Archive:
    return Archive.objects.get(room=world.rooms["hy0801"])


@pytest.fixture
def jm1503(world) -> Archive:
    return Archive.objects.get(room=world.rooms["jm1503"])


@pytest.fixture
def scanned(world, hy1503, media) -> Document:
    """Item 1 of HY-A2-15-1503 with a two-page PDF scan; item 2 with a PNG scan."""
    first = file_document(hy1503, "handover_record", world.archivist)
    scan_add(document=first, upload=upload(pdf_bytes(pages=2)), actor=world.archivist)
    second = file_document(hy1503, "owner_id_copy", world.archivist)
    scan_add(
        document=second, upload=upload(image_bytes("PNG", (200, 280)), "id.png", "image/png"), actor=world.archivist
    )
    return first


def window(hours: float = 24, start_in: float = -0.1) -> dict[str, Any]:
    now = timezone.now()
    return {"window_start": now + timedelta(hours=start_in), "window_end": now + timedelta(hours=start_in + hours)}


def request_data(world, kind: str = RequestKind.STAFF, codes: str = "A2-15-1503", **fields: Any) -> RequestData:
    values: dict[str, Any] = {"kind": kind, "project": world.hy, "codes": codes, "purpose": "核对管线改造图纸"}
    return RequestData(**(values | window() | fields))


def staff_request(world, codes: str = "A2-15-1503", **fields: Any) -> AccessRequest:
    return access_request_file(data=request_data(world, codes=codes, **fields), actor=world.engineer)


def approved_staff_request(world, codes: str = "A2-15-1503", **fields: Any) -> AccessRequest:
    return access_request_approve(request=staff_request(world, codes, **fields), actor=world.supervisor)


def move_window(request: AccessRequest, *, hours_from_now: float, length: float = 1) -> None:
    """Put the request's window ``hours_from_now`` away (negative: in the past), through the ORM."""
    start = timezone.now() + timedelta(hours=hours_from_now)
    AccessRequest.objects.filter(pk=request.pk).update(window_start=start, window_end=start + timedelta(hours=length))
