"""Shipped content (portal/guidance/content/{articles,notices,policies}/<slug>.toml) into the database.

Idempotent: items are matched by their source key ("<type>:<file slug>"), so running it again
updates only what the files changed, never touches an item an editor has saved since (or its
status), and records a revision for each change it does make.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from portal.extensions import db
from portal.guidance import faq, schedule, services
from portal.guidance.models import ContentItem
from portal.guidance.status import (
    LOCALES,
    OUTLINE_TASK_COUNT,
    SERVICE_FIELD_NAMES,
    ApplicationType,
    ArticleKind,
    ContentAction,
    ContentStatus,
    ContentType,
    Topic,
)

CONTENT_DIR = Path(__file__).resolve().parent / "content"
FOLDERS = {"articles": ContentType.ARTICLE, "notices": ContentType.NOTICE, "policies": ContentType.POLICY}


class ContentFileError(ValueError):
    """A shipped file is malformed; the message names the file and every problem found."""


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # edited by staff since: left alone
    counts: dict = field(default_factory=dict)

    def __str__(self) -> str:
        per_type = ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.kept} kept (edited by staff); files: {per_type}"
        )


def _text(table, where: str, problems: list[str], required=("title", "summary", "body")) -> dict:
    if not isinstance(table, dict):
        problems.append(f"missing table [{where}]")
        return {}
    out = {}
    for key in required:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"[{where}] needs a non-empty string '{key}'")
        else:
            out[key] = value.strip()
    return out


def _faq(entries, loc: str, problems: list[str]) -> str:
    """[[<loc>.service.faq]] tables (question, answer) as the stored text (guidance/faq.py)."""
    where = f"[[{loc}.service.faq]]"
    if not isinstance(entries, list) or not entries:
        problems.append(f"{where} needs at least one question with its answer")
        return ""
    pairs = []
    for entry in entries:
        question, answer = (entry.get("question"), entry.get("answer")) if isinstance(entry, dict) else (None, None)
        if not isinstance(question, str) or not question.strip() or not isinstance(answer, str) or not answer.strip():
            problems.append(f"{where} entries need a non-empty 'question' and 'answer'")
            continue
        if "\n" in question.strip():
            problems.append(f"{where} questions fit on one line")
        pairs.append((question, answer))
    return faq.join(pairs)


def parse_file(path: Path, content_type: ContentType) -> dict:
    """The item data of one file in the services' snapshot shape; raises ContentFileError."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ContentFileError(f"{path}: not valid TOML ({err})") from err
    problems: list[str] = []
    slug = raw.get("slug")
    if not isinstance(slug, str) or not services.SLUG_PATTERN.match(slug):
        problems.append("'slug' must be ascii kebab-case")
    elif slug != path.stem:
        problems.append(f"'slug' ({slug}) differs from the file name")
    data: dict = {"slug": slug, "texts": {}}
    if content_type == ContentType.ARTICLE:
        if raw.get("topic") not in {t.value for t in Topic}:
            problems.append(f"'topic' must be one of {', '.join(t.value for t in Topic)}")
        if raw.get("kind") not in {k.value for k in ArticleKind}:
            problems.append("'kind' must be 'article' or 'service'")
        if raw.get("application_type", "") not in {"", *(a.value for a in ApplicationType)}:
            problems.append("'application_type' is not a known application type")
        tasks = raw.get("outline_tasks", [])
        if not isinstance(tasks, list) or not all(isinstance(n, int) and 1 <= n <= OUTLINE_TASK_COUNT for n in tasks):
            problems.append(f"'outline_tasks' must be a list of task numbers 1–{OUTLINE_TASK_COUNT}")
        data.update(
            topic=raw.get("topic"),
            kind=raw.get("kind"),
            application_type=raw.get("application_type", ""),
            outline_tasks=tasks if isinstance(tasks, list) else [],
            updated_on=raw.get("updated"),
        )
        data["published_on"] = raw.get("updated")
        if not isinstance(raw.get("updated"), date):
            problems.append("'updated' must be a date (YYYY-MM-DD)")
    else:
        # a shipped draft may leave its date to the editor who publishes it
        if not isinstance(raw.get("published"), date) and not (raw.get("status") == "draft" and "published" not in raw):
            problems.append("'published' must be a date (YYYY-MM-DD)")
        data.update(published_on=raw.get("published"), updated_on=raw.get("updated", raw.get("published")))
        if content_type == ContentType.POLICY:
            for key in ("issuer", "issuer_en"):
                if not isinstance(raw.get(key), str) or not raw[key].strip():
                    problems.append(f"'{key}' must be a non-empty string")
            data.update(issuer=str(raw.get("issuer", "")).strip(), issuer_en=str(raw.get("issuer_en", "")).strip())
    _schedule(raw, data, problems)
    for loc in LOCALES:
        texts = _text(raw.get(loc), loc, problems)
        if data.get("kind") == ArticleKind.SERVICE:
            section = (raw.get(loc) or {}).get("service")
            written = tuple(name for name in SERVICE_FIELD_NAMES if name != "faq")
            texts.update(_text(section, f"{loc}.service", problems, required=written))
            texts["faq"] = _faq((section or {}).get("faq") if isinstance(section, dict) else None, loc, problems)
        data["texts"][loc] = texts
    if problems:
        raise ContentFileError(f"{path}: " + "; ".join(problems))
    return data


def _schedule(raw: dict, data: dict, problems: list[str]) -> None:
    """Optional keys: status ("draft" ships an item for editors to publish), publish_at / expire_at
    (a date or a datetime; Beijing time unless an offset is given), replaced_by (the slug of the
    same-type item that takes over this address on expiry) and editor_note."""
    status = raw.get("status", ContentStatus.PUBLISHED.value)
    if status not in (ContentStatus.DRAFT.value, ContentStatus.PUBLISHED.value):
        problems.append("'status' must be 'draft' or 'published'")
    data["status"] = status
    for key in ("publish_at", "expire_at"):
        value = raw.get(key)
        if value is not None and not isinstance(value, date):
            problems.append(f"'{key}' must be a date or a date and time")
            value = None
        data[key] = value  # Beijing time; services converts it to UTC when it is applied
    start, end = schedule.to_utc(data["publish_at"]), schedule.to_utc(data["expire_at"])
    if start and end and end <= start:
        problems.append("'expire_at' must be after 'publish_at'")
    replaced_by = raw.get("replaced_by", "")
    if replaced_by and (not isinstance(replaced_by, str) or not services.SLUG_PATTERN.match(replaced_by)):
        problems.append("'replaced_by' must be the slug of another item of the same type")
    elif replaced_by and not data["expire_at"]:
        problems.append("'replaced_by' needs an 'expire_at'")
    data["replaced_by"] = replaced_by if isinstance(replaced_by, str) else ""
    note = raw.get("editor_note", "")
    data["editor_note"] = note.strip() if isinstance(note, str) else ""


def shipped_files(root: Path = CONTENT_DIR) -> list[tuple[ContentType, Path]]:
    return [(ctype, path) for folder, ctype in FOLDERS.items() for path in sorted((root / folder).glob("*.toml"))]


def load_content(root: Path = CONTENT_DIR) -> LoadReport:
    """Upsert every shipped file (flushes, does not commit); raises ContentFileError before writing
    anything if any file is malformed."""
    parsed = []
    errors = []
    for ctype, path in shipped_files(root):
        try:
            parsed.append((ctype, parse_file(path, ctype)))
        except ContentFileError as err:
            errors.append(str(err))
    if errors:
        raise ContentFileError("\n".join(errors))
    report = LoadReport()
    for ctype, data in parsed:
        report.counts[ctype.value] = report.counts.get(ctype.value, 0) + 1
        key = f"{ctype.value}:{data['slug']}"
        item = db.session.scalar(select(ContentItem).where(ContentItem.source_key == key))
        if item is None and db.session.scalar(
            select(ContentItem.id).where(ContentItem.content_type == ctype.value, ContentItem.slug == data["slug"])
        ):
            report.kept += 1  # an editor already made an item at this address
        elif item is None:
            services.create_item(ctype.value, data, None, status=data.pop("status"), source_key=key)
            report.created += 1
        elif item.edited_by_staff:
            if item.is_service:
                services.refresh_search(item)  # the built part of the guide is not the editor's
            report.kept += 1
        else:
            data = {k: v for k, v in data.items() if k != "status"} | {"slug": item.slug}
            if services.update_item(item, data, None, action=ContentAction.LOAD):
                report.updated += 1
            else:
                services.refresh_search(item)  # a guide's text also follows the kinds and the contacts
                report.unchanged += 1
    db.session.flush()
    return report
