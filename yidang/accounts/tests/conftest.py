from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from yidang.audit.models import AuditEvent


def code_of(device: TOTPDevice) -> str:
    """The 6 digits the user's phone shows right now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def audit_rows(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


@pytest.fixture
def enrolled(world) -> TOTPDevice:
    """The assistant, with a confirmed authenticator app."""
    return TOTPDevice.objects.create(user=world.assistant, name="phone", confirmed=True)
