"""Backups of the embedded SQLite deployment: one archive with a consistent database copy and the uploads.

The database is copied with SQLite's online backup API, so the portal may keep serving while
it runs. PostgreSQL deployments use pg_dump instead (see README).
"""

from __future__ import annotations

import io
import json
import sqlite3
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

MANIFEST = "manifest.json"
DB_NAME = "portal.sqlite3"


class BackupError(RuntimeError):
    """The backup or restore could not be done; the message says why."""


def sqlite_path(database_uri: str) -> Path:
    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError("backup/restore handle SQLite databases; for PostgreSQL use pg_dump (see README)")
    return Path(url.database)


def _store(uploads):
    """A folder name means the local store; otherwise the upload store itself (local or object store)."""
    from portal.core.storage import LocalStore

    return LocalStore(uploads) if isinstance(uploads, (str, Path)) else uploads


def create_backup(database_uri: str, uploads, target: Path) -> dict:
    """Write ``target`` (.tar.gz) and return its manifest; ``uploads`` is a folder or an upload store."""
    source = sqlite_path(database_uri)
    store = _store(uploads)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / DB_NAME
        with sqlite3.connect(source) as live, sqlite3.connect(copy) as out:
            live.backup(out)  # page-by-page copy under SQLite's own locking: a consistent snapshot
        files = store.names()
        manifest = {"created_at": datetime.now(UTC).isoformat(), "database": DB_NAME, "uploads": len(files)}
        target.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(target, "w:gz") as archive:
            archive.add(copy, DB_NAME)
            for name in files:
                content = store.read(name)
                info = tarfile.TarInfo(f"uploads/{name}")
                info.size = len(content)
                archive.addfile(info, io.BytesIO(content))
            data = json.dumps(manifest).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return manifest


def restore_backup(archive_path: Path, database_uri: str, uploads) -> dict:
    """Replace the database and uploads with the archive's. Stop the portal first."""
    target_db = sqlite_path(database_uri)
    store = _store(uploads)
    with tarfile.open(archive_path, "r:gz") as archive:
        names = archive.getnames()
        if MANIFEST not in names or DB_NAME not in names:
            raise BackupError("not a portal backup: manifest or database missing")
        manifest = json.load(archive.extractfile(MANIFEST))
        for member in archive.getmembers():
            # only our own flat layout; anything else (absolute paths, ..) is refused
            if member.name not in (MANIFEST, DB_NAME) and not (
                member.name.startswith("uploads/") and "/" not in member.name[8:] and ".." not in member.name
            ):
                raise BackupError(f"unexpected entry in archive: {member.name}")
        with tempfile.TemporaryDirectory() as tmp:
            archive.extract(DB_NAME, tmp, filter="data")
            with sqlite3.connect(Path(tmp) / DB_NAME) as src, sqlite3.connect(target_db) as dst:
                src.backup(dst)
        store.check()
        for stale in store.names():
            # files uploaded after the backup belong to rows the restored database no longer has
            store.delete(stale)
        for member in archive.getmembers():
            if member.name.startswith("uploads/"):
                store.put(member.name[8:], archive.extractfile(member).read(), "application/octet-stream")
    return manifest
