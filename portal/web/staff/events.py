"""Event editor, publishing, the check-in page at the door, walk-ins and the attendance export."""

from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, url_for
from flask_login import current_user

from portal.core.permissions import Permission, permission_required
from portal.core.spreadsheets import xlsx_response
from portal.core.urls import external_url
from portal.events import certificates, queries, services
from portal.events.forms import CheckInForm, EventForm, WalkInForm
from portal.events.models import Event
from portal.events.queries import local
from portal.extensions import db
from portal.i18n import gettext as _
from portal.web.exports import stream_or_prepare
from portal.web.outcome import attempt
from portal.web.staff import bp

CERTIFICATE_ROW_WEIGHT = 50  # one certificate page counts as this many spreadsheet rows


def _event_or_404(event_id: int) -> Event:
    return db.session.get(Event, event_id) or abort(404)


@bp.route("/events")
@permission_required(Permission.EVENTS_MANAGE)
def events_index():
    return render_template("staff/events/index.html", events=queries.all_events())


@bp.route("/events/new", methods=["GET", "POST"])
@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.EVENTS_MANAGE)
def edit_event(event_id: int | None = None):
    event = _event_or_404(event_id) if event_id is not None else None
    form = EventForm(obj=_local_copy(event) if event else None)
    result = {}

    def save():
        result["event"] = services.save_event(event, form.values(), current_user)

    if form.validate_on_submit() and attempt(save, form=form):
        flash(_("The event has been saved."), "success")
        return redirect(url_for("staff.event_detail", event_id=result["event"].id))
    return render_template("staff/events/form.html", form=form, event=event)


def _local_copy(event: Event):
    """The event's fields with times in Beijing time, as the form shows them."""
    fields = {name: getattr(event, name) for name in services.EDITABLE_FIELDS}
    for name in ("starts_at", "ends_at", "signup_opens_at", "signup_closes_at"):
        fields[name] = local(fields[name])
    return type("EventValues", (), fields)()


@bp.route("/events/<int:event_id>")
@permission_required(Permission.EVENTS_MANAGE)
def event_detail(event_id: int):
    event = _event_or_404(event_id)
    return render_template("staff/events/detail.html", event=event, rows=queries.attendance(event))


@bp.route("/events/<int:event_id>/publish", methods=["POST"])
@permission_required(Permission.EVENTS_MANAGE)
def publish_event(event_id: int):
    event = _event_or_404(event_id)
    if attempt(lambda: services.publish(event)):
        flash(_("The event is published and open for sign-up in its window."), "success")
    return redirect(url_for("staff.event_detail", event_id=event.id))


@bp.route("/events/<int:event_id>/cancel", methods=["POST"])
@permission_required(Permission.EVENTS_MANAGE)
def cancel_event(event_id: int):
    event = _event_or_404(event_id)
    if attempt(lambda: services.cancel_event(event)):
        flash(_("The event has been cancelled and everyone signed up has been told."), "info")
    return redirect(url_for("staff.event_detail", event_id=event.id))


@bp.route("/events/<int:event_id>/check-in", methods=["GET", "POST"])
@permission_required(Permission.EVENTS_MANAGE)
def check_in(event_id: int):
    event = _event_or_404(event_id)
    g.camera_allowed = True
    form = CheckInForm()
    walk_in = WalkInForm(prefix="walkin")
    result = {}

    def run():
        result["registration"] = services.check_in(event, form.code.data, current_user)

    status = 200
    if form.validate_on_submit():
        if attempt(run, form=form, field="code"):
            registration = result["registration"]
            flash(
                _(
                    "Checked in: %(name)s (%(organisation)s), %(n)s attendee(s).",
                    name=registration.name,
                    organisation=registration.organisation or "—",
                    n=registration.seats,
                ),
                "success",
            )
            return redirect(url_for("staff.check_in", event_id=event.id))
        status = 400
    return render_template("staff/events/check_in.html", event=event, form=form, walk_in=walk_in), status


@bp.route("/events/<int:event_id>/walk-in", methods=["POST"])
@permission_required(Permission.EVENTS_MANAGE)
def walk_in(event_id: int):
    event = _event_or_404(event_id)
    form = WalkInForm(prefix="walkin")
    if form.validate_on_submit() and attempt(
        lambda: services.record_walk_in(
            event, form.name.data, form.organisation.data or "", form.mobile.data or "", current_user
        ),
        form=form,
    ):
        flash(_("Walk-in recorded: %(name)s.", name=form.name.data), "success")
        return redirect(url_for("staff.check_in", event_id=event.id))
    return render_template("staff/events/check_in.html", event=event, form=CheckInForm(), walk_in=form), 400


@bp.route("/events/<int:event_id>/attendance.xlsx")
@permission_required(Permission.EVENTS_MANAGE)
def export_attendance(event_id: int):
    event = _event_or_404(event_id)
    return stream_or_prepare(
        "attendance",
        _("Attendance of %(title)s", title=event.title),
        queries.registration_count(event),
        lambda: _attendance_workbook(event),
    )


@bp.route("/events/<int:event_id>/certificates.pdf")
@permission_required(Permission.EVENTS_MANAGE)
def export_certificates(event_id: int):
    """Every certificate issued for the event, one page each, to print."""
    event = _event_or_404(event_id)
    issued = queries.certified(event)
    if not issued:
        flash(_("No certificate has been issued for this event yet."), "info")
        return redirect(url_for("staff.event_detail", event_id=event.id))

    def stream():
        pages = [
            (r, external_url("public.verify_certificate", code=r.certificate_code)) for r in queries.certified(event)
        ]
        body = certificates.certificates_pdf(_("Training certificates: %(title)s", title=event.title), pages)
        return Response(
            body,
            mimetype="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="certificates-{event.id}.pdf"'},
        )

    # drawing a page costs far more than a spreadsheet row
    return stream_or_prepare(
        "certificates",
        _("Certificates of %(title)s", title=event.title),
        len(issued) * CERTIFICATE_ROW_WEIGHT,
        stream,
    )


def _attendance_workbook(event: Event):
    headers = [
        _("Registration number"),
        _("Status"),
        _("Name"),
        _("Organisation"),
        _("Mobile number"),
        _("Attendees"),
        _("Walk-in"),
        _("Checked in at"),
        _("Certificate number"),
        _("Rating"),
        _("Comment"),
    ]
    rows = [
        [
            r.code,
            r.status_enum.label,
            r.name,
            r.organisation,
            r.mobile,
            "、".join(r.attendee_names or []),
            _("Yes") if r.walk_in else "",
            f"{local(r.checked_in_at):%Y-%m-%d %H:%M}" if r.checked_in_at else "",
            r.certificate_code or "",
            r.rating or "",
            r.rating_comment or "",
        ]
        for r in queries.attendance(event)
    ]
    return xlsx_response(f"attendance-{event.id}.xlsx", [(_("Attendance"), headers, rows)])
