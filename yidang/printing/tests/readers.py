"""Reading printed PDFs back the way a person would: their text, and their QR codes with a real decoder.

Needs Debian's poppler-utils (``pdftotext``, ``pdftoppm``) and zbar-tools (``zbarimg``); see
``scripts/system-deps.sh``.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


def pdf_text(pdf: bytes) -> str:
    """All text of a PDF, as ``pdftotext`` extracts it."""
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode()


def pdf_pages(pdf: bytes) -> int:
    result = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    line = next(x for x in result.stdout.decode().splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def pdf_qr_codes(pdf: bytes, dpi: int = 200) -> list[str]:
    """The QR codes on every page, decoded by ``zbarimg`` from the pages rendered by ``pdftoppm``."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "printout.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(Path(tmp) / "page")], check=True)
        codes: list[str] = []
        for page in sorted(Path(tmp).glob("page*.png")):
            result = subprocess.run(
                ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(page)], capture_output=True
            )
            codes += [line for line in result.stdout.decode().splitlines() if line]
        return codes
