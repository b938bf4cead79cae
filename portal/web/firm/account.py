"""Firm data and my account: the firm's name (with its new licence, confirmed by staff), contact
person and mobile, and the user's own mobile and email, each proved by a code sent to the new one."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from portal.accounts import verification
from portal.accounts.firm_forms import ContactNameForm, EmailChangeForm, MobileChangeForm, NameCorrectionForm
from portal.core.permissions import Permission, permission_required
from portal.core.uploads import read_upload
from portal.firms import corrections
from portal.i18n import gettext as _
from portal.web.auth import sms_limits
from portal.web.firm import bp
from portal.web.outcome import attempt

TARGETS = (verification.FIRM_CONTACT, verification.OWN)


def _me():
    return current_user._get_current_object()


def _render(status: int = 200, **forms):
    firm = current_user.firm
    defaults = {
        "name_form": NameCorrectionForm(formdata=None),
        "contact_form": ContactNameForm(formdata=None, contact_name=firm.contact_name),
        "firm_mobile_form": MobileChangeForm(formdata=None, prefix="firm"),
        "own_mobile_form": MobileChangeForm(formdata=None, prefix="own"),
        "email_form": EmailChangeForm(formdata=None),
    }
    return render_template(
        "firm/account.html", firm=firm, pending=corrections.pending_for(firm.id), **(defaults | forms)
    ), status


@bp.route("/account")
def account():
    return _render()


@bp.route("/account/name", methods=["POST"])
@permission_required(Permission.FIRM_MANAGE)
def correct_name():
    form = NameCorrectionForm()
    if form.validate_on_submit():
        licence = read_upload(form.licence.data)
        if licence is None:
            form.add_error("licence", _("Attach the new business licence: staff compare the name with it."))
        elif attempt(
            lambda: corrections.request_name_change(current_user.firm, form.new_name.data, licence, _me()), form=form
        ):
            flash(
                _("The new name waits for staff to compare it with the licence. Until then the old name stays."), "info"
            )
            return redirect(url_for("firm.account"))
    return _render(400, name_form=form)


@bp.route("/account/contact", methods=["POST"])
@permission_required(Permission.FIRM_MANAGE)
def change_contact():
    form = ContactNameForm()
    if form.validate_on_submit() and attempt(
        lambda: verification.set_contact_name(_me(), form.contact_name.data), form=form
    ):
        flash(_("Contact person saved."), "success")
        return redirect(url_for("firm.account"))
    return _render(400, contact_form=form)


@bp.route("/account/mobile/<target>", methods=["POST"])
@sms_limits.per_address
@sms_limits.per_number
def change_mobile(target: str):
    if target not in TARGETS:
        return redirect(url_for("firm.account"))
    form = MobileChangeForm(prefix=target)
    key = "firm_mobile_form" if target == verification.FIRM_CONTACT else "own_mobile_form"
    if form.validate_on_submit():
        if sms_limits.sending():
            if attempt(
                lambda: verification.send_mobile_code(_me(), form.mobile.data, target), form=form, field="mobile"
            ):
                flash(_("A code was sent to %(mobile)s. It is valid for 5 minutes.", mobile=form.mobile.data), "info")
                return _render(**{key: form})
        elif not form.code.data:
            form.add_error("code", _("Press “Send code”, then enter the code from the SMS."))
        elif attempt(lambda: verification.change_mobile(_me(), form.mobile.data, form.code.data, target), form=form):
            flash(_("Mobile number changed to %(mobile)s.", mobile=form.mobile.data), "success")
            return redirect(url_for("firm.account"))
    return _render(400, **{key: form})


@bp.route("/account/email", methods=["POST"])
@sms_limits.per_address
def change_email():
    form = EmailChangeForm()
    if form.validate_on_submit():
        if sms_limits.sending():
            if attempt(lambda: verification.send_email_code(_me(), form.email.data), form=form):
                flash(_("A code was sent to %(email)s.", email=form.email.data), "info")
                return _render(email_form=form)
        elif not form.code.data:
            form.add_error("code", _("Press “Send code”, then enter the code from the email."))
        elif attempt(lambda: verification.change_email(_me(), form.email.data, form.code.data), form=form):
            flash(_("Email address changed. Sign in with %(email)s from now on.", email=form.email.data), "success")
            return redirect(url_for("firm.account"))
    return _render(400, email_form=form)
