"""Calendar days: enter next year's holiday and make-up working days before the library has them."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import DateField, RadioField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from portal.calendar import services
from portal.calendar.models import CalendarDay
from portal.cases import clock
from portal.core.forms import BaseForm
from portal.core.permissions import Permission, permission_required
from portal.core.working_days import is_working_day
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l
from portal.web.admin import bp
from portal.web.outcome import attempt


class CalendarDayForm(BaseForm):
    day = DateField(_l("Date"), validators=[InputRequired(_l("Enter the date."))])
    is_workday = RadioField(
        _l("This day is"),
        choices=[("0", _l("a holiday (no work)")), ("1", _l("a working day (make-up day)"))],
        validators=[InputRequired(_l("Choose holiday or working day."))],
    )
    note = StringField(
        _l("Source"),
        validators=[DataRequired(_l("Name the State Council notice or the holiday.")), Length(max=200)],
        description=_l("e.g. the State Council General Office notice on the holiday schedule"),
    )


@bp.route("/calendar", methods=["GET", "POST"])
@permission_required(Permission.USERS_MANAGE)
def calendar():
    form = CalendarDayForm()
    moved = []
    if form.validate_on_submit() and attempt(
        lambda: moved.append(
            clock.set_calendar_day(form.day.data, form.is_workday.data == "1", form.note.data, current_user)
        ),
        form=form,
    ):
        flash(
            _(
                "Saved. Time limits now count %(day)s as %(kind)s; %(n)s open cases have new dates.",
                day=form.day.data.isoformat(),
                kind=_("a working day") if form.is_workday.data == "1" else _("a holiday"),
                n=moved[0],
            ),
            "success",
        )
        return redirect(url_for("admin.calendar"))
    return render_template("admin/calendar.html", form=form, days=services.all_days(), is_working_day=is_working_day)


@bp.route("/calendar/<int:day_id>/delete", methods=["POST"])
@permission_required(Permission.USERS_MANAGE)
def delete_calendar_day(day_id: int):
    row = db.get_or_404(CalendarDay, day_id)
    moved = []
    if attempt(lambda: moved.append(clock.remove_calendar_day(row, current_user))):
        flash(_("Removed; %(n)s open cases have new dates.", n=moved[0]), "info")
    return redirect(url_for("admin.calendar"))
