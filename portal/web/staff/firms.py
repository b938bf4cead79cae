"""Registered firms: list, profile and cases; admins can deactivate an account."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.admin import set_active
from portal.accounts.models import User
from portal.cases import queries as case_queries
from portal.cases import queue as case_queue
from portal.cases.models import Case
from portal.core.db import commit
from portal.core.pagination import clamp_page, paginate
from portal.core.permissions import Permission, permission_required
from portal.extensions import db
from portal.firms import services
from portal.firms.models import Firm
from portal.firms.vocab import INDUSTRIES, QUALIFICATIONS
from portal.i18n import gettext as _
from portal.web.outcome import attempt
from portal.web.staff import bp


@bp.route("/firms")
@permission_required(Permission.FIRMS_VIEW)
def firms():
    q = (request.args.get("q") or "").strip()[:100]
    industry = request.args.get("industry") if request.args.get("industry") in dict(INDUSTRIES) else None
    page = paginate(case_queries.firms_statement(q, industry), clamp_page(request.args.get("page")), 25)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "staff/firms/index.html", page=page, q=q, industry=industry, industries=INDUSTRIES, args=args
    )


@bp.route("/firms/<int:firm_id>")
@permission_required(Permission.FIRMS_VIEW)
def firm_detail(firm_id: int):
    firm = db.get_or_404(Firm, firm_id)
    cases = list(
        db.session.scalars(
            case_queue.queue_statement(case_queue.QueueFilter(sort="submitted")).where(Case.firm_id == firm.id)
        ).unique()
    )
    return render_template(
        "staff/firms/detail.html",
        firm=firm,
        cases=cases,
        history=services.profile_history(firm.id),
        industries=dict(INDUSTRIES),
        qualifications=dict(QUALIFICATIONS),
    )


@bp.route("/firms/<int:firm_id>/users/<int:user_id>/active", methods=["POST"])
@permission_required(Permission.USERS_MANAGE)
def set_firm_user_active(firm_id: int, user_id: int):
    user = db.session.get(User, user_id)
    if user is None or user.firm_id != firm_id:
        abort(404)
    if attempt(lambda: set_active(user, request.form.get("active") == "1", current_user)):
        flash(_("Account updated."), "success")
    return redirect(url_for("staff.firm_detail", firm_id=firm_id))


@bp.route("/firms/<int:firm_id>/profile", methods=["GET", "POST"])
@permission_required(Permission.CASE_TRIAGE)
def edit_firm_profile(firm_id: int):
    """Staff correct a firm's yearly figures (e.g. after checking certificates); every change is audited."""
    from portal.firms.forms import IpProfileForm

    firm = db.get_or_404(Firm, firm_id)
    from portal.core.pagination import parse_int
    from portal.core.timeutil import today_local

    year = parse_int(request.args.get("year")) or today_local().year
    form = (
        IpProfileForm(obj=services.profile_for(firm.id, year), year=year)
        if request.method == "GET"
        else IpProfileForm()
    )
    if form.validate_on_submit():
        services.save_ip_profile(firm, form.year.data, form.data, current_user)
        commit()
        flash(_("IP profile for %(year)s saved.", year=form.year.data), "success")
        return redirect(url_for("staff.firm_detail", firm_id=firm.id))
    return render_template("staff/firms/profile.html", firm=firm, form=form)
