"""The official 每万人口高价值发明专利拥有量, entered from its published source (history kept)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import DateField, DecimalField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from portal.core.forms import BaseForm
from portal.core.permissions import Permission, permission_required
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l
from portal.stats import indicators
from portal.web.outcome import attempt
from portal.web.staff import bp


class OfficialIndicatorForm(BaseForm):
    value = DecimalField(
        _l("High-value invention patents per 10,000 residents"),
        places=2,
        validators=[
            InputRequired(_l("Enter the figure as published.")),
            NumberRange(min=0, max=9999.99, message=_l("Enter the figure as published, between 0 and 9999.99.")),
        ],
    )
    reference_date = DateField(
        _l("Reference date"),
        validators=[InputRequired(_l("Enter the date the figure describes."))],
        description=_l("The date the figure describes, e.g. the last day of the year for a year-end figure."),
    )
    source = StringField(
        _l("Source"),
        validators=[
            DataRequired(_l("Name the source: the bulletin or release and its date or number.")),
            Length(max=300),
        ],
        description=_l("The statistical bulletin or official release, with its date or number."),
    )


@bp.route("/indicators", methods=["GET", "POST"])
@permission_required(Permission.STATS_VIEW)
def official_indicators():
    form = OfficialIndicatorForm()
    if form.validate_on_submit() and attempt(
        lambda: indicators.record_official(form.value.data, form.reference_date.data, form.source.data, current_user),
        form=form,
    ):
        flash(_("Saved. The open data page shows the new figure; earlier figures stay in the history."), "success")
        return redirect(url_for("staff.official_indicators"))
    return render_template(
        "staff/indicators.html",
        form=form,
        history=indicators.history(),
        target=current_app.config["HIGH_VALUE_PATENT_TARGET"],
        target_year=current_app.config["HIGH_VALUE_PATENT_TARGET_YEAR"],
    )
