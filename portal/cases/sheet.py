"""The case sheet (办件单) as PDF: the firm, its answers, the materials, the decisions, the documents
issued and the timeline, on A4, in the reader's language (the HTML page prints the same content)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from flask_babel import format_date, format_datetime
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from portal.cases.documents import issuing_body, paragraph_styles
from portal.cases.models import Case
from portal.cases.presenters import answers
from portal.i18n import gettext as _

WIDTH = A4[0] - 36 * mm


def _table(rows: list[list[str]], widths: list[float], style, header: bool = False) -> Table:
    cells = [[Paragraph(escape(str(v)).replace("\n", "<br/>"), style) for v in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1 if header else 0)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke))
    table.setStyle(TableStyle(commands))
    return table


def sheet_pdf(case: Case, events: list) -> bytes:
    st = paragraph_styles()
    cell, head = st["small"], st["heading"]
    story: list = [
        Paragraph(escape(issuing_body()), st["head"]),
        Paragraph(escape(_("Case sheet")), st["title"]),
        Paragraph(escape(f"{case.reference} · {case.case_kind.label}"), st["number"]),
        Spacer(1, 4 * mm),
    ]
    firm = case.firm
    story.append(
        _table(
            [
                [_("Status"), str(case.status_shown.label), _("Holder"), case.holder.name if case.holder else "—"],
                [
                    _("Submitted"),
                    format_datetime(case.submitted_at) if case.submitted_at else "—",
                    _("Due"),
                    format_date(case.due_date) if case.due_date else "—",
                ],
                [_("Firm name"), firm.name, _("Unified social credit code"), firm.credit_code],
                [
                    _("Contact person"),
                    f"{firm.contact_name} · {firm.contact_mobile}",
                    _("Call"),
                    case.call.title if case.call else "—",
                ],
            ],
            [WIDTH * 0.17, WIDTH * 0.33, WIDTH * 0.17, WIDTH * 0.33],
            cell,
        )
    )
    for step in case.case_kind.steps:
        story += [
            Paragraph(escape(str(step.title)), head),
            _table([list(r) for r in answers(case, step)], [WIDTH * 0.35, WIDTH * 0.65], cell),
        ]
    files = [
        [
            f.original_name,
            str(m.label) if (m := case.case_kind.material(f.material)) else _("Supplementary material"),
            format_datetime(f.created_at),
        ]
        for f in case.files
    ]
    story.append(Paragraph(escape(_("Materials")), head))
    story.append(
        _table(
            [[_("File"), _("What the file is"), _("Received")], *files],
            [WIDTH * 0.4, WIDTH * 0.35, WIDTH * 0.25],
            cell,
            header=True,
        )
        if files
        else Paragraph(escape(_("No files.")), cell)
    )
    decisions = []
    if case.decided_on:
        decisions.append([_("Decided on"), format_date(case.decided_on)])
    if case.decision_reason:
        decisions.append([_("Reason or opinion"), case.decision_reason])
    if case.proposed_by:
        decisions.append([_("Proposed by"), case.proposed_by.name])
    if case.certificate_no:
        decisions.append([_("Certificate or recommendation number"), case.certificate_no])
    for e in case.approved_extensions:
        decisions.append(
            [
                _("Extension"),
                f"{_('%(n)s working days', n=e.days)}（{format_date(e.due_before)} → {format_date(e.due_after)}）{e.reason}",
            ]
        )
    decisions += [[str(d.type_enum.label), f"{d.number} · {format_date(d.issued_on)}"] for d in case.documents]
    story.append(Paragraph(escape(_("Decisions")), head))
    story.append(
        _table(decisions, [WIDTH * 0.3, WIDTH * 0.7], cell)
        if decisions
        else Paragraph(escape(_("No decision yet.")), cell)
    )
    rows = [
        [
            format_datetime(e.created_at),
            e.action_label + (f" → {e.subject or e.to_label}" if (e.subject or (e.to_value and e.to_label)) else ""),
            e.actor.name if e.actor else "",
            e.note or "",
        ]
        for e in events
    ]
    story.append(Paragraph(escape(_("Timeline")), head))
    story.append(
        _table(
            [[_("Time"), _("Action"), _("By"), _("Note")], *rows],
            [WIDTH * 0.2, WIDTH * 0.25, WIDTH * 0.15, WIDTH * 0.4],
            cell,
            header=True,
        )
    )
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{_('Case sheet')} {case.reference}",
    ).build(story)
    return buffer.getvalue()
