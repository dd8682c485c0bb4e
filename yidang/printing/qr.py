"""QR codes for labels, as data URIs WeasyPrint embeds (no files, no network)."""

from __future__ import annotations

import segno


def qr_data_uri(text: str) -> str:
    """An SVG QR code of ``text`` (error correction M: survives a scuffed label) as a data URI."""
    return segno.make(text, error="m", micro=False).svg_data_uri(scale=4, border=4, nl=False)
