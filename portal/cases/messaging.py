"""The firm–staff message thread, internal notes and 补正 answers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.audit.services import record
from portal.cases import notifications
from portal.cases.models import Case, CaseMessage
from portal.cases.services import WorkflowError, add_file, check_transition, transition
from portal.cases.status import CaseAction, CaseStatus
from portal.core.uploads import validate_upload
from portal.extensions import db

MAX_FILES_AT_ONCE = 10


def post_message(case: Case, author, body: str, files: list[tuple[str, bytes]] | None = None) -> CaseMessage:
    """A message in the thread both sides see, with attachments under the upload rules of materials."""
    body = (body or "").strip()
    if not body:
        raise WorkflowError(str(_l("Write a message first.")))
    if case.status == CaseStatus.DRAFT:
        raise WorkflowError(str(_l("Messages can be sent once the application is submitted.")))
    if not case.accepts_messages:
        raise WorkflowError(str(_l("This case is finished; it takes no new messages.")))
    files = files or []
    _check_files(case, files)
    message = CaseMessage(case=case, author_id=author.id, from_staff=author.is_staff, internal=False, body=body)
    db.session.add(message)
    db.session.flush()
    for filename, data in files:
        add_file(case, "message", filename, data, author).message_id = message.id
    record("message", "case", case.id, actor=author, case_id=case.id)
    notifications.message_posted(case, from_staff=author.is_staff)
    return message


def _check_files(case: Case, files) -> None:
    """Every file first, so one refused file stores none of them."""
    if len(files) > MAX_FILES_AT_ONCE:
        raise WorkflowError(str(_l("Send at most %(n)s files at once.", n=MAX_FILES_AT_ONCE)))
    used = case.files_size
    for filename, data in files:
        validate_upload(filename, data, used)
        used += len(data)


def add_note(case: Case, author, body: str) -> CaseMessage:
    """An internal staff note: never shown to the firm."""
    body = (body or "").strip()
    if not body:
        raise WorkflowError(str(_l("Write the note first.")))
    note = CaseMessage(case=case, author_id=author.id, from_staff=True, internal=True, body=body)
    db.session.add(note)
    record("note", "case", case.id, actor=author, case_id=case.id)
    return note


def answer_supplement(case: Case, user, reply: str, files: list[tuple[str, bytes]], seen_version=None) -> None:
    """The firm answers a 补正 request: reply + material, and the review (and its clock) resumes."""
    reply = (reply or "").strip()
    if not reply and not files:
        raise WorkflowError(str(_l("Add a reply or at least one file.")))
    # every check first, so a refused answer writes nothing
    check_transition(case, CaseAction.ANSWER_SUPPLEMENT, user, seen_version)
    _check_files(case, files)
    for filename, data in files:
        add_file(case, "supplement", filename, data, user)
    if reply:
        db.session.add(CaseMessage(case=case, author_id=user.id, from_staff=False, internal=False, body=reply))
    transition(case, CaseAction.ANSWER_SUPPLEMENT, user, seen_version=seen_version)
