"""侵权假冒举报: anyone files a report, named or not, and follows it with its number and tracking code."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from portal.extensions import limiter
from portal.i18n import gettext as _
from portal.reports import services
from portal.reports.forms import ReportForm, TrackForm
from portal.reports.routing import ROUTES, Line, ReportKind
from portal.web.outcome import attempt
from portal.web.public import bp


def _report_limit() -> str:
    return current_app.config["REPORT_RATE_LIMIT"]


def _track_limit() -> str:
    return current_app.config["REPORT_TRACK_RATE_LIMIT"]


@bp.route("/report/", methods=["GET", "POST"])
@limiter.limit(_report_limit, methods=["POST"])
def report_form():
    form = ReportForm()
    if not form.is_submitted() and request.args.get("kind") in {k.value for k in ReportKind}:
        form.kind.data = request.args["kind"]  # a link from the agency directory opens the form on its kind
    filed = {}
    if form.validate_on_submit():
        if form.is_spam():
            form.add_error(None, _("The report could not be sent. Please try again later or call 12315."))
        elif attempt(
            lambda: filed.update(
                zip(("report", "code"), services.file_report(form.filing(), signed_in_user_id()), strict=True)
            ),
            form=form,
            field="evidence",
        ):
            # shown once on the next page and never again: the code is the reporter's only key
            session["report_receipt"] = [filed["report"].reference, filed["code"]]
            return redirect(url_for("public.report_received"))
    return render_template("public/reports/form.html", form=form, routes=ROUTES.values(), police=Line.POLICE)


def signed_in_user_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


@bp.route("/report/received")
def report_received():
    receipt = session.pop("report_receipt", None)
    if not receipt:
        return redirect(url_for("public.track_report"))
    reference, code = receipt
    response = current_app.make_response(
        render_template("public/reports/received.html", reference=reference, code=code)
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/report/track", methods=["GET", "POST"])
@limiter.limit(_track_limit, methods=["POST"])
def track_report():
    form = TrackForm()
    report = None
    if form.validate_on_submit():
        report = services.find_by_code(form.reference.data, form.code.data)
        if report is None:
            # one answer for an unknown number and a wrong code: neither tells a guesser anything
            form.add_error(None, _("No report matches this number and tracking code. Check both and try again."))
    response = current_app.make_response(render_template("public/reports/track.html", form=form, report=report))
    response.headers["Cache-Control"] = "no-store"
    return response
