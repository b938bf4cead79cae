"""Upload checks: type by content, per-file and per-case limits, safe names."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from portal.core.uploads import UploadError, clean_display_name, sniff_kind, store_upload, stored_path, validate_upload


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("payload.exe", "MZ")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"\xff\xd8\xff\xe0" + b"0" * 20, "jpg"),
        (b"\x89PNG\r\n\x1a\n" + b"0" * 20, "png"),
        (_docx(), "docx"),
        (_xlsx(), "xlsx"),
        (_zip(), None),  # a plain zip is not an Office document
        (b"MZ\x90\x00", None),
        (b"<html><script>", None),
        (b"GIF89a", None),
    ],
)
def test_sniff_by_content(data, kind):
    assert sniff_kind(data[:16], data) == kind


def test_limits_per_file_and_per_case(app_ctx, monkeypatch):
    monkeypatch.setitem(app_ctx.config, "UPLOAD_MAX_FILE_BYTES", 1000)
    monkeypatch.setitem(app_ctx.config, "UPLOAD_MAX_CASE_BYTES", 1500)
    pdf = b"%PDF-1.4" + b"0" * 600
    assert validate_upload("a.pdf", pdf) == "pdf"
    with pytest.raises(UploadError):
        validate_upload("big.pdf", b"%PDF-1.4" + b"0" * 1200)
    with pytest.raises(UploadError):
        validate_upload("b.pdf", pdf, already_used=1000)
    with pytest.raises(UploadError):
        validate_upload("empty.pdf", b"")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\x\\证据.pdf", "证据.pdf"),
        ("\x00evil\x1f.pdf", "evil.pdf"),
        ("", "file.pdf"),
        ("....", "file.pdf"),
    ],
)
def test_display_names_are_cleaned(name, expected):
    assert clean_display_name(name, "pdf") == expected


def test_long_names_are_cut_keeping_the_extension():
    name = clean_display_name("证" * 300 + ".pdf", "pdf")
    assert len(name) <= 120 and name.endswith(".pdf")


def test_stored_under_random_name_and_paths_refused(app_ctx):
    stored = store_upload("../../x.pdf", b"%PDF-1.4 hello")
    assert stored.stored_name.endswith(".pdf") and len(stored.stored_name) == 36 and "/" not in stored.stored_name
    assert stored_path(stored.stored_name).read_bytes() == b"%PDF-1.4 hello"
    for bad in ("../secret", "a/b.pdf", ".hidden", ""):
        with pytest.raises(FileNotFoundError):
            stored_path(bad)
