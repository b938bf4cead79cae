"""Training certificates as PDF: the attendee, the training, its hours, and a verification code
with a QR code pointing at the public check page."""

from __future__ import annotations

import io
from datetime import timedelta

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from portal.core.pdf import cjk_font as _font
from portal.events.models import Registration
from portal.i18n import gettext as _


def _centred(pdf, text: str, y: float, size: int, width: float) -> None:
    font = _font()
    pdf.setFont(font, size)
    pdf.drawCentredString(width / 2, y, text)


def _page(pdf, registration: Registration, verify_url: str, width: float, height: float) -> None:
    event = registration.event
    pdf.setLineWidth(3)
    pdf.rect(30, 30, width - 60, height - 60)
    _centred(pdf, _("Training certificate"), height - 120, 32, width)
    names = "、".join(registration.attendee_names or [registration.name])
    if registration.organisation:
        names += f"（{registration.organisation}）"
    _centred(pdf, names, height - 200, 20, width)
    day = (event.starts_at + timedelta(hours=8)).date().isoformat()
    line = _(
        "attended %(title)s on %(day)s, %(hours)s training hours.",
        title=event.title,
        day=day,
        hours=event.training_hours,
    )
    _centred(pdf, line, height - 250, 16, width)
    _centred(pdf, event.organiser, height - 320, 16, width)
    pdf.setFont(_font(), 11)
    pdf.drawString(60, 90, f"{_('Verification code')}: {registration.certificate_code}")
    pdf.drawString(60, 70, f"{_('Check it at')} {verify_url}")
    widget = QrCodeWidget(verify_url)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(90, 90, transform=[90 / (x1 - x0), 0, 0, 90 / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, width - 150, 55)
    pdf.showPage()


def certificate_pdf(registration: Registration, verify_url: str) -> bytes:
    width, height = landscape(A4)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(_("Training certificate %(code)s", code=registration.certificate_code))
    _page(pdf, registration, verify_url, width, height)
    pdf.save()
    return buffer.getvalue()


def certificates_pdf(title: str, pages: list[tuple[Registration, str]]) -> bytes:
    """Every certificate of an event, one page each, for printing: (registration, verify URL) pairs."""
    width, height = landscape(A4)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(title)
    for registration, verify_url in pages:
        _page(pdf, registration, verify_url, width, height)
    pdf.save()
    return buffer.getvalue()
