"""Setup done in the admin leaves the same audit trail as any action."""

from __future__ import annotations

from django.urls import reverse

from yidang.audit.models import AuditEvent
from yidang.places.models import Building


def test_a_building_added_in_the_admin_writes_an_audit_row(admin_client, world):
    response = admin_client.post(
        reverse("admin:places_building_add"),
        {"project": world.hy.pk, "code": "C3", "name": "C3栋", "floors_above": 18, "floors_below": 2},
    )
    assert response.status_code == 302
    building = Building.objects.get(project=world.hy, code="C3")
    event = AuditEvent.objects.get(action="building.create", object_id=str(building.pk))
    assert event.project_id == world.hy.pk
    assert event.after == {
        "code": "C3",
        "name": "C3栋",
        "floors_above": "18",
        "floors_below": "2",
        "project": "华苑小区",
    }


def test_rooms_cannot_be_added_or_deleted_in_the_admin(admin_client, world):
    assert admin_client.get(reverse("admin:places_room_add")).status_code == 403
    room = world.rooms["hy1503"]
    assert admin_client.post(reverse("admin:places_room_delete", args=[room.pk]), {"post": "yes"}).status_code == 403
