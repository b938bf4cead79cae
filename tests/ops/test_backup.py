"""Backup and restore round trip on SQLite (PostgreSQL deployments use pg_dump)."""

from __future__ import annotations

import sqlite3

import pytest

from portal import create_app
from portal.backup import BackupError, create_backup, restore_backup


def test_round_trip(tmp_path):
    db_file = tmp_path / "live.sqlite3"
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (uploads / "abc.pdf").write_bytes(b"%PDF-1.4 one")
    with sqlite3.connect(db_file) as conn:
        conn.execute("CREATE TABLE t (x TEXT)")
        conn.execute("INSERT INTO t VALUES ('before')")
    archive = tmp_path / "backup.tar.gz"
    manifest = create_backup(f"sqlite:///{db_file}", str(uploads), archive)
    assert manifest["uploads"] == 1
    with sqlite3.connect(db_file) as conn:  # damage after the backup
        conn.execute("UPDATE t SET x = 'after'")
    (uploads / "abc.pdf").unlink()
    restore_backup(archive, f"sqlite:///{db_file}", str(uploads))
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT x FROM t").fetchone() == ("before",)
    assert (uploads / "abc.pdf").read_bytes() == b"%PDF-1.4 one"


def test_cli_backup_and_restore(tmp_path, test_config):
    db_file = tmp_path / "cli.sqlite3"
    app = create_app(
        {**test_config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_file}", "UPLOAD_FOLDER": str(tmp_path / "up")}
    )
    with app.app_context():
        from portal.extensions import db

        db.create_all()
    runner = app.test_cli_runner()
    archive = tmp_path / "b.tar.gz"
    result = runner.invoke(args=["backup", "--output", str(archive)])
    assert result.exit_code == 0 and archive.exists(), result.output
    with app.app_context():
        from portal.extensions import cache

        cache.set("memo:1:count:kept-before-the-restore", (41,), timeout=600)
    result = runner.invoke(args=["restore", str(archive), "--yes"])
    assert result.exit_code == 0, result.output
    with app.app_context():  # the rows were replaced behind the ORM's back: nothing kept survives
        assert cache.get("memo:1:count:kept-before-the-restore") is None


def test_postgres_is_refused_with_advice(tmp_path):
    with pytest.raises(BackupError, match="pg_dump"):
        create_backup("postgresql+psycopg://u@h/db", str(tmp_path), tmp_path / "x.tar.gz")


def test_foreign_archive_is_refused(tmp_path):
    import tarfile

    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(bad, "w:gz") as archive:
        (tmp_path / "evil").write_text("x")
        archive.add(tmp_path / "evil", "../../evil")
    with pytest.raises(BackupError):
        restore_backup(bad, f"sqlite:///{tmp_path / 'x.sqlite3'}", str(tmp_path / "up"))


def test_forget_kept_after_a_pg_restore(test_config):
    """After pg_restore (outside the portal) README says to run forget-kept: nothing kept survives it."""
    from portal.extensions import cache

    app = create_app(test_config)
    with app.app_context():
        cache.set("memo:1:count:kept-before-pg-restore", (41,), timeout=600)
    result = app.test_cli_runner().invoke(args=["forget-kept"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert cache.get("memo:1:count:kept-before-pg-restore") is None
