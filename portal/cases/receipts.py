"""The 收件回执 and the firm's copy of its application.

A receipt carries a verification code and a QR code pointing at the public check page, which tells
anyone holding the paper whether it is genuine, and shows only the reference, the kind, the firm's
name, the date of receipt and the state. The application itself is a PDF (answers with their labels,
the materials received) generated for the firm's records.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from datetime import UTC, date
from xml.sax.saxutils import escape

import segno
from flask import current_app
from flask_babel import pgettext
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy import select
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField

from portal.cases.kinds.fields import applies
from portal.cases.models import Case
from portal.cases.services import stored_step_form
from portal.core.pdf import cjk_font
from portal.core.timeutil import SHANGHAI
from portal.extensions import db
from portal.i18n import gettext as _

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read from paper
CODE_LENGTH = 12


def new_receipt_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str | None) -> str:
    """What the visitor typed, as stored: upper case, no spaces or dashes."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())[:32]


def display_code(code: str) -> str:
    """Groups of four, easier to read out and type: ABCD-EFGH-JKMN."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def ensure_code(case: Case) -> str:
    """The case's code (issued at submission; cases from before codes existed get one on first view)."""
    if case.receipt_code is None:
        case.receipt_code = new_receipt_code()
    return case.receipt_code


def lookup(code: str | None) -> Case | None:
    """The submitted case holding this code, or None; drafts have no receipt."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    case = db.session.scalar(select(Case).where(Case.receipt_code == code))
    return case if case is not None and case.reference else None


def qr_svg(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=False)
    return buffer.getvalue()


@dataclass(frozen=True)
class TimeLimit:
    label: str
    days: int


def time_limits(case: Case) -> list[TimeLimit]:
    """The promised time limits (承诺时限) of this kind, in working days, as configured."""
    accept, decide = case.case_kind.time_limits()
    rows = [
        TimeLimit(_("Decision on acceptance"), accept),
        TimeLimit(_("Decision after acceptance"), decide),
    ]
    if case.case_kind.demonstration:
        rows.append(TimeLimit(_("Public notice"), case.case_kind.notice_days()))
    return rows


def desk_phone(case: Case) -> str:
    """The handler's desk phone from the settings (by the handler's e-mail), else the section's number."""
    phones = current_app.config.get("CASE_DESK_PHONES") or {}
    if case.holder is not None and phones.get(case.holder.email):
        return phones[case.holder.email]
    return current_app.config.get("CASE_DESK_PHONE_DEFAULT") or ""


def received_materials(case: Case) -> list[tuple[str, str]]:
    """(material label, file name) of every checklist file received; message attachments excluded."""
    rows = []
    for f in case.files:
        if f.message_id is not None:
            continue
        material = case.case_kind.material(f.material)
        rows.append((str(material.label) if material else _("Supplementary material"), f.original_name))
    return rows


# --- the application as a PDF -----------------------------------------------------------------


def answer_rows(case: Case, step) -> list[tuple[str, str]]:
    """(question, answer) with each stored code followed by its label, e.g. 商标（trademark）."""
    stored = (case.data or {}).get(step.key) or {}
    form = stored_step_form(case, step)
    rows = []
    for field in form:
        if field.type in ("CSRFTokenField", "HiddenField", "SubmitField") or not applies(form, field):
            continue
        values = [v for v in stored.get(field.name) or [] if v not in (None, "")]
        if isinstance(field, BooleanField):
            shown = _("Yes") if values and values[0] not in ("no", "false") else _("No")
        elif isinstance(field, (SelectField, RadioField, SelectMultipleField)) and values:
            labels = {str(k): str(v) for k, v in field.choices}
            shown = "、".join(f"{labels.get(v, v)}（{v}）" for v in values)
        else:
            shown = "、".join(values) or "—"
        rows.append((str(field.label.text), shown))
    return rows


def _style(size: float = 10, leading: float | None = None, **extra) -> ParagraphStyle:
    return ParagraphStyle(
        f"s{size}", fontName=cjk_font(), fontSize=size, leading=leading or size * 1.5, wordWrap="CJK", **extra
    )


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _table(rows: list[tuple[str, str]], body: ParagraphStyle) -> Table:
    table = Table([[_p(q, body), _p(a, body)] for q, a in rows], colWidths=[60 * mm, 110 * mm])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
            ]
        )
    )
    return table


def application_pdf(case: Case, verify_url: str, today: date) -> bytes:
    """The firm's copy: reference, answers step by step, materials received, and the receipt's code."""
    buffer = io.BytesIO()
    title = _("Application %(reference)s", reference=case.reference)
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm, bottomMargin=18 * mm
    )
    doc.title = title
    heading, sub, body = _style(16, alignment=1), _style(12, spaceBefore=8, spaceAfter=4), _style(9.5)
    story: list = [_p(str(case.case_kind.label), heading), Spacer(1, 4 * mm)]
    received = (
        case.submitted_at.replace(tzinfo=UTC).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
        if case.submitted_at
        else "—"
    )
    story.append(
        _table(
            [
                (_("Reference"), case.reference or "—"),
                (_("Applicant"), case.firm.name),
                (_("Unified social credit code"), case.firm.credit_code),
                (pgettext("time", "Received"), received),
                (_("Verification code"), display_code(ensure_code(case))),
            ],
            body,
        )
    )
    for step in case.case_kind.steps:
        story += [_p(str(step.title), sub), _table(answer_rows(case, step), body)]
    story.append(_p(_("Materials received"), sub))
    materials = received_materials(case)
    story.append(_table(materials, body) if materials else _p(_("No files."), body))
    story += [Spacer(1, 6 * mm), _p(_("Check this document at %(url)s", url=verify_url), body)]
    widget = QrCodeWidget(verify_url)
    x0, y0, x1, y1 = widget.getBounds()
    size = 28 * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    story.append(drawing)
    story.append(_p(_("Printed on %(day)s", day=today.isoformat()), _style(8)))

    def _page(canvas, _doc):
        canvas.setTitle(title)
        canvas.setFont(cjk_font(), 8)
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, f"{case.reference} · {_doc.page}")

    doc.build(story, onFirstPage=_page, onLaterPages=_page)
    return buffer.getvalue()
