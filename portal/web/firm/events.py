"""A firm's event sign-ups: signing up with attendee names, and the list of its registrations."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import current_user

from portal.events import queries, services
from portal.events.forms import FirmSignUpForm
from portal.web.firm import bp
from portal.web.outcome import attempt
from portal.web.public.events import render_event


@bp.route("/events")
def my_events():
    registrations = queries.firm_registrations(current_user.firm_id)
    return render_template("firm/events.html", registrations=registrations, hours=queries.training_hours(registrations))


@bp.route("/events/<int:event_id>/sign-up", methods=["POST"])
def sign_up(event_id: int):
    event = queries.public_event(event_id) or abort(404)
    form = FirmSignUpForm()
    result = {}

    def run():
        result["registration"] = services.sign_up_firm(event, current_user, form.names())

    if form.validate_on_submit() and attempt(run, form=form, field="attendees"):
        return redirect(url_for("public.registration", code=result["registration"].code, new=1))
    return render_event(event, firm_form=form, status=400)
