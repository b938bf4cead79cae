"""Events calendar (list and month), event pages, sign-up by the public, a registration's own page
(QR code, cancellation, feedback, certificate) and the public certificate check."""

from __future__ import annotations

import calendar
import io
from datetime import date

import segno
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from portal.cases.forms import RatingForm
from portal.core.db import utcnow
from portal.core.timeutil import today_local
from portal.events import certificates, ical, queries, services
from portal.events.forms import FirmSignUpForm, PublicSignUpForm
from portal.extensions import limiter
from portal.i18n import gettext as _
from portal.i18n import short_code
from portal.web.outcome import attempt
from portal.web.public import bp


def _lang() -> str:
    return short_code(str(get_locale()))


def _month(text: str | None) -> tuple[int, int]:
    today = today_local()
    try:
        year, month = (int(part) for part in (text or "").split("-", 1))
        date(year, month, 1)
    except ValueError:
        return today.year, today.month
    return (year, month) if 2000 <= year <= 2100 else (today.year, today.month)


@bp.route("/events/")
def events():
    lang = _lang()
    if request.args.get("view") == "month":
        year, month = _month(request.args.get("month"))
        by_day: dict[int, list] = {}
        for event in queries.in_month(year, month):
            by_day.setdefault(queries.local(event.starts_at).day, []).append(event)
        prev_month = f"{year - (month == 1)}-{(month - 2) % 12 + 1:02d}"
        next_month = f"{year + (month == 12)}-{month % 12 + 1:02d}"
        return render_template(
            "public/events/month.html",
            year=year,
            month=month,
            weeks=calendar.Calendar(firstweekday=0).monthdayscalendar(year, month),
            by_day=by_day,
            prev_month=prev_month,
            next_month=next_month,
            lang=lang,
        )
    return render_template("public/events/index.html", upcoming=queries.upcoming(), past=queries.past(), lang=lang)


@bp.route("/events/feed.ics")
def events_feed():
    body = ical.feed(
        queries.feed_events(),
        lambda event: url_for("public.event", event_id=event.id, _external=True),
        request.host.split(":")[0] or "portal",
    )
    return Response(body, mimetype="text/calendar; charset=utf-8")


def _event_or_404(event_id: int):
    return queries.public_event(event_id) or abort(404)


def render_event(event, firm_form=None, public_form=None, status=200):
    return (
        render_template(
            "public/events/event.html",
            event=event,
            lang=_lang(),
            now=utcnow(),
            firm_form=firm_form or FirmSignUpForm(),
            public_form=public_form or PublicSignUpForm(),
            signed_in_firm=current_user.is_authenticated and current_user.is_firm_user,
        ),
        status,
    )


@bp.route("/events/<int:event_id>")
def event(event_id: int):
    return render_event(_event_or_404(event_id))


@bp.route("/events/<int:event_id>/sign-up", methods=["POST"])
@limiter.limit("20 per hour")
def public_sign_up(event_id: int):
    event = _event_or_404(event_id)
    form = PublicSignUpForm()
    if not form.validate_on_submit():
        return render_event(event, public_form=form, status=400)
    mobile = form.mobile_number()
    if request.form.get("action") == "code":
        if attempt(lambda: services.request_public_code(event, mobile), form=form, field="mobile"):
            flash(_("A code has been sent to %(mobile)s. It is valid for 5 minutes.", mobile=mobile), "info")
            return render_event(event, public_form=form)
        return render_event(event, public_form=form, status=400)
    if not form.sms_code.data:
        form.sms_code.errors = [_("Enter the code from the SMS. No code yet? Press “Send code” first.")]
        return render_event(event, public_form=form, status=400)
    result = {}

    def sign_up():
        result["registration"] = services.sign_up_public(
            event, form.name.data, form.organisation.data or "", mobile, form.sms_code.data
        )

    if attempt(sign_up, form=form, field="sms_code"):
        return redirect(url_for("public.registration", code=result["registration"].code, new=1))
    return render_event(event, public_form=form, status=400)


def _registration_or_404(code: str):
    return queries.registration_by_code(services.normalise_code(code)) or abort(404)


def render_registration(registration, rating_form=None, status=200):
    return (
        render_template(
            "public/events/registration.html",
            registration=registration,
            event=registration.event,
            lang=_lang(),
            rating_form=rating_form or RatingForm(),
            just_made=request.args.get("new") == "1",
        ),
        status,
    )


@bp.route("/events/registrations/<code>")
@limiter.limit("60 per minute")
def registration(code: str):
    return render_registration(_registration_or_404(code))


@bp.route("/events/registrations/<code>/qr.svg")
def registration_qr(code: str):
    registration = _registration_or_404(code)
    buffer = io.BytesIO()
    segno.make(registration.code, error="m").save(buffer, kind="svg", scale=6, border=2)
    return Response(buffer.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "private, max-age=3600"})


@bp.route("/events/registrations/<code>/cancel", methods=["POST"])
@limiter.limit("20 per hour")
def cancel_registration(code: str):
    registration = _registration_or_404(code)
    if attempt(lambda: services.cancel_registration(registration)):
        flash(_("Your registration %(code)s has been cancelled.", code=registration.code), "info")
    return redirect(url_for("public.registration", code=registration.code))


@bp.route("/events/registrations/<code>/rate", methods=["POST"])
@limiter.limit("20 per hour")
def rate_event(code: str):
    registration = _registration_or_404(code)
    form = RatingForm()
    if form.validate_on_submit() and attempt(
        lambda: services.rate(registration, form.rating.data, form.comment.data), form=form
    ):
        flash(_("Thank you for your feedback."), "success")
        return redirect(url_for("public.registration", code=registration.code))
    return render_registration(registration, rating_form=form, status=400)


@bp.route("/events/registrations/<code>/certificate")
def certificate(code: str):
    registration = _registration_or_404(code)
    if registration.certificate_code is None:
        abort(404)
    return render_template(
        "public/events/certificate.html", registration=registration, event=registration.event, lang=_lang()
    )


@bp.route("/events/registrations/<code>/certificate.pdf")
def certificate_pdf(code: str):
    registration = _registration_or_404(code)
    if registration.certificate_code is None:
        abort(404)
    verify_url = url_for("public.verify_certificate", code=registration.certificate_code, _external=True)
    return Response(
        certificates.certificate_pdf(registration, verify_url),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="certificate-{registration.certificate_code}.pdf"'},
    )


@bp.route("/events/certificates/")
@limiter.limit("60 per minute")
def verify_certificate():
    raw = request.args.get("code", "")
    code = services.normalise_code(raw)
    found = queries.certificate(code) if code else None
    hours = queries.training_hours([found]) if found else 0
    return render_template("public/events/verify.html", code=raw, checked=bool(raw), found=found, hours=hours)
