"""Typing or scanning a code in the header search jumps to the folder or the place — in one's own projects only."""

from __future__ import annotations

from django.urls import reverse

from yidang.shelving.printouts import archive_qr_url, location_qr_url
from yidang.shelving.queries import resolve_code
from yidang.shelving.tests.storage import login


def test_an_archive_number_leads_to_the_archive_page(world, hy1503):
    assert resolve_code(world.assistant, "HY-A2-15-1503") == f"/archive/{hy1503.pk}/"
    assert resolve_code(world.assistant, " hy-a2-15-1503 ") == f"/archive/{hy1503.pk}/"


def test_a_location_code_leads_to_the_location_page(world, storage):
    assert resolve_code(world.assistant, "hy-r01-c01-s01-b002") == f"/shelving/locations/{storage.box2.pk}/"


def test_a_scanned_label_leads_where_its_qr_points(world, storage, hy1503):
    assert resolve_code(world.archivist, archive_qr_url(hy1503)) == f"/archive/{hy1503.pk}/"
    assert resolve_code(world.archivist, location_qr_url(storage.box1)) == f"/shelving/locations/{storage.box1.pk}/"


def test_codes_of_another_project_lead_nowhere(world, storage, jm1503):
    assert resolve_code(world.assistant, "JM-T1-15-1503") is None
    assert resolve_code(world.assistant, storage.jm_box.code) is None
    assert resolve_code(world.assistant, archive_qr_url(jm1503)) is None
    assert resolve_code(world.jm_assistant, "JM-T1-15-1503") == f"/archive/{jm1503.pk}/"


def test_staff_without_archive_rights_are_not_led_to_files(world, storage):
    assert resolve_code(world.engineer, "HY-A2-15-1503") is None
    assert resolve_code(world.engineer, storage.box1.code) is None


def test_the_header_search_jumps_and_otherwise_searches_households(client, world, storage, hy1503):
    login(client, "assistant")
    response = client.get(reverse("search"), {"q": "HY-A2-15-1503"})
    assert response.status_code == 302 and response.url == f"/archive/{hy1503.pk}/"
    response = client.get(reverse("search"), {"q": storage.box1.code})
    assert response.url == f"/shelving/locations/{storage.box1.pk}/"
    response = client.get(reverse("search"), {"q": "JM-T1-15-1503"})
    assert response.url.startswith(reverse("households:search"))
