"""The firm asks for pledge financing or IP insurance: from a product or by describing its need."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.extensions import db
from portal.i18n import gettext as _
from portal.market import financing
from portal.market.finance_forms import FinancingRequestForm
from portal.market.finance_models import FinanceProduct, FinancingRequest
from portal.web.firm import bp
from portal.web.outcome import attempt


@bp.route("/finance/")
def financing_home():
    return render_template(
        "firm/market/finance.html",
        products=financing.current_products(),
        requests=financing.firm_requests(current_user.firm_id),
    )


@bp.route("/finance/request", methods=["GET", "POST"])
def request_financing():
    products = financing.current_products()
    form = FinancingRequestForm()
    form.product.choices = [("", _("No product: I describe my need"))] + [
        (str(p.id), f"{p.provider.name} · {p.name}") for p in products
    ]
    if request.method == "GET" and request.args.get("product"):
        form.product.data = request.args["product"]
    if form.validate_on_submit():
        product = db.session.get(FinanceProduct, int(form.product.data)) if form.product.data else None
        done = []
        if attempt(
            lambda: done.append(
                financing.request_financing(
                    current_user.firm_id, product, form.kind.data, form.need.data, form.amount.data, current_user
                )
            ),
            form=form,
        ):
            flash(
                _(
                    "Request sent, reference %(ref)s. Staff pass it to the banks or insurers and tell you the outcome.",
                    ref=done[0].reference,
                ),
                "success",
            )
            return redirect(url_for("firm.financing_home"))
    return render_template(
        "firm/market/finance_request.html", form=form, ip_list=financing.ip_list(current_user.firm_id)
    ), 400 if form.errors else 200


@bp.route("/finance/<int:request_id>/withdraw", methods=["POST"])
def withdraw_financing(request_id: int):
    row = db.session.get(FinancingRequest, request_id)
    if row is None or row.firm_id != current_user.firm_id:
        abort(404)
    if attempt(lambda: financing.withdraw(row, current_user)):
        flash(_("Request withdrawn."), "success")
    return redirect(url_for("firm.financing_home"))
