"""Upload checks and storage: type by content (magic bytes), size limits, random stored names.

The original filename is kept for display only; files are kept in the upload store
(portal/core/storage.py: instance/uploads or an object store) under a random name, so no
user-supplied path ever reaches the filesystem or the bucket.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import LazyString

from portal.core.errors import ServiceError
from portal.core.storage import LocalStore, StoreUnavailable, get_store
from portal.i18n import gettext
from portal.i18n import lazy_gettext as _l

ALLOWED_KINDS = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXTENSIONS = ("jpeg",)  # other spellings of an allowed type's extension


class UploadError(ServiceError):
    """The file was refused; the message tells the user why."""


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    original_name: str
    kind: str
    content_type: str
    size: int
    sha256: str


def sniff_kind(head: bytes, data: bytes) -> str | None:
    """The file's real type from its first bytes (and, for Office files, its zip members)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
    return None


def clean_display_name(name: str, kind: str) -> str:
    """A safe display name ending in the detected type's extension, at most 120 characters.

    No path parts or control characters; 营业执照.bat, 营业执照.pdf.hta or page.html holding a PDF
    become 营业执照.pdf and page.pdf, so a download never opens as a program or a web page.
    """
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip().lstrip(".")
    stem = name.rpartition(".")[0] if "." in name else name
    while stem.lower().endswith(tuple(f".{k}" for k in (*EXTENSIONS, *ALLOWED_KINDS))):
        stem = stem.rpartition(".")[0]
    stem = stem.strip().rstrip(".") or "file"
    return f"{stem[:110]}.{kind}"


def max_file_megabytes() -> int:
    """UPLOAD_MAX_FILE_BYTES in whole MB, as the forms and messages state it."""
    return current_app.config["UPLOAD_MAX_FILE_BYTES"] // (1024 * 1024)


def upload_hint(per_file: bool = True) -> LazyString:
    """The accepted types and size limit under a file field, read from the setting when rendered."""
    if per_file:
        return LazyString(
            lambda: gettext("PDF, JPG, PNG, DOCX or XLSX; at most %(mb)s MB per file", mb=max_file_megabytes())
        )
    return LazyString(lambda: gettext("PDF, JPG, PNG, DOCX or XLSX; at most %(mb)s MB", mb=max_file_megabytes()))


def validate_upload(filename: str, data: bytes, already_used: int = 0) -> str:
    """Return the file's kind or raise UploadError with a message for the user."""
    max_file = current_app.config["UPLOAD_MAX_FILE_BYTES"]
    max_case = current_app.config["UPLOAD_MAX_CASE_BYTES"]
    if not data:
        raise UploadError(str(_l("The file “%(name)s” is empty.", name=filename or "")))
    if len(data) > max_file:
        raise UploadError(
            str(
                _l(
                    "The file “%(name)s” is larger than %(mb)s MB. Make it smaller or split it.",
                    name=filename,
                    mb=max_file_megabytes(),
                )
            )
        )
    if already_used + len(data) > max_case:
        raise UploadError(
            str(_l("All files of one application together may not exceed %(mb)s MB.", mb=max_case // (1024 * 1024)))
        )
    kind = sniff_kind(data[:16], data)
    if kind is None:
        raise UploadError(
            str(
                _l(
                    "“%(name)s” is not a PDF, JPG, PNG, DOCX or XLSX file (checked by its content, not its name).",
                    name=filename,
                )
            )
        )
    return kind


def store_upload(filename: str, data: bytes, already_used: int = 0) -> StoredFile:
    """Validate and write the file under a random name; raises UploadError."""
    kind = validate_upload(filename, data, already_used)
    stored = f"{secrets.token_hex(16)}.{kind}"
    try:
        get_store().put(stored, data, ALLOWED_KINDS[kind])
    except StoreUnavailable:
        raise UploadError(
            str(
                _l(
                    "The file store cannot be reached right now, so %(name)s was not saved. Try again later.",
                    name=filename,
                )
            )
        ) from None
    from portal.core.db import delete_on_rollback

    delete_on_rollback(stored)
    return StoredFile(
        stored_name=stored,
        original_name=clean_display_name(filename, kind),
        kind=kind,
        content_type=ALLOWED_KINDS[kind],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def read_upload(storage) -> tuple[str, bytes] | None:
    """(filename, bytes) of a submitted file field, or None when nothing was chosen."""
    if storage is None or not getattr(storage, "filename", ""):
        return None
    return storage.filename, storage.read()


def stored_path(stored_name: str) -> Path:
    """The local folder's path of a stored file (the local store only; see portal/core/storage.py)."""
    return LocalStore(current_app.config["UPLOAD_FOLDER"]).path(stored_name)
