"""Innovator profile forms: firm details, qualifications, yearly IP holdings."""

from __future__ import annotations

from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.core.forms import BaseForm
from portal.core.timeutil import today_local
from portal.firms.vocab import INDUSTRIES, QUALIFICATIONS
from portal.i18n import lazy_gettext as _l


class FirmDetailsForm(BaseForm):
    # no industry is preselected: the empty first choice stays until the firm picks one
    industry = SelectField(
        _l("Industry"),
        choices=[("", _l("Choose…")), *INDUSTRIES],
        validators=[DataRequired(_l("Choose an industry."))],
    )


class QualificationForm(BaseForm):
    kind = SelectField(
        _l("Qualification"),
        choices=[("", _l("Choose…")), *QUALIFICATIONS],
        validators=[DataRequired(_l("Choose a qualification."))],
    )
    certificate_no = StringField(
        _l("Certificate number"), validators=[DataRequired(_l("Enter the certificate number.")), Length(max=60)]
    )
    valid_until = DateField(
        _l("Valid until"), validators=[Optional()], description=_l("Leave empty if the qualification has no end date")
    )

    def validate_valid_until(self, field):
        if field.data and field.data < today_local():
            raise ValidationError(str(_l("This qualification has expired; enter a current one.")))


def _count(label, description=None):
    return IntegerField(
        label,
        description=description,
        validators=[
            InputRequired(_l("Enter a whole number (0 if none).")),
            NumberRange(min=0, max=10_000_000, message=_l("Enter a number of 0 or more.")),
        ],
    )


class IpProfileForm(BaseForm):
    year = SelectField(_l("Year"), coerce=int)
    employees = _count(_l("Employees"))
    rd_spending = DecimalField(
        _l("R&D spending (10,000 yuan)"),
        places=2,
        validators=[
            InputRequired(_l("Enter an amount (0 if none).")),
            NumberRange(min=0, message=_l("Enter an amount of 0 or more.")),
        ],
    )
    invention_patents = _count(_l("Valid invention patents"))
    high_value_patents = _count(
        _l("of which high-value invention patents"),
        _l("Counted once each, whichever of the five categories below they meet"),
    )
    hv_strategic_industry = _count(_l("…in strategic emerging industries"))
    hv_foreign_family = _count(_l("…with a patent granted abroad in the same family"))
    hv_long_maintained = _count(_l("…maintained for more than 10 years"))
    hv_pledged = _count(_l("…that secured a relatively high pledge-financing amount"))
    hv_awarded = _count(_l("…won a national science or patent award"))
    utility_models = _count(_l("Utility model patents"))
    designs = _count(_l("Design patents"))
    trademarks_domestic = _count(_l("Registered trademarks in China"))
    trademarks_abroad = _count(_l("Registered trademarks abroad"))
    copyrights = _count(_l("Registered copyrights (including software)"))
    software_copyrights = _count(_l("of which software copyrights"))
    pct_applications = _count(_l("PCT applications"))
    madrid_registrations = _count(_l("Madrid international registrations"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = today_local().year
        self.year.choices = [(y, str(y)) for y in range(this_year, this_year - 6, -1)]

    def validate_high_value_patents(self, field):
        if (field.data or 0) > (self.invention_patents.data or 0):
            raise ValidationError(str(_l("High-value patents cannot exceed the valid invention patents.")))
        categories = [
            self.hv_strategic_industry,
            self.hv_foreign_family,
            self.hv_long_maintained,
            self.hv_pledged,
            self.hv_awarded,
        ]
        if (field.data or 0) > sum(c.data or 0 for c in categories):
            raise ValidationError(str(_l("Every high-value patent must fall in at least one of the five categories.")))
        if any((c.data or 0) > (field.data or 0) for c in categories):
            raise ValidationError(str(_l("A category count cannot exceed the number of high-value patents.")))

    def validate_software_copyrights(self, field):
        if (field.data or 0) > (self.copyrights.data or 0):
            raise ValidationError(str(_l("Software copyrights cannot exceed all registered copyrights.")))
