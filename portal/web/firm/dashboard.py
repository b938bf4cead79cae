from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

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
    my_cases = kept_my_cases(clamp_page(request.args.get("page")))
    return render_template("firm/dashboard.html", firm=current_user.firm, my_cases=my_cases)


def kept_my_cases(page_number: int) -> Markup:
    """The signed-in person's page of cases, kept per person, page and day (time limits count down)
    until a case or a person changes."""

    def render_my_cases() -> str:
        page, filers = queries.firm_case_page(current_user, page_number, per_page=20)
        return render_template("firm/_my_cases.html", page=page, filers=filers)

    name = f"firm-cases:{current_user.id}:{page_number}:{today_local().isoformat()}"
    return kept_shared(name, MY_CASES_GENERATIONS, render_my_cases)


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
