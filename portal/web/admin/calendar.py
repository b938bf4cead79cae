"""Calendar days: enter next year's holidays and make-up working days before the library has them,
one day, a whole range (春节 is one entry), or the State Council notice pasted as text, previewed first."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import DateField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.calendar import schedule, services
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

KIND_CHOICES = [("0", _l("a holiday (no work)")), ("1", _l("a working day (make-up day)"))]
SOURCE_HINT = _l("e.g. the State Council General Office notice on the holiday schedule")


class CalendarRangeForm(BaseForm):
    day = DateField(_l("First day"), validators=[InputRequired(_l("Enter the date."))])
    end = DateField(
        _l("Last day"),
        validators=[Optional()],
        description=_l("Leave empty for a single day. A whole holiday (春节) is one entry."),
    )
    is_workday = RadioField(
        _l("These days are"), choices=KIND_CHOICES, validators=[InputRequired(_l("Choose holiday or working day."))]
    )
    note = StringField(
        _l("Source"),
        validators=[DataRequired(_l("Name the State Council notice or the holiday.")), Length(max=200)],
        description=SOURCE_HINT,
    )

    def validate_end(self, field):
        if field.data and self.day.data and field.data < self.day.data:
            from wtforms.validators import ValidationError

            raise ValidationError(_("The last day cannot be before the first day."))


class ScheduleImportForm(BaseForm):
    text = TextAreaField(
        _l("Text of the notice"),
        validators=[DataRequired(_l("Paste the text of the notice.")), Length(max=20_000)],
        description=_l(
            "Paste the items as published, e.g. “一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。”"
        ),
        render_kw={"rows": 8},
    )
    year = IntegerField(
        _l("Year"),
        validators=[Optional(), NumberRange(2000, 2100, _l("Enter a year between 2000 and 2100."))],
        description=_l("Needed only when the pasted text leaves out the notice's title."),
    )
    source = StringField(
        _l("Source"),
        validators=[DataRequired(_l("Name the State Council notice or the holiday.")), Length(max=120)],
        description=_l("e.g. 国办发明电〔2026〕7号"),
    )


def _page(form=None, import_form=None, preview=None, status=200):
    return render_template(
        "admin/calendar.html",
        form=form or CalendarRangeForm(),
        import_form=import_form or ScheduleImportForm(prefix="s"),
        preview=preview,
        ranges=services.ranges(),
        unscheduled=clock.unscheduled_years(),
        is_working_day=is_working_day,
    ), status


@bp.route("/calendar", methods=["GET", "POST"])
@permission_required(Permission.USERS_MANAGE)
def calendar():
    if request.method == "GET":
        return _page()
    form = CalendarRangeForm()
    moved = []
    if form.validate_on_submit() and attempt(
        lambda: moved.append(
            clock.set_calendar_range(
                form.day.data, form.end.data or form.day.data, form.is_workday.data == "1", form.note.data, current_user
            )
        ),
        form=form,
    ):
        last = form.end.data or form.day.data
        flash(
            _(
                "Saved. Time limits now count %(first)s to %(last)s as %(kind)s; %(n)s open cases have new dates.",
                first=form.day.data.isoformat(),
                last=last.isoformat(),
                kind=_("working days") if form.is_workday.data == "1" else _("holidays"),
                n=moved[0],
            ),
            "success",
        )
        return redirect(url_for("admin.calendar"))
    return _page(form=form)


@bp.route("/calendar/import", methods=["POST"])
@permission_required(Permission.USERS_MANAGE)
def import_calendar():
    """First post: the preview. With ``confirm``: store the same text's days and move the dates."""
    form = ScheduleImportForm(prefix="s")
    if not form.validate_on_submit():
        return _page(import_form=form)
    try:
        entries = schedule.parse(form.text.data, form.year.data)
    except schedule.ScheduleError as err:
        where = str(err)
        if where == "year":
            form.year.errors = [_("Enter the year: the text does not name it.")]
        elif where == "empty":
            form.text.errors = [_("No holiday was found. Paste the numbered items of the notice.")]
        else:
            form.text.errors = [_("The dates of “%(name)s” could not be read.", name=where)]
        return _page(import_form=form)
    if request.form.get("confirm") != "1":
        return _page(import_form=form, preview=entries)
    moved = []
    if attempt(lambda: moved.append(clock.import_schedule(entries, form.source.data, current_user)), form=form):
        flash(
            _(
                "The notice is saved: %(n)s entries; %(moved)s open cases have new dates.",
                n=len(entries),
                moved=moved[0],
            ),
            "success",
        )
        return redirect(url_for("admin.calendar"))
    return _page(import_form=form)


@bp.route("/calendar/<int:day_id>/delete", methods=["POST"])
@permission_required(Permission.USERS_MANAGE)
def delete_calendar_day(day_id: int):
    """Remove the entry this day belongs to (a whole range)."""
    row = db.get_or_404(CalendarDay, day_id)
    moved = []
    if attempt(lambda: moved.append(clock.remove_calendar_range(row, current_user))):
        flash(_("Removed; %(n)s open cases have new dates.", n=moved[0]), "info")
    return redirect(url_for("admin.calendar"))
