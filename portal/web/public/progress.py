"""办件进度查询: anyone with the 申请编号 and the firm's 统一社会信用代码 can follow a case without
signing in. It shows the state, the current step and dates, never answers or files."""

from __future__ import annotations

from flask import render_template, request
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from portal.cases import queries, receipts
from portal.core.forms import BaseForm
from portal.extensions import limiter
from portal.i18n import lazy_gettext as _l
from portal.web.public import bp


class ProgressForm(BaseForm):
    reference = StringField(
        _l("Application number"),
        validators=[DataRequired(_l("Enter the application number.")), Length(max=24)],
        description=_l("As on the receipt, e.g. HQ-RP-2026-000001"),
    )
    credit_code = StringField(
        _l("Unified social credit code"),
        validators=[DataRequired(_l("Enter the unified social credit code.")), Length(max=18)],
    )


@bp.route("/progress", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def progress():
    form = ProgressForm()
    case, looked = None, False
    if form.validate_on_submit():
        looked = True
        case = queries.progress_lookup(form.reference.data, form.credit_code.data)
    return render_template("public/progress.html", form=form, case=case, looked=looked)


@bp.route("/receipts/")
@bp.route("/receipts/<code>")
@limiter.limit("30 per minute;300 per day")
def verify_receipt(code: str | None = None):
    """Is this 收件回执 genuine? The QR code on it leads here. Only the reference, kind, firm name,
    date of receipt and state are shown; an unknown code gets the same page saying so."""
    raw = code if code is not None else request.args.get("code", "")
    checked = bool(raw.strip())
    case = receipts.lookup(raw) if checked else None
    return render_template("public/receipt_check.html", code=raw[:40], checked=checked, case=case)
