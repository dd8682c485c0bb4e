"""Helpers for the API, scoping and role tests: a token client, every write request, a state snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from yidang.accounts.models import User
from yidang.audit.models import AuditEvent
from yidang.households.models import EmergencyContact, Occupancy, SearchToken, Vehicle, VipProfile
from yidang.people.models import Person
from yidang.places.models import Room


def api_client(user: User) -> APIClient:
    """A client that authenticates the way API users do: ``Authorization: Token …``."""
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@dataclass(frozen=True)
class WriteRequest:
    name: str
    method: str
    url: str
    data: dict[str, Any] | None

    def send(self, client: Any) -> Any:
        return getattr(client, self.method)(self.url, self.data, format="json")


def api_writes(room: Room) -> list[WriteRequest]:
    """One valid request to every API write endpoint of ``room``'s household."""
    occupancy = room.occupancies.filter(end_date__isnull=True).first()
    vehicle = room.vehicles.first()
    assert occupancy is not None and vehicle is not None, "the household needs an occupant and a vehicle"
    base = f"/api/v1/households/{room.pk}/"
    return [
        WriteRequest("register occupant", "post", base + "occupants/", {"role": "tenant", "name": "李娜"}),
        WriteRequest("end occupancy", "post", base + f"occupancies/{occupancy.pk}/end/", {"end_date": "2030-01-02"}),
        WriteRequest("transfer", "post", base + "transfer/", {"name": "王芳", "transfer_date": "2030-01-02"}),
        WriteRequest("add contact", "post", base + "contacts/", {"name": "李四", "phone": "13900002222"}),
        WriteRequest("add vehicle", "post", base + "vehicles/", {"plate": "沪B55555"}),
        WriteRequest("remove vehicle", "delete", base + f"vehicles/{vehicle.pk}/", None),
        WriteRequest("save VIP profile", "put", base + "vip/", {"special_requests": "只在工作日上门"}),
    ]


def page_writes(room: Room) -> list[WriteRequest]:
    """One valid form post to every write page of ``room``'s household."""
    occupancy = room.occupancies.filter(end_date__isnull=True).first()
    vehicle = room.vehicles.first()
    assert occupancy is not None and vehicle is not None, "the household needs an occupant and a vehicle"

    def url(name: str, *extra: int) -> str:
        return reverse(f"households:{name}", args=[room.pk, *extra])

    person = {"name": "李娜", "id_type": "resident"}
    return [
        WriteRequest(
            "register occupant",
            "post",
            url("occupant-add"),
            {f"occupant-{k}": v for k, v in (person | {"role": "tenant", "start_date": "2030-01-02"}).items()},
        ),
        WriteRequest("end occupancy", "post", url("occupancy-end", occupancy.pk), {"end-end_date": "2030-01-02"}),
        WriteRequest(
            "transfer",
            "post",
            url("transfer"),
            {f"transfer-{k}": v for k, v in (person | {"transfer_date": "2030-01-02"}).items()},
        ),
        WriteRequest(
            "add contact", "post", url("contact-add"), {"contact-name": "李四", "contact-phone": "13900002222"}
        ),
        WriteRequest("add vehicle", "post", url("vehicle-add"), {"vehicle-plate": "沪B55555", "vehicle-kind": "motor"}),
        WriteRequest("remove vehicle", "post", url("vehicle-remove", vehicle.pk), {}),
        WriteRequest("edit room", "post", url("room-edit"), {"room-use": "office", "room-note": "改为办公"}),
        WriteRequest("save VIP profile", "post", url("vip-edit"), {"vip-special_requests": "只在工作日上门"}),
    ]


def household_state(room: Room) -> dict[str, Any]:
    """Everything a write to ``room``'s household could change, to compare before and after."""
    return {
        "room": Room.objects.filter(pk=room.pk).values().get(),
        "occupancies": list(Occupancy.objects.filter(room=room).order_by("id").values()),
        "contacts": list(EmergencyContact.objects.filter(room=room).order_by("id").values()),
        "vehicles": list(Vehicle.objects.filter(room=room).order_by("id").values()),
        "vip": list(VipProfile.objects.filter(room=room).values()),
        "tokens": sorted(SearchToken.objects.filter(room=room).values_list("token", "kind")),
        "people": Person.objects.count(),
        "audit": AuditEvent.objects.count(),
    }
