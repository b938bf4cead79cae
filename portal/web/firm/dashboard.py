from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.models import USERS_GENERATION
from portal.cases import notifications, queries
from portal.core.pagination import clamp_page
from portal.core.shared_cache import CASE_GENERATION
from portal.core.timeutil import today_local
from portal.templating import kept_shared
from portal.web.firm import bp
from portal.web.outcome import attempt

# the list shows cases (drafts included) and who filed them; which cases depends on the person's role
MY_CASES_GENERATIONS = (CASE_GENERATION, USERS_GENERATION)


@bp.route("/")
def dashboard():
    number = clamp_page(request.args.get("page"))

    def render_my_cases() -> str:
        page, filers = queries.firm_case_page(current_user, number, per_page=20)
        return render_template("firm/_my_cases.html", page=page, filers=filers)

    # kept per person, page and day (time limits count down) until a case or a person changes
    my_cases = kept_shared(
        f"firm-cases:{current_user.id}:{number}:{today_local().isoformat()}", MY_CASES_GENERATIONS, render_my_cases
    )
    return render_template("firm/dashboard.html", firm=current_user.firm, my_cases=my_cases)


@bp.route("/inbox")
def inbox():
    shown = notifications.recent(current_user.id)
    fresh = {n.id for n in shown if n.read_at is None}  # marked new on this page, read from now on
    if fresh:
        attempt(lambda: notifications.mark_all_read(current_user.id))
    return render_template("firm/inbox.html", notifications=shown, fresh=fresh)


@bp.route("/inbox/read", methods=["POST"])
def mark_read():
    attempt(lambda: notifications.mark_all_read(current_user.id))
    return redirect(url_for("firm.inbox"))
