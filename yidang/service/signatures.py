"""The owner's signature drawn on screen: a PNG data URL, checked and kept in Django storage.

``ticket_confirm`` records the confirmation as text; for a signature that text is
``业主签名 service/signatures/<ticket>-<time>.png`` (see ``present.signature_path``).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.core.errors import DomainError
from yidang.service.models import Ticket
from yidang.service.present import CODE_PREFIX, SIGNATURE_DIR, SIGNATURE_PREFIX

MAX_BYTES = 512 * 1024
_HEADER = "data:image/png;base64,"
_PNG = b"\x89PNG\r\n\x1a\n"


def signature_png(data_url: str) -> bytes:
    """The PNG inside a ``data:image/png;base64,…`` URL, or a DomainError saying what is wrong with it."""
    if not data_url.startswith(_HEADER):
        raise DomainError(_("签名图片格式不正确，请重新签名"), field="signature")
    if len(data_url) > MAX_BYTES * 4 // 3 + len(_HEADER) + 4:
        raise DomainError(_("签名图片过大，请重新签名"), field="signature")
    try:
        png = base64.b64decode(data_url[len(_HEADER) :], validate=True)
    except (binascii.Error, ValueError):
        raise DomainError(_("签名图片格式不正确，请重新签名"), field="signature") from None
    if not png.startswith(_PNG):
        raise DomainError(_("签名图片格式不正确，请重新签名"), field="signature")
    return png


def signature_store(ticket: Ticket, data_url: str) -> str:
    """Keep the signature; returns the confirmation text that names it."""
    png = signature_png(data_url)
    name = f"{SIGNATURE_DIR}{ticket.number}-{timezone.now():%Y%m%d%H%M%S%f}.png"
    saved = default_storage.save(name, ContentFile(png))
    return f"{SIGNATURE_PREFIX}{saved}"


def signature_discard(confirmation: str) -> None:
    """Remove a stored signature whose step was refused, so no orphan image stays behind."""
    path = confirmation.removeprefix(SIGNATURE_PREFIX)
    if confirmation.startswith(SIGNATURE_PREFIX) and path.startswith(SIGNATURE_DIR):
        default_storage.delete(path)


def owner_confirm(*, ticket: Ticket, signature: str, code: str, actor: Any) -> Ticket:
    """The owner's confirmation by signature (kept in storage) or by code, through ``ticket_confirm``.
    A refused step leaves no image behind."""
    from yidang.service.actions import ticket_confirm

    if not signature:
        confirmation = f"{CODE_PREFIX}{code.strip()}" if code.strip() else ""
        return ticket_confirm(ticket=ticket, confirmation=confirmation, actor=actor)
    confirmation = signature_store(ticket, signature)
    try:
        return ticket_confirm(ticket=ticket, confirmation=confirmation, actor=actor)
    except DomainError:
        signature_discard(confirmation)
        raise
