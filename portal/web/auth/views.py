"""Register, sign in and out, reset and change the password."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from portal.accounts import claims, services, sign_in_links, verification
from portal.accounts.forms import (
    ChangePasswordForm,
    CodeClaimForm,
    ForgotPasswordForm,
    LoginForm,
    RegistrationForm,
    ResetPasswordForm,
    SignInLinkForm,
    UseSignInLinkForm,
)
from portal.core.db import commit
from portal.core.forms import normalise_email
from portal.core.permissions import Role
from portal.core.uploads import read_upload
from portal.extensions import limiter
from portal.i18n import gettext as _
from portal.i18n import select_locale
from portal.web.auth import bp, sms_limits
from portal.web.outcome import attempt
from portal.web.redirects import safe_next


def _home_for(user) -> str:
    if user.is_staff:
        return url_for("staff.home")
    if user.role == Role.EXPERT:
        return url_for("expert.home")
    if user.role == Role.INSTITUTION:
        return url_for("institution.home")
    if user.role == Role.AGENCY:
        return url_for("agency.home")
    return url_for("firm.dashboard")


def start_session(user, remember: bool = False) -> None:
    lang = session.get("lang")
    session.clear()  # a fresh session at sign-in: nothing planted before it survives
    if lang:
        session["lang"] = lang
    login_user(user, remember=remember)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _ip_limit() -> str:
    return current_app.config["LOGIN_IP_RATE_LIMIT"]


def _submitted_email() -> str:
    # the same normalisation the form applies, so no spelling of one address gets a fresh allowance
    return "login-account:" + normalise_email(request.form.get("email"))


def sign_in_limits_down() -> bool:
    """The shared store counting sign-in attempts (Redis) does not answer. Every other limited form
    then lets requests through (``RATELIMIT_SWALLOW_ERRORS``); sign-in alone fails closed, since
    uncounted password guesses are what the limit exists to stop."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return False
    try:
        return not limiter.storage.check()
    except Exception:
        return True


def _sign_in_paused(form, template: str):
    form.add_error(
        None,
        _(
            "Sign-in is paused for a few minutes because a security service is not answering. "
            "Nothing you typed is lost; please try again shortly."
        ),
    )
    return render_template(template, form=form), 503


def _registration_limit() -> str:
    return current_app.config["REGISTRATION_RATE_LIMIT"]


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_registration_limit, methods=["POST"], exempt_when=sms_limits.sending)  # codes: limits of their own
@sms_limits.per_address
@sms_limits.per_number
def register():
    if current_user.is_authenticated:
        return redirect(_home_for(current_user))
    form = RegistrationForm()
    if form.is_submitted() and sms_limits.sending():
        # "Send code": only the number is checked; everything typed stays on the page
        if form.mobile.validate(form) and attempt(
            lambda: verification.send_registration_code(form.mobile.data), form=form, field="mobile"
        ):
            flash(_("A code was sent to %(mobile)s. It is valid for 5 minutes.", mobile=form.mobile.data), "info")
        return render_template("auth/register.html", form=form)
    if form.validate_on_submit():
        try:
            services.register_firm(
                services.Registration(
                    firm_name=form.firm_name.data,
                    credit_code=form.credit_code.data,
                    contact_name=form.contact_name.data,
                    mobile=form.mobile.data,
                    email=form.email.data,
                    password=form.password.data,
                    locale=select_locale(),
                    code_review="pending" if getattr(form.credit_code, "needs_review", False) else "",
                    sms_code=form.sms_code.data,
                )
            )
        except services.AccountError as err:
            form.add_error(err.field, str(err))
        else:
            commit()
            # the same page whether the address was new or already registered (no account enumeration)
            return render_template(
                "auth/registration_sent.html",
                email=form.email.data,
                minutes=current_app.config["SIGN_IN_LINK_MAX_AGE"] // 60,
            )
    return render_template("auth/register.html", form=form)


@bp.route("/claim-code", methods=["GET", "POST"])
@limiter.limit(_registration_limit, methods=["POST"])
def claim_code():
    """The real firm whose credit code someone else registered asks for it back."""
    form = CodeClaimForm()
    if form.validate_on_submit():
        licence, letter = read_upload(form.licence.data), read_upload(form.letter.data)
        for name, upload in (("licence", licence), ("letter", letter)):
            if upload is None:
                form.add_error(name, _("Attach this document: staff decide from it."))
        claims_filed = []
        if (
            licence
            and letter
            and attempt(
                lambda: claims_filed.append(
                    claims.file_claim(
                        claims.ClaimRequest(
                            firm_name=form.firm_name.data,
                            credit_code=form.credit_code.data,
                            contact_name=form.contact_name.data,
                            mobile=form.mobile.data,
                            email=form.email.data,
                            licence=licence,
                            letter=letter,
                        )
                    )
                ),
                form=form,
            )
        ):
            return render_template("auth/claim_sent.html", claim=claims_filed[0])
    return render_template("auth/claim_code.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_ip_limit, methods=["POST"])
@limiter.limit(_login_limit, key_func=_submitted_email, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_home_for(current_user))
    form = LoginForm()
    if form.is_submitted() and sign_in_limits_down():
        return _sign_in_paused(form, "auth/login.html")
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.add_error(None, _("The email or password is not correct."))
        else:
            commit()
            start_session(user, form.remember.data)
            return redirect(safe_next(request.args.get("next")) or _home_for(user))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    services.end_sessions(current_user._get_current_object())
    commit()
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("public.home"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        commit()
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_template("auth/forgot_password.html", form=form)


def _link_limit() -> str:
    return current_app.config["SIGN_IN_LINK_RATE_LIMIT"]


def _link_email() -> str:
    return "sign-in-link:" + normalise_email(request.form.get("email"))


@bp.route("/sign-in-link", methods=["GET", "POST"])
@limiter.limit(_ip_limit, methods=["POST"])
@limiter.limit(_link_limit, key_func=_link_email, methods=["POST"])
def request_sign_in_link():
    """For an owner whose password sign-in is paused by the per-account limit."""
    form = SignInLinkForm()
    if form.is_submitted() and sign_in_limits_down():
        return _sign_in_paused(form, "auth/sign_in_link.html")
    if form.validate_on_submit():
        sign_in_links.send_sign_in_link(form.email.data)
        commit()
        return render_template("auth/sign_in_link_sent.html", email=form.email.data)
    return render_template("auth/sign_in_link.html", form=form)


@bp.route("/sign-in-link/<token>", methods=["GET", "POST"])
def sign_in_with_link(token: str):
    # GET only shows a button: mail scanners that open links must not use up the sign-in
    user = sign_in_links.user_for_sign_in_token(token)
    if user is None:
        return render_template("auth/sign_in_link_invalid.html"), 400
    form = UseSignInLinkForm()
    if form.validate_on_submit():
        if not sign_in_links.use_sign_in_link(user):
            return render_template("auth/sign_in_link_invalid.html"), 400
        commit()
        lang = session.get("lang")
        session.clear()
        if lang:
            session["lang"] = lang
        login_user(user)
        return redirect(_home_for(user))
    return render_template("auth/sign_in_link_use.html", form=form, email=user.email)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = services.user_for_reset_token(token)
    if user is None:
        return render_template("auth/reset_invalid.html"), 400
    form = ResetPasswordForm()
    form.user_email = user.email
    if form.validate_on_submit():
        services.reset_password(user, form.password.data)
        commit()
        flash(_("Your password has been changed. Sign in with the new password."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/change-password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    form.user_email = current_user.email
    if form.validate_on_submit():
        try:
            services.change_password(current_user._get_current_object(), form.current_password.data, form.password.data)
        except services.AccountError as err:
            form.add_error(err.field, str(err))
        else:
            commit()
            login_user(current_user._get_current_object())  # the session token rotated; keep this session
            flash(_("Your password has been changed."), "success")
            return redirect(_home_for(current_user))
    return render_template("auth/change_password.html", form=form)
