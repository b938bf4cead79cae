"""Downloadable templates of a service guide's materials (申报表, 信用承诺书), generated from the case
kind itself: the application form lists exactly the questions of the kind's steps, the credit
commitment exactly the conditions its forms enforce. A new question or condition therefore reaches
the template without anyone editing a file.

DOCX (python-docx) rather than XLSX or PDF: firms fill the template in, print it, sign it and stamp
it with the firm's seal, then upload the scan; Word is what Chinese government templates use and
what every firm can edit, and a generated document keeps no editor-uploaded copy to fall out of date.
"""

from __future__ import annotations

import re
from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from wtforms import BooleanField, HiddenField, RadioField, SelectField, SelectMultipleField, SubmitField

from portal.cases.kinds import CaseKind
from portal.i18n import lazy_gettext as _l

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
APPLICATION_FORM = "application-form"
CREDIT_COMMITMENT = "credit-commitment"
TITLES = {APPLICATION_FORM: _l("Application form"), CREDIT_COMMITMENT: _l("Credit commitment")}
BOX = "☐"


def available(kind: CaseKind) -> tuple[str, ...]:
    """The templates a kind offers: the application form of a programme (signed and stamped in
    practice) and every material that declares one."""
    names = [APPLICATION_FORM] if kind.demonstration else []
    names += [m.template for m in kind.materials if m.template]
    return tuple(dict.fromkeys(names))


def filename(kind: CaseKind, name: str) -> str:
    """The download's name, e.g. 商标品牌示范企业-信用承诺书.docx (no path separators)."""
    return re.sub(r'[\\/:*?"<>|]+', "、", f"{kind.label}-{TITLES[name]}") + ".docx"


def document(kind: CaseKind, name: str) -> bytes:
    """The DOCX of template ``name`` for ``kind`` in the current language (KeyError if unknown)."""
    build = {APPLICATION_FORM: _application_form, CREDIT_COMMITMENT: _credit_commitment}[name]
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")  # Chinese text in a Chinese font
    title = doc.add_heading(f"{kind.label} {TITLES[name]}", level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    build(doc, kind)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _applicant_rows() -> list[str]:
    return [
        str(_l("Name of the firm")),
        str(_l("Unified social credit code")),
        str(_l("Contact person")),
        str(_l("Contact phone")),
    ]


def _answer(field) -> str:
    if isinstance(field, BooleanField):
        return BOX + " " + str(_l("True, as stated"))
    if isinstance(field, RadioField | SelectField | SelectMultipleField):
        return "  ".join(f"{BOX} {label}" for value, label in _choices(field) if value != "")
    return ""


def _choices(field) -> list[tuple[str, str]]:
    return [(str(choice[0]), str(choice[1])) for choice in (field.choices or [])]


def _table(doc, rows: list[tuple[str, str]]) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, answer in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, answer


def _application_form(doc, kind: CaseKind) -> None:
    doc.add_paragraph(
        str(
            _l(
                "For preparing the answers before applying online on this portal; the answers given online are the "
                "ones that count."
            )
        )
    )
    doc.add_heading(str(_l("Details of the applying firm")), level=2)
    _table(doc, [(label, "") for label in _applicant_rows()])
    for step in kind.steps:
        form = step.form(formdata=None, meta={"csrf": False}, **(step.context({}) if step.context else {}))
        doc.add_heading(str(step.title), level=2)
        rows = [
            (str(field.label.text), _answer(field))
            for field in form
            if not isinstance(field, HiddenField | SubmitField) and field.name != "csrf_token"
        ]
        _table(doc, rows)
    _signature(doc)


def _credit_commitment(doc, kind: CaseKind) -> None:
    doc.add_paragraph(
        str(
            _l(
                "Our firm (name: ____________________, unified social credit code: ____________________) applies for "
                "%(programme)s and declares:",
                programme=kind.label,
            )
        )
    )
    promises = [
        str(_l("The information and materials we submit are true, accurate and complete.")),
        *(str(check.condition) for check in kind.conditions()),
        str(
            _l(
                "If anything we declare proves untrue, we accept that the application is refused or the result "
                "withdrawn, and bear the legal responsibility."
            )
        ),
    ]
    for promise in promises:
        doc.add_paragraph(promise, style="List Number")
    _signature(doc)


def _signature(doc) -> None:
    for line in (
        _l("Legal representative (signature):"),
        _l("Firm (seal):"),
        _l("Date: ______ (year) ____ (month) ____ (day)"),
    ):
        doc.add_paragraph(str(line))
