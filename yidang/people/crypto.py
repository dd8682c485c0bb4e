"""Field encryption for ID numbers, with a keyed hash for exact look-up.

``YIDANG_FIELD_KEY`` holds one or more Fernet keys, newest first, comma-separated. Values are
encrypted with the first and decrypted with any (MultiFernet), so a key is rotated by putting a
new key in front and running ``manage.py rotate_field_key``, which re-encrypts every value and
recomputes the look-up hashes; the old key can then be dropped. The look-up hash is an
HMAC-SHA256 keyed with a key derived from the newest Fernet key.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _keys(raw: str) -> tuple[MultiFernet, bytes]:
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    if not parts:
        raise ImproperlyConfigured("YIDANG_FIELD_KEY is empty")
    try:
        fernets = [Fernet(p.encode()) for p in parts]
    except ValueError as exc:
        raise ImproperlyConfigured("YIDANG_FIELD_KEY must be Fernet keys (32 url-safe base64 bytes)") from exc
    hash_key = hashlib.sha256(b"yidang-lookup-hash:" + parts[0].encode()).digest()
    return MultiFernet(fernets), hash_key


def encrypt(plain: str) -> str:
    fernet, _ = _keys(settings.YIDANG_FIELD_KEY)
    return fernet.encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    fernet, _ = _keys(settings.YIDANG_FIELD_KEY)
    try:
        return fernet.decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured("an encrypted field cannot be read with YIDANG_FIELD_KEY") from exc


def rotate(token: str) -> str:
    fernet, _ = _keys(settings.YIDANG_FIELD_KEY)
    return fernet.rotate(token.encode()).decode()


def lookup_hash(plain: str) -> str:
    _, key = _keys(settings.YIDANG_FIELD_KEY)
    return hmac.new(key, plain.encode(), hashlib.sha256).hexdigest()
