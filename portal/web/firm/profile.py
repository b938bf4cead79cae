"""The firm's innovator profile (创新主体登记): details, qualifications and yearly IP holdings."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.core.db import commit
from portal.core.pagination import parse_int
from portal.core.timeutil import today_local
from portal.firms import services
from portal.firms.forms import FirmDetailsForm, IpProfileForm, QualificationForm
from portal.firms.vocab import QUALIFICATIONS
from portal.i18n import gettext as _
from portal.market import agencies as market_agencies
from portal.market import financing as market_financing
from portal.web.firm import bp


def _year_arg() -> int:
    year = parse_int(request.args.get("year"))
    this_year = today_local().year
    return year if year and this_year - 5 <= year <= this_year else this_year


@bp.route("/profile", methods=["GET", "POST"])
def profile():
    firm = current_user.firm
    year = _year_arg()
    existing = services.profile_for(firm.id, year)
    form = IpProfileForm(obj=existing, year=year) if request.method == "GET" else IpProfileForm()
    if form.validate_on_submit():
        services.save_ip_profile(firm, form.year.data, form.data, current_user)
        commit()
        flash(_("IP profile for %(year)s saved.", year=form.year.data), "success")
        return redirect(url_for("firm.profile", year=form.year.data))
    return render_template(
        "firm/profile.html",
        firm=firm,
        form=form,
        year=year,
        details_form=FirmDetailsForm(obj=firm),
        qualification_form=QualificationForm(),
        history=services.profile_history(firm.id),
        qualifications_vocab=dict(QUALIFICATIONS),
        agency=market_agencies.firm_agency(firm.id),
        pledges=market_financing.pledge_by_year(firm.id),
    )


@bp.route("/profile/details", methods=["POST"])
def save_details():
    form = FirmDetailsForm()
    if form.validate_on_submit():
        services.set_industry(current_user.firm, form.industry.data, current_user)
        commit()
        flash(_("Firm details saved."), "success")
    else:
        flash(_("Choose an industry."), "error")
    return redirect(url_for("firm.profile"))


@bp.route("/profile/qualifications", methods=["POST"])
def add_qualification():
    form = QualificationForm()
    if form.validate_on_submit():
        services.add_qualification(
            current_user.firm, form.kind.data, form.certificate_no.data, form.valid_until.data, current_user
        )
        commit()
        flash(_("Qualification added."), "success")
        return redirect(url_for("firm.profile", _anchor="qualifications"))
    firm = current_user.firm
    return render_template(
        "firm/profile.html",
        firm=firm,
        form=IpProfileForm(obj=services.profile_for(firm.id, _year_arg())),
        year=_year_arg(),
        details_form=FirmDetailsForm(obj=firm),
        qualification_form=form,
        history=services.profile_history(firm.id),
        qualifications_vocab=dict(QUALIFICATIONS),
        agency=market_agencies.firm_agency(firm.id),
        pledges=market_financing.pledge_by_year(firm.id),
    ), 400


@bp.route("/profile/qualifications/<int:qualification_id>/delete", methods=["POST"])
def remove_qualification(qualification_id: int):
    if services.remove_qualification(current_user.firm, qualification_id, current_user):
        commit()
        flash(_("Qualification removed."), "info")
    return redirect(url_for("firm.profile", _anchor="qualifications"))
