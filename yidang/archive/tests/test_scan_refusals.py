"""Bad uploads are refused with a clear Chinese message, and nothing at all is stored."""

from __future__ import annotations

import pytest

from yidang.archive.actions import scan_add
from yidang.archive.models import Scan
from yidang.archive.tests.scanfiles import EXE, NOT_REALLY_PDF, ZIP, image_bytes, pdf_bytes, stored_files, upload
from yidang.audit.models import AuditEvent
from yidang.core.errors import DomainError
from yidang.timeline.models import TimelineEvent

REFUSED = [
    ("exe renamed pdf", EXE, "说明.pdf", "文件内容是可执行程序，不是PDF，已拒收"),
    ("empty file", b"", "scan.pdf", "文件是空的（0 字节），请重新扫描后再上传"),
    (
        "pdf that is not a pdf",
        NOT_REALLY_PDF,
        "scan.pdf",
        "文件以 PDF 标记开头，但无法解析为 PDF：文件已损坏或不是真正的 PDF",
    ),
    (
        "truncated pdf",
        pdf_bytes()[:200],
        "scan.pdf",
        "文件以 PDF 标记开头，但无法解析为 PDF：文件已损坏或不是真正的 PDF",
    ),
    (
        "text renamed pdf",
        "交接表".encode() * 10,
        "scan.pdf",
        "文件扩展名表明是PDF，但内容不是PDF：文件可能已损坏或被改名",
    ),
    (
        "word document",
        ZIP,
        "交接表.docx",
        "文件内容是压缩包或 Office 文档（Word、Excel 等），不是扫描件：请另存为 PDF 后再上传",
    ),
    ("gif", image_bytes("GIF"), "scan.gif", "文件是 GIF 图片，不接受：请转换为 JPEG 或 PNG 后再上传"),
    ("truncated png", image_bytes("PNG", (400, 400))[:120], "scan.png", "PNG 图片已损坏或不完整，无法读取"),
    ("unknown bytes", b"\x00\x01\x02\x03" * 8, "scan", "无法识别的文件格式：只接受 PDF、JPEG、PNG、TIFF 扫描件"),
]


@pytest.mark.parametrize(("case", "content", "name", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_bad_upload_is_refused_and_nothing_is_stored(world, document, media, case, content, name, message):
    audit_before = AuditEvent.objects.count()

    with pytest.raises(DomainError) as refused:
        scan_add(document=document, upload=upload(content, name), actor=world.archivist)

    assert refused.value.message == message
    assert refused.value.field == "upload"
    assert not Scan.objects.exists()
    assert stored_files(media) == []
    document.refresh_from_db()
    assert document.scan_count == 0
    assert AuditEvent.objects.count() == audit_before
    assert not TimelineEvent.objects.filter(kind="scan.add").exists()


def test_an_oversize_file_is_refused_before_it_is_read(world, document, media, settings):
    settings.YIDANG_SCAN_MAX_BYTES = 1024 * 1024
    content = pdf_bytes() + b"%" * (1024 * 1024)

    with pytest.raises(DomainError) as refused:
        scan_add(document=document, upload=upload(content), actor=world.archivist)

    assert refused.value.message == "文件大小 1.0 MB，超过上限 1.0 MB：请降低扫描分辨率或分开扫描后再上传"
    assert not Scan.objects.exists()
    assert stored_files(media) == []


def test_a_file_that_grows_past_the_limit_while_read_is_refused(world, document, media, settings):
    """The declared size may lie (or be missing); the bytes actually read are what count."""
    settings.YIDANG_SCAN_MAX_BYTES = 2000
    file = upload(pdf_bytes() + b"%" * 5000)
    file.size = 10  # type: ignore[misc]

    with pytest.raises(DomainError) as refused:
        scan_add(document=document, upload=file, actor=world.archivist)

    assert refused.value.message == "文件大小超过上限 2.0 KB：请降低扫描分辨率或分开扫描后再上传"
    assert stored_files(media) == []


def test_a_closed_file_takes_no_scan(world, archive, document, media):
    from yidang.archive.actions import archive_status_set

    archive_status_set(archive=archive, status="closed", actor=world.archivist)
    document.refresh_from_db()

    with pytest.raises(DomainError, match="已结档或移交，不能再上传扫描件"):
        scan_add(document=document, upload=upload(pdf_bytes()), actor=world.archivist)
    assert stored_files(media) == []


def test_a_truncated_image_is_refused_even_after_weasyprint_relaxed_pillow(world, document, media):
    import weasyprint  # noqa: F401  (importing it sets ImageFile.LOAD_TRUNCATED_IMAGES = True)
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    content = image_bytes("JPEG", (400, 400))

    with pytest.raises(DomainError, match="JPEG 图片已损坏或不完整"):
        scan_add(document=document, upload=upload(content[: len(content) // 2], "half.jpg"), actor=world.archivist)
    assert stored_files(media) == []
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # left as it was found
