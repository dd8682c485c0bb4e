"""The reading view: the requester of an approved request reads the named file within its window, read only,
watermarked, every opening in the usage ledger; outside the window or for another file it answers 404."""

from __future__ import annotations

import io

from django.urls import reverse

from tests.pagetext import page_text
from yidang.access.tests.conftest import approved_staff_request, move_window, staff_request
from yidang.archive.models import Scan
from yidang.usage.models import UsageKind, UsageRecord


def test_the_engineer_reads_the_granted_files_catalogue_and_the_open_is_recorded(client, world, hy1503, scanned):
    request = approved_staff_request(world)
    client.force_login(world.engineer)

    response = client.get(reverse("access:read-file", args=[request.pk, hy1503.pk]))

    assert response.status_code == 200
    text = page_text(response)
    assert "HY-A2-15-1503" in text and "房屋交接确认表" in text
    assert 'class="watermark"' in text and "engineer" in text and "仅供查阅" in text
    assert "/archive/scans/" not in text and "download" not in text  # no way to the scan files themselves
    assert response["Cache-Control"] == "no-store, private"
    use = UsageRecord.objects.get()
    assert (use.kind, use.user, use.request, use.archive) == (UsageKind.VIEW_FILE, world.engineer, request, hy1503)
    assert use.purpose == "核对管线改造图纸" and use.project_id == world.hy.pk


def test_a_document_shows_its_pages_as_stamped_pictures(client, world, hy1503, scanned):
    request = approved_staff_request(world)
    scan = Scan.objects.get(document=scanned)
    client.force_login(world.engineer)

    page = client.get(reverse("access:read-document", args=[request.pk, hy1503.pk, scanned.pk]))
    picture = client.get(reverse("access:read-page", args=[request.pk, hy1503.pk, scan.pk, 2]))
    beyond = client.get(reverse("access:read-page", args=[request.pk, hy1503.pk, scan.pk, 3]))

    assert page.status_code == 200 and page_text(page).count('<figure class="page">') == 2
    assert picture.status_code == 200 and picture["Content-Type"] == "image/jpeg"
    from PIL import Image

    assert Image.open(io.BytesIO(picture.content)).format == "JPEG"
    assert beyond.status_code == 404
    use = UsageRecord.objects.get(kind=UsageKind.VIEW_DOCUMENT)
    assert (use.document, use.request, use.category) == (scanned, request, "入伙资料")


def test_outside_the_window_the_same_address_shows_nothing(client, world, hy1503, scanned):
    request = approved_staff_request(world)
    scan = Scan.objects.get(document=scanned)
    client.force_login(world.engineer)
    urls = [
        reverse("access:read", args=[request.pk]),
        reverse("access:read-file", args=[request.pk, hy1503.pk]),
        reverse("access:read-document", args=[request.pk, hy1503.pk, scanned.pk]),
        reverse("access:read-page", args=[request.pk, hy1503.pk, scan.pk, 1]),
        reverse("access:read-thumbnail", args=[request.pk, hy1503.pk, scan.pk]),
    ]

    for hours in (-3, +3):  # after the window, and before it
        move_window(request, hours_from_now=hours)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 404, url
            assert "房屋交接确认表" not in page_text(response) and "HY-A2-15-1503" not in page_text(response)
    assert not UsageRecord.objects.exists()


def test_another_file_or_anothers_request_is_404(client, world, hy1503, hy0801, scanned):
    request = approved_staff_request(world, codes="A2-15-1503")
    pending = staff_request(world, codes="B1-8-801")

    client.force_login(world.engineer)
    assert client.get(reverse("access:read-file", args=[request.pk, hy0801.pk])).status_code == 404
    assert client.get(reverse("access:read-file", args=[pending.pk, hy0801.pk])).status_code == 404
    for other in ("assistant", "supervisor", "jm_assistant"):
        client.force_login(world.users[other])
        assert client.get(reverse("access:read-file", args=[request.pk, hy1503.pk])).status_code == 404
    assert not UsageRecord.objects.exists()


def test_the_archive_pages_stay_closed_to_the_engineer_even_with_a_grant(client, world, hy1503, scanned):
    approved_staff_request(world)
    scan = Scan.objects.get(document=scanned)
    client.force_login(world.engineer)

    for url in (reverse("archive:detail", args=[hy1503.pk]), reverse("archive:scan-download", args=[scan.pk])):
        response = client.get(url)
        assert response.status_code in (403, 404)
        assert "房屋交接确认表" not in page_text(response)
