"""flask --app portal <command>: demo data, users, content, digests, backups."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from portal.core.db import commit

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"


def register_commands(app: Flask) -> None:
    for command in (
        seed_demo,
        create_user,
        setup,
        translate,
        send_overdue_digest,
        send_reply_reminders,
        send_event_reminders,
        load_content,
        backup,
        restore,
        forget_kept,
        config_check,
        check_links,
        grant_app_role,
    ):
        app.cli.add_command(command)


def compile_translations() -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", "compile", "-d", str(TRANSLATIONS)])


@click.command("setup")
@with_appcontext
@click.option("--demo/--no-demo", default=True, help="Load demo accounts and content.")
def setup(demo: bool):
    """Compile translations, upgrade the database to the latest schema, optionally load demo data."""
    from flask_migrate import upgrade

    compile_translations()
    upgrade(revision="heads")
    if demo:
        seed_demo.callback()


@click.group("translate")
def translate():
    """Catalog upkeep: extract → update → (translate) → compile."""


@translate.command("update")
def translate_update():
    from babel.messages.frontend import CommandLineInterface

    pot = TRANSLATIONS / "messages.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "extract",
            "-F",
            str(TRANSLATIONS / "babel.cfg"),
            "-k",
            "_l",
            "--no-location",
            "--sort-output",
            "-o",
            str(pot),
            str(ROOT),
        ]
    )
    CommandLineInterface().run(
        ["pybabel", "update", "--no-fuzzy-matching", "--ignore-obsolete", "-i", str(pot), "-d", str(TRANSLATIONS)]
    )


@translate.command("compile")
def translate_compile():
    compile_translations()


@click.command("seed-demo")
@with_appcontext
def seed_demo():
    """Load demo accounts and demo content (safe to run again)."""
    if not current_app.config["DEMO_ACCOUNTS_ALLOWED"]:
        raise click.ClickException("Demo accounts are refused under the production configuration.")
    from portal.accounts.demo import ensure_demo_accounts
    from portal.cases.demo import ensure_demo_cases

    users = ensure_demo_accounts()
    commit()
    _load_shipped_content()
    cases = ensure_demo_cases(users)
    from portal.events.demo import ensure_demo_event

    ensure_demo_event()
    from portal.identity.demo import ensure_demo_identity

    ensure_demo_identity()
    from portal.market.demo import ensure_demo_market

    ensure_demo_market()
    from portal.core import mail

    mail.discard_queue()  # demo history must not email anybody
    commit()
    click.echo(f"demo accounts ready: {', '.join(sorted(users))}; demo cases created: {cases}")


@click.command("create-user")
@with_appcontext
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(["reviewer", "supervisor", "editor", "admin"]))
@click.option("--name", default="")
@click.password_option()
def create_user(email: str, role: str, name: str, password: str):
    """Create a staff account."""
    from portal.accounts import services
    from portal.core.validators import password_error

    problem = password_error(password, email)
    if problem:
        raise click.ClickException(str(problem))
    if not current_app.config["DEMO_ACCOUNTS_ALLOWED"] and email.strip().lower() in services.DEMO_EMAILS:
        raise click.ClickException(f"{email} is a demo address with a published password; refused in production.")
    try:
        services.create_user(email, password, role, name=name)
    except services.AccountError as err:
        raise click.ClickException(str(err)) from err
    commit()
    click.echo(f"created {role} {email}")


def _load_shipped_content() -> None:
    from portal.guidance.loader import ContentFileError
    from portal.guidance.loader import load_content as load
    from portal.reports.service_links import install_defaults

    try:
        report = load()
    except ContentFileError as err:
        raise click.ClickException(str(err)) from err
    links = install_defaults()  # only into an empty list: editors' entries are kept
    commit()
    click.echo(f"content: {report}; service entry points added: {links}")


@click.command("load-content")
@with_appcontext
def load_content():
    """Load the shipped guidance, notices and policies (safe to run again; keeps editors' changes)."""
    _load_shipped_content()


@click.command("send-overdue-digest")
@with_appcontext
def send_overdue_digest():
    """Email each holder their overdue and due-soon cases, tell staff of notices that ended (run daily)."""
    from portal.cases.digest import send_overdue_digest as send

    count = send()
    commit()
    click.echo(f"digest sent to {count} staff")


@click.command("send-reply-reminders")
@with_appcontext
def send_reply_reminders():
    """Remind firms whose 补正 reply deadline is near (run daily)."""
    from portal.cases.digest import send_reply_reminders as send

    count = send()
    commit()
    click.echo(f"reminded {count} cases")


@click.command("send-event-reminders")
@with_appcontext
def send_event_reminders():
    """Remind everyone with a confirmed seat at an event that starts tomorrow (run daily)."""
    from portal.events.services import send_reminders

    count = send_reminders()
    commit()
    click.echo(f"reminded {count} registrations")


@click.command("backup")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Archive to write (default: instance/backups/portal-<time>.tar.gz)",
)
@with_appcontext
def backup(output: Path | None):
    """Consistent SQLite copy (online backup API) plus uploads in one archive."""
    from datetime import datetime

    from portal.backup import BackupError, create_backup
    from portal.core.storage import get_store

    output = output or Path(current_app.instance_path) / "backups" / f"portal-{datetime.now():%Y%m%d-%H%M%S}.tar.gz"
    try:
        manifest = create_backup(current_app.config["SQLALCHEMY_DATABASE_URI"], get_store(), output)
    except BackupError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"backup written to {output} ({manifest['uploads']} uploaded files)")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore(archive: Path, yes: bool):
    """Replace the SQLite database and uploads with a backup. Stop the portal first."""
    from portal.backup import BackupError, restore_backup
    from portal.core.storage import get_store
    from portal.extensions import db

    if not yes:
        click.confirm("This replaces the current database and uploads. Continue?", abort=True)
    db.engine.dispose()
    try:
        manifest = restore_backup(archive, current_app.config["SQLALCHEMY_DATABASE_URI"], get_store())
    except BackupError as err:
        raise click.ClickException(str(err)) from err
    forget_everything_kept()
    click.echo(f"restored backup from {manifest['created_at']}")


@click.command("forget-kept")
@with_appcontext
def forget_kept():
    """Drop what the shared cache keeps. Run it after restoring PostgreSQL with pg_restore (or any change
    made to the tables outside the portal): no generation was bumped for the data replaced."""
    forget_everything_kept()
    click.echo("the shared cache keeps nothing now")


def forget_everything_kept() -> None:
    """The rows changed behind the ORM's back: no generation was bumped, so drop what the shared
    cache keeps (counts, kept pages, the page cache, the calendar) rather than serve it for the data
    replaced."""
    from portal.core.shared_cache import unavailable
    from portal.extensions import cache

    try:
        cache.clear()
    except Exception as err:  # noqa: BLE001 a cache that does not answer keeps nothing to drop
        unavailable(err, "nothing to forget")


@click.command("config-check")
@with_appcontext
def config_check():
    """Print the effective settings (secrets masked) and fail when production requirements are not met."""
    from portal.config_check import effective_settings, production_problems

    sources = current_app.extensions.get("config_sources", {})
    for name, value in effective_settings(current_app.config):
        source = f"  # {sources[name]}" if name in sources else ""
        click.echo(f"{name} = {value!r}{source}")
    env_name = current_app.config["ENV_NAME"]
    if env_name != "production":
        click.echo(
            f"\n{env_name} configuration: production requirements not checked (PORTAL_ENV=production checks them)."
        )
        return
    problems = production_problems(current_app.config)
    if problems:
        click.echo("\nNot ready for production:", err=True)
        for problem in problems:
            click.echo(f"  - {problem}", err=True)
        raise SystemExit(1)
    click.echo("\nProduction requirements met.")


@click.command("check-links")
@click.option("--timeout", default=10.0, show_default=True, help="Seconds to wait for each site.")
@with_appcontext
def check_links(timeout: float):
    """Report dead links among the entries on the 常用服务入口 page; exits 1 when any link is dead."""
    from portal.reports.service_links import check_links as run_checks
    from portal.reports.service_links import current_entries

    entries = current_entries()
    dead = [r for r in run_checks([entry.url for entry in entries], timeout) if not r.ok]
    names = {entry.url: entry.name for entry in entries}
    for result in dead:
        click.echo(f"DEAD {result.url} ({result.detail}) {names.get(result.url, '')}".rstrip())
    click.echo(f"{len(entries) - len(dead)} of {len(entries)} links answer.")
    if dead:
        raise SystemExit(1)


@click.command("grant-app-role")
@click.argument("role")
@with_appcontext
def grant_app_role(role: str):
    """PostgreSQL: give ROLE (not the tables' owner) what the running portal needs; the audit log append-only."""
    from portal.core.db_roles import grant_app_role as grant
    from portal.extensions import db

    try:
        with db.engine.begin() as conn:
            grant(conn, role)
    except ValueError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"granted {role}: read and write, audit_events SELECT and INSERT only")
