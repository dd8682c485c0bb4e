"""Scan files: what a file is (sniffed from its bytes), whether it is whole, and where its bytes live.

Nothing here touches the database. ``scan_inspect`` reads an upload and refuses anything that is
not a whole PDF, JPEG, PNG or TIFF within the size limit; ``scan_store`` then writes the bytes
under their content address ``scans/ab/cd/<sha256>.<ext>`` (reused, never overwritten) with a
small JPEG preview beside them. The caller (``archive.actions.scan_add``) records the version.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from yidang.core.errors import DomainError

log = logging.getLogger(__name__)

THUMBNAIL_BOX = (320, 320)
HASH_CHUNK = 1024 * 1024
_STRICT_DECODE = threading.Lock()


@dataclass(frozen=True)
class ScanKind:
    """One accepted kind of scan file."""

    code: str
    label: str
    ext: str
    content_type: str


PDF = ScanKind("pdf", "PDF", "pdf", "application/pdf")
JPEG = ScanKind("jpeg", "JPEG", "jpg", "image/jpeg")
PNG = ScanKind("png", "PNG", "png", "image/png")
TIFF = ScanKind("tiff", "TIFF", "tif", "image/tiff")
KINDS = {k.code: k for k in (PDF, JPEG, PNG, TIFF)}
KIND_BY_CONTENT_TYPE = {k.content_type: k for k in KINDS.values()}

_MAGIC: list[tuple[bytes, ScanKind]] = [
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"II+\x00", TIFF),  # BigTIFF
    (b"MM\x00+", TIFF),
]
# Files people mistake for scans, named so the message can say what the file really is.
_EXECUTABLE = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"#!")
_ARCHIVES = (b"PK\x03\x04", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")
_OFFICE_OLD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OTHER_IMAGES = ((b"GIF8", "GIF"), (b"BM", "BMP"))
_CLAIMED_BY_EXT = {"pdf": "PDF", "jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "tif": "TIFF", "tiff": "TIFF"}


@dataclass(frozen=True)
class Inspected:
    """An upload that passed every check: its kind, digest, size and the name it came with."""

    kind: ScanKind
    sha256: str
    size: int
    original_name: str
    thumbnail: bytes | None = field(default=None, repr=False)

    @property
    def storage_name(self) -> str:
        return content_address(self.sha256, self.kind.ext)

    @property
    def thumbnail_name(self) -> str:
        return content_address(self.sha256, "thumb.jpg")


@dataclass
class Stored:
    """Where the bytes went, and which files this upload created (to remove if the record fails)."""

    storage_name: str
    thumbnail_name: str
    created: list[str] = field(default_factory=list)


def content_address(sha256: str, ext: str) -> str:
    return f"scans/{sha256[:2]}/{sha256[2:4]}/{sha256}.{ext}"


def clean_name(name: str | None) -> str:
    """The file's own name without any path, control characters or excess length."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip()
    return (base or "scan")[:200]


def claimed_kind(name: str) -> str:
    """What the name says the file is (``PDF``, ``JPEG``…), or a generic word when it says nothing."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return _CLAIMED_BY_EXT.get(ext, _("扫描件"))


# ---- inspection -------------------------------------------------------------------------------


def scan_inspect(upload: File[Any]) -> Inspected:
    """Check an upload from its bytes alone; raise DomainError (field ``upload``) if it is refused."""
    name = clean_name(upload.name)
    _check_declared_size(upload)
    head = _read_head(upload)
    if not head:
        raise _refuse(_("文件是空的（0 字节），请重新扫描后再上传"))
    kind = sniff(head, name)
    sha256, size = stream_sha256(upload.chunks(HASH_CHUNK), limit=settings.YIDANG_SCAN_MAX_BYTES)
    thumbnail = _check_whole(upload, kind)
    return Inspected(kind=kind, sha256=sha256, size=size, original_name=name, thumbnail=thumbnail)


def sniff(head: bytes, name: str = "") -> ScanKind:
    """The kind of file the first bytes say this is; anything but PDF/JPEG/PNG/TIFF is refused."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    claimed = claimed_kind(name)
    if head.startswith(_EXECUTABLE):
        raise _refuse(_("文件内容是可执行程序，不是%(claimed)s，已拒收") % {"claimed": claimed})
    if head.startswith(_ARCHIVES) or head.startswith(_OFFICE_OLD):
        raise _refuse(
            _("文件内容是压缩包或 Office 文档（Word、Excel 等），不是%(claimed)s：请另存为 PDF 后再上传")
            % {"claimed": claimed}
        )
    for magic, label in _OTHER_IMAGES:
        if head.startswith(magic):
            raise _refuse(_("文件是 %(fmt)s 图片，不接受：请转换为 JPEG 或 PNG 后再上传") % {"fmt": label})
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1") or head[8:12] == b"WEBP":
        raise _refuse(_("文件是 HEIC/WebP 照片，不接受：请转换为 JPEG 后再上传"))
    if claimed in _CLAIMED_BY_EXT.values():
        raise _refuse(
            _("文件扩展名表明是%(claimed)s，但内容不是%(claimed)s：文件可能已损坏或被改名") % {"claimed": claimed}
        )
    raise _refuse(_("无法识别的文件格式：只接受 PDF、JPEG、PNG、TIFF 扫描件"))


def stream_sha256(chunks: Iterable[bytes], *, limit: int | None = None) -> tuple[str, int]:
    """SHA-256 and size of a stream, read chunk by chunk; stops as soon as ``limit`` is passed."""
    digest = hashlib.sha256()
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if limit is not None and size > limit:
            raise _too_big(None, limit)
        digest.update(chunk)
    if size == 0:
        raise _refuse(_("文件是空的（0 字节），请重新扫描后再上传"))
    return digest.hexdigest(), size


def _check_declared_size(upload: File[Any]) -> None:
    size = getattr(upload, "size", None)
    if size is not None and size > settings.YIDANG_SCAN_MAX_BYTES:
        raise _too_big(size, settings.YIDANG_SCAN_MAX_BYTES)


def _read_head(upload: File[Any]) -> bytes:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return bytes(head or b"")


def _check_whole(upload: File[Any], kind: ScanKind) -> bytes | None:
    """Parse the file to be sure it is whole; return its preview (None when none can be drawn)."""
    upload.seek(0)
    try:
        if kind is PDF:
            _check_pdf(upload)
            upload.seek(0)
            return _pdf_thumbnail(upload)
        return _image_thumbnail(upload, kind)
    finally:
        upload.seek(0)


def _check_pdf(stream: IO[bytes] | File[Any]) -> None:
    from pypdf import PdfReader

    try:
        reader = PdfReader(stream, strict=False)  # type: ignore[arg-type]
        if reader.is_encrypted and not reader.decrypt(""):
            raise _refuse(_("PDF 已加密，请去除打开密码后再上传"))
        pages = len(reader.pages)
    except DomainError:
        raise
    except Exception:  # pypdf raises many kinds of error on a broken file; each means the same here
        raise _refuse(_("文件以 PDF 标记开头，但无法解析为 PDF：文件已损坏或不是真正的 PDF")) from None
    if pages < 1:
        raise _refuse(_("PDF 中没有任何页面"))


def _image_thumbnail(stream: IO[bytes] | File[Any], kind: ScanKind) -> bytes | None:
    """Decode the whole image (a truncated or corrupt one is refused) and draw its preview."""
    from PIL import Image

    try:
        with Image.open(stream) as img:  # type: ignore[arg-type]
            if (img.format or "").lower() not in {kind.code, "mpo"}:
                raise _refuse(_("文件内容与 %(kind)s 格式不符，无法读取") % {"kind": kind.label})
            _load_strictly(img)
            return _image_preview(img)
    except DomainError:
        raise
    except Image.DecompressionBombError:
        raise _refuse(_("图片像素过多，请降低扫描分辨率后再上传")) from None
    except Exception:  # Pillow's errors for broken data are OSError, SyntaxError, ValueError…
        raise _refuse(_("%(kind)s 图片已损坏或不完整，无法读取") % {"kind": kind.label}) from None


def _load_strictly(img: Any) -> None:
    """Decode every pixel, refusing a truncated file.

    WeasyPrint sets Pillow's process-wide ``LOAD_TRUNCATED_IMAGES`` when imported, which would let
    a half-sent scan through padded with grey; the flag is off while a scan is decoded.
    """
    from PIL import ImageFile

    with _STRICT_DECODE:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            img.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _image_preview(img: Any) -> bytes | None:
    """A preview of a decoded image; an unusual colour mode just goes without one."""
    from PIL import ImageOps

    try:
        return _jpeg_preview(ImageOps.exif_transpose(img) or img)
    except Exception:
        log.warning("no preview for an image scan (mode %s)", getattr(img, "mode", "?"), exc_info=True)
        return None


def _pdf_thumbnail(stream: IO[bytes] | File[Any]) -> bytes | None:
    """The first page drawn small. A PDF that PDFium cannot draw simply has no preview."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(stream.read())
        try:
            page = pdf[0]
            width, height = page.get_size()
            scale = max(0.05, min(THUMBNAIL_BOX[0] / max(width, height, 1), 2.0))
            return _jpeg_preview(page.render(scale=scale).to_pil())
        finally:
            pdf.close()
    except Exception:  # a preview is a convenience: log, store the scan without one
        log.warning("no preview for a PDF scan", exc_info=True)
        return None


def _jpeg_preview(img: Any) -> bytes:
    from PIL import Image

    frame = img.copy()
    if frame.mode not in ("RGB", "L"):
        frame = frame.convert("RGBA") if "A" in frame.getbands() else frame.convert("RGB")
        if frame.mode == "RGBA":
            background = Image.new("RGB", frame.size, "white")
            background.paste(frame, mask=frame.getchannel("A"))
            frame = background
    frame.thumbnail(THUMBNAIL_BOX)
    out = io.BytesIO()
    frame.save(out, "JPEG", quality=80)
    return out.getvalue()


def _refuse(message: str) -> DomainError:
    return DomainError(message, field="upload", code="scan_refused")


def _too_big(size: int | None, limit: int) -> DomainError:
    """Size refused; ``size`` is None when reading stopped at the limit (the real size is unknown)."""
    if size is None:
        return _refuse(_("文件大小超过上限 %(max)s：请降低扫描分辨率或分开扫描后再上传") % {"max": _file_size(limit)})
    return _refuse(
        _("文件大小 %(size)s，超过上限 %(max)s：请降低扫描分辨率或分开扫描后再上传")
        % {"size": _file_size(size), "max": _file_size(limit)}
    )


def _file_size(size: int) -> str:
    return str(filesizeformat(size)).replace("\xa0", " ")


# ---- storage ----------------------------------------------------------------------------------


def scan_store(upload: File[Any], inspected: Inspected) -> Stored:
    """Write the checked bytes (and preview) under their content address unless already there."""
    stored = Stored(storage_name=inspected.storage_name, thumbnail_name="")
    try:
        upload.seek(0)
        stored.storage_name = _save_once(inspected.storage_name, upload, stored.created)
        if inspected.thumbnail:
            thumb = ContentFile(inspected.thumbnail)
            stored.thumbnail_name = _save_once(inspected.thumbnail_name, thumb, stored.created)
    except BaseException:
        scan_files_discard(stored.created)
        raise
    return stored


def _save_once(name: str, content: File[Any], created: list[str]) -> str:
    """Content-addressed: bytes already stored under ``name`` are the same bytes, so reuse them."""
    if default_storage.exists(name):
        return name
    saved = default_storage.save(name, content)
    created.append(saved)
    return saved


def scan_files_discard(names: Iterable[str]) -> None:
    """Remove files an upload created, unless a recorded scan has come to rely on them meanwhile."""
    from yidang.archive.models import Scan

    for name in names:
        if Scan.objects.filter(storage_name=name).exists() or Scan.objects.filter(thumbnail_name=name).exists():
            continue
        try:
            default_storage.delete(name)
        except OSError:
            log.exception("could not remove %s after a failed scan upload", name)


def stored_sha256(name: str) -> tuple[str, int]:
    """Digest and size of stored bytes, read as a stream. FileNotFoundError when they are gone."""
    if not default_storage.exists(name):
        raise FileNotFoundError(name)
    with default_storage.open(name, "rb") as fh:
        digest = hashlib.sha256()
        size = 0
        for chunk in iter(lambda: fh.read(HASH_CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def download_name(scan: Any) -> str:
    """``HY-A2-15-1503-第3件-v2.pdf``: the file, the item and the version."""
    ext = scan.storage_name.rsplit(".", 1)[-1]
    return f"{scan.document.archive.number}-第{scan.document.item_no}件-v{scan.version}.{ext}"
