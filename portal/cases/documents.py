"""Documents the office issues on a case (文书): 受理通知书, 补正告知书, 不予受理决定书, 审核意见, 推荐函 and
the recognition or recommendation notice.

A transition row names the documents it issues (``Transition.documents``); ``services.transition``
calls ``issue_for`` after the case has moved, so each document states the case as decided. Each carries
the case reference, a number from the numbering service, the date and the issuing body, is written to
the upload store and attached to the case; the firm downloads it from its case page.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from flask import current_app
from flask_babel import force_locale, format_date
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from portal.audit.labels import register
from portal.audit.services import record
from portal.cases.doctypes import DocumentType
from portal.cases.models import Case
from portal.cases.numbering import issue_document_number
from portal.cases.paperwork import CaseDocument
from portal.core.db import delete_on_rollback
from portal.core.pdf import cjk_font
from portal.core.storage import get_store
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l
from portal.identity import settings as identity

D = DocumentType
register(actions={"document_issued": _l("Document issued")}, values=dict(DocumentType.__labels__))


@dataclass
class Facts:
    """What the transition knows besides the case: the text typed, the itemised list, who proposed."""

    note: str | None = None
    items: list[str] = field(default_factory=list)
    proposer: str | None = None
    signer: str | None = None


def issuing_body() -> str:
    return (
        identity.current().get("host")
        or current_app.config.get("ISSUING_BODY")
        or str(_l("Hongqiao District Administration for Market Regulation, Tianjin"))
    )


def issue_for(case: Case, row, actor, today: date, facts: Facts) -> list[CaseDocument]:
    """Generate, store and attach every document the transition ``row`` issues."""
    return [_issue(case, doc_type, row.action, actor, today, facts) for doc_type in row.documents]


def _issue(case: Case, doc_type: DocumentType, action, actor, today: date, facts: Facts) -> CaseDocument:
    number = issue_document_number(doc_type.value, today)
    # official documents are written in Chinese whatever language the member of staff reads
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        data = render(case, doc_type, number, today, facts)
    stored = f"{secrets.token_hex(16)}.pdf"
    get_store().put(stored, data, "application/pdf")
    delete_on_rollback(stored)
    document = CaseDocument(
        case=case,
        doc_type=doc_type.value,
        number=number,
        issued_on=today,
        action=str(action),
        stored_name=stored,
        size=len(data),
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(document)
    record("document_issued", "case", case.id, actor=actor, case_id=case.id, to_value=doc_type.value, note=number)
    return document


# --- the PDF ---------------------------------------------------------------------------------------


def paragraph_styles() -> dict[str, ParagraphStyle]:
    font = cjk_font()
    body = ParagraphStyle("body", fontName=font, fontSize=12, leading=20, wordWrap="CJK", firstLineIndent=24)
    return {
        "body_top": ParagraphStyle("body_top", parent=body, firstLineIndent=0),
        "head": ParagraphStyle("head", parent=body, fontSize=14, alignment=TA_CENTER, firstLineIndent=0),
        "title": ParagraphStyle("title", parent=body, fontSize=20, leading=30, alignment=TA_CENTER, firstLineIndent=0),
        "number": ParagraphStyle("number", parent=body, fontSize=11, alignment=TA_CENTER, firstLineIndent=0),
        "body": body,
        "item": ParagraphStyle("item", parent=body, firstLineIndent=0, leftIndent=24),
        "sign": ParagraphStyle("sign", parent=body, alignment=TA_RIGHT, firstLineIndent=0),
        "small": ParagraphStyle("small", parent=body, fontSize=9, leading=14, firstLineIndent=0),
        "heading": ParagraphStyle(
            "heading", parent=body, fontSize=12, leading=18, firstLineIndent=0, spaceBefore=8, spaceAfter=4
        ),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def render(case: Case, doc_type: DocumentType, number: str, today: date, facts: Facts) -> bytes:
    """The document as PDF bytes (A4, the CJK font embedded when the system has one)."""
    st = paragraph_styles()
    body = issuing_body()
    addressee, paragraphs, items = _content(case, doc_type, facts)
    story = [
        _p(body, st["head"]),
        Spacer(1, 4 * mm),
        _p(doc_type.label, st["title"]),
        _p(number, st["number"]),
        Spacer(1, 8 * mm),
        _p(f"{addressee}：", st["body_top"]),
    ]
    story += [_p(text, st["body"]) for text in paragraphs[:1]]
    story += [_p(f"{i}. {item}", st["item"]) for i, item in enumerate(items, 1)]
    story += [_p(text, st["body"]) for text in paragraphs[1:]]
    story += [
        Spacer(1, 14 * mm),
        _p(body, st["sign"]),
        _p(format_date(today, "long"), st["sign"]),
        Spacer(1, 10 * mm),
        _p(_footer(case, number), st["small"]),
    ]
    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        topMargin=30 * mm,
        bottomMargin=25 * mm,
        title=f"{doc_type.label} {number}",
        author=body,
    )
    pdf.build(story)
    return buffer.getvalue()


def _footer(case: Case, number: str) -> str:
    reference, document = _("Reference"), _("Document number")
    return f"{reference}：{case.reference}　{document}：{number}"


def _content(case: Case, doc_type: DocumentType, facts: Facts) -> tuple[str, list[str], list[str]]:
    """(addressee, paragraphs, itemised list shown after the first paragraph)."""
    kind, ref, firm = str(case.case_kind.label), case.reference or "", case.firm.name
    when = format_date(case.submitted_on, "long") if case.submitted_on else ""
    about = _("your application for %(kind)s (case reference %(reference)s)", kind=kind, reference=ref)
    if doc_type == D.ACCEPTANCE:
        due = format_date(case.due_date, "long") if case.due_date else ""
        return (
            firm,
            [
                _("We received %(about)s on %(date)s. It has been examined and is accepted.", about=about, date=when),
                _(
                    "We will decide within %(days)s working days, by %(due)s. You can follow the case on the portal.",
                    days=case.clock_days or "",
                    due=due,
                ),
            ],
            [],
        )
    if doc_type == D.CORRECTION:
        reply = format_date(case.reply_due, "long") if case.reply_due else ""
        return (
            firm,
            [
                _(
                    "We examined %(about)s. Everything that must be corrected or added is listed below, at once:",
                    about=about,
                ),
                _(
                    "Send the material through the portal by %(date)s. The time limit is paused until it arrives; "
                    "if nothing arrives by then, the application may be closed.",
                    date=reply,
                ),
            ],
            facts.items or [facts.note or ""],
        )
    if doc_type == D.NON_ACCEPTANCE:
        return (
            firm,
            [
                _("We examined %(about)s and decided not to accept it, for this reason:", about=about),
                facts.note or "",
                _(
                    "If you disagree with this decision, you may apply for administrative reconsideration or bring "
                    "an administrative lawsuit according to law."
                ),
            ],
            [],
        )
    if doc_type == D.REVIEW_OPINION:
        passed = case.decision_favourable
        lines = [
            _(
                "Applicant: %(firm)s. Application: %(kind)s, case reference %(reference)s.",
                firm=firm,
                kind=kind,
                reference=ref,
            ),
            _("Conclusion: %(outcome)s.", outcome=_("passed") if passed else _("not passed")),
            _("Opinion: %(text)s", text=facts.note or case.decision_reason or _("none given")),
        ]
        if facts.proposer and facts.signer:
            lines.append(
                _("Proposed by %(proposer)s; confirmed by %(signer)s.", proposer=facts.proposer, signer=facts.signer)
            )
        return firm, lines, []
    if doc_type == D.RECOMMENDATION_LETTER:
        return (
            str(case.case_kind.authority or ""),
            [
                _(
                    "After review and a public notice from %(start)s to %(end)s, we recommend %(firm)s (unified "
                    "social credit code %(code)s) for %(kind)s.",
                    start=format_date(case.publicity_start, "long") if case.publicity_start else "",
                    end=format_date(case.publicity_end, "long") if case.publicity_end else "",
                    firm=firm,
                    code=case.firm.credit_code,
                    kind=kind,
                ),
                _("Recommendation number: %(no)s.", no=case.certificate_no or ""),
            ],
            [],
        )
    if doc_type == D.RECOMMENDATION_NOTICE:
        return (
            firm,
            [
                _(
                    "%(about)s passed review and public notice. The district has recommended your firm to "
                    "%(authority)s (recommendation no. %(no)s); the outcome will be recorded on the portal when it "
                    "decides.",
                    about=about,
                    authority=case.case_kind.authority or "",
                    no=case.certificate_no or "",
                ),
            ],
            [],
        )
    return (
        firm,
        [
            _(
                "%(about)s passed review and public notice. Your firm is recognised: %(kind)s. Certificate number: "
                "%(no)s.",
                about=about,
                kind=kind,
                no=case.certificate_no or "",
            )
        ],
        [],
    )
