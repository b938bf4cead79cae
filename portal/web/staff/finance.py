"""Financing and insurance in the back office: banks and insurers, their products, and firms' requests."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.core.pagination import clamp_page
from portal.core.permissions import Permission, permission_required
from portal.extensions import db
from portal.i18n import gettext as _
from portal.market import financing
from portal.market.finance_forms import OutcomeForm, PassOnForm, ProductForm, ProviderForm
from portal.market.finance_models import FinancingRequest
from portal.market.vocab import RequestStatus
from portal.web.outcome import attempt
from portal.web.staff import bp

BROKER = Permission.MARKET_BROKER


def _product_form() -> ProductForm:
    form = ProductForm()
    form.provider_id.choices = [(p.id, p.name) for p in financing.providers()]
    return form


def _page(provider_form=None, product_form=None, status=200):
    return render_template(
        "staff/market/finance.html",
        provider_form=provider_form or ProviderForm(formdata=None),
        product_form=product_form or _product_form(),
        products=financing.all_products(),
        providers=financing.providers(),
    ), status


@bp.route("/market/finance/")
@permission_required(BROKER)
def finance():
    return _page()


@bp.route("/market/finance/providers", methods=["POST"])
@permission_required(BROKER)
def add_provider():
    form = ProviderForm()
    if form.validate_on_submit() and attempt(
        lambda: financing.add_provider(form.name.data, form.provider_kind.data, form.contact.data, current_user),
        form=form,
    ):
        flash(_("Institution added."), "success")
        return redirect(url_for("staff.finance"))
    return _page(provider_form=form, status=400)


@bp.route("/market/finance/products", methods=["POST"])
@permission_required(BROKER)
def publish_product():
    form = _product_form()
    if form.validate_on_submit():
        data = financing.ProductData(
            provider_id=form.provider_id.data,
            kind=form.kind.data,
            name=form.product_name.data,
            valid_from=form.valid_from.data,
            valid_until=form.valid_until.data,
            rate_min=form.rate_min.data,
            rate_max=form.rate_max.data,
            term_months=form.term_months.data,
            max_amount=form.max_amount.data,
            eligibility=form.eligibility.data or "",
            insurance_types=form.insurance_types.data or "",
            premium_subsidy=form.premium_subsidy.data or "",
        )
        if attempt(lambda: financing.publish_product(data, current_user), form=form):
            flash(_("Product published."), "success")
            return redirect(url_for("staff.finance"))
    return _page(product_form=form, status=400)


@bp.route("/market/finance/requests/")
@permission_required(BROKER)
def financing_requests():
    status = request.args.get("status") or ""
    page = db.paginate(
        financing.requests(status), page=clamp_page(request.args.get("page")), per_page=30, error_out=False
    )
    return render_template(
        "staff/market/finance_requests.html",
        page=page,
        status=status,
        RequestStatus=RequestStatus,
        by_year=financing.pledge_by_year(),
    )


def _request_page(row, pass_form=None, outcome_form=None, status=200):
    return render_template(
        "staff/market/finance_request.html",
        row=row,
        pass_form=pass_form or PassOnForm(formdata=None, passed_to=row.product.provider.name if row.product else ""),
        outcome_form=outcome_form or OutcomeForm(formdata=None),
    ), status


@bp.route("/market/finance/requests/<int:request_id>")
@permission_required(BROKER)
def financing_request(request_id: int):
    return _request_page(db.session.get(FinancingRequest, request_id) or abort(404))


@bp.route("/market/finance/requests/<int:request_id>/pass", methods=["POST"])
@permission_required(BROKER)
def pass_financing_request(request_id: int):
    row = db.session.get(FinancingRequest, request_id) or abort(404)
    form = PassOnForm()
    if form.validate_on_submit() and attempt(
        lambda: financing.pass_on(row, form.passed_to.data, current_user), form=form, field="passed_to"
    ):
        flash(_("Request %(ref)s passed on.", ref=row.reference), "success")
        return redirect(url_for("staff.financing_request", request_id=row.id))
    return _request_page(row, pass_form=form, status=400)


@bp.route("/market/finance/requests/<int:request_id>/outcome", methods=["POST"])
@permission_required(BROKER)
def financing_outcome(request_id: int):
    row = db.session.get(FinancingRequest, request_id) or abort(404)
    form = OutcomeForm()
    if form.validate_on_submit() and attempt(
        lambda: financing.record_outcome(
            row, form.outcome.data, form.granted_amount.data, form.decided_on.data, form.note.data or "", current_user
        ),
        form=form,
    ):
        flash(_("Outcome recorded for %(ref)s.", ref=row.reference), "success")
        return redirect(url_for("staff.financing_request", request_id=row.id))
    return _request_page(row, outcome_form=form, status=400)
