"""Sign in with a mobile number and an SMS code; join a firm through an invitation link."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts import colleagues, verification
from portal.accounts.firm_forms import AcceptInvitationForm, SmsSignInForm
from portal.core.validators import normalise_mobile
from portal.extensions import limiter
from portal.i18n import gettext as _
from portal.i18n import select_locale
from portal.web.auth import bp, sms_limits
from portal.web.auth.views import _home_for, _ip_limit, start_session
from portal.web.outcome import attempt
from portal.web.redirects import safe_next


def _attempt_limit() -> str:
    return current_app.config["SMS_SIGN_IN_RATE_LIMIT"]


def _attempt_key() -> str:
    return "sms-sign-in:" + normalise_mobile(request.form.get("mobile") or "")


@bp.route("/login/sms", methods=["GET", "POST"])
@limiter.limit(_ip_limit, methods=["POST"])
@sms_limits.per_address
@sms_limits.per_number
@limiter.limit(_attempt_limit, key_func=_attempt_key, methods=["POST"], exempt_when=sms_limits.sending)
def login_sms():
    if current_user.is_authenticated:
        return redirect(_home_for(current_user))
    form = SmsSignInForm()
    if form.validate_on_submit():
        if sms_limits.sending():
            if attempt(lambda: verification.send_sign_in_code(form.mobile.data), form=form, field="mobile"):
                # the same words whether or not the number has an account
                flash(
                    _(
                        "If %(mobile)s belongs to a verified account, a code is on its way. It is valid for 5 minutes.",
                        mobile=form.mobile.data,
                    ),
                    "info",
                )
        elif not form.code.data:
            form.add_error("code", _("Enter the code from the SMS."))
        else:
            users = []
            if attempt(
                lambda: users.append(verification.sign_in_with_code(form.mobile.data, form.code.data)), form=form
            ):
                start_session(users[0], form.remember.data)
                return redirect(safe_next(request.args.get("next")) or _home_for(users[0]))
    return render_template("auth/login_sms.html", form=form)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit(_ip_limit, methods=["POST"])
def accept_invitation(token: str):
    invitation = colleagues.invitation_for(token)
    if invitation is None:
        return render_template("auth/invitation_invalid.html"), 400
    form = AcceptInvitationForm()
    form.user_email = invitation.email
    users = []
    if form.validate_on_submit() and attempt(
        lambda: users.append(
            colleagues.accept(invitation, form.name.data, form.mobile.data, form.password.data, select_locale())
        ),
        form=form,
    ):
        start_session(users[0])
        flash(_("Welcome. You can now file applications for %(firm)s.", firm=users[0].firm.name), "success")
        return redirect(url_for("firm.dashboard"))
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation)
