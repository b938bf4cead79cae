"""Forms of the financing pages; the financing service checks the same rules again."""

from __future__ import annotations

from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.core.forms import BaseForm
from portal.i18n import lazy_gettext as _l
from portal.market.vocab import ProductKind, ProviderKind, RequestStatus

_REQUIRED = _l("This field is required.")
_NOT_NEGATIVE = _l("The amount cannot be negative.")


class ProviderForm(BaseForm):
    name = StringField(_l("Name of the bank or insurer"), validators=[DataRequired(_REQUIRED), Length(max=200)])
    provider_kind = SelectField(_l("Kind of institution"), choices=ProviderKind.choices())
    contact = StringField(_l("Contact details"), validators=[DataRequired(_REQUIRED), Length(max=200)])


class ProductForm(BaseForm):
    provider_id = SelectField(_l("Bank or insurer"), coerce=int, choices=[])
    kind = SelectField(_l("Kind of product"), choices=ProductKind.choices())
    product_name = StringField(_l("Product name"), validators=[DataRequired(_REQUIRED), Length(max=200)])
    rate_min = DecimalField(
        _l("Lowest interest rate (% a year)"), places=2, validators=[Optional(), NumberRange(min=0, max=99)]
    )
    rate_max = DecimalField(
        _l("Highest interest rate (% a year)"), places=2, validators=[Optional(), NumberRange(min=0, max=99)]
    )
    term_months = IntegerField(_l("Longest term (months)"), validators=[Optional(), NumberRange(min=1, max=360)])
    max_amount = DecimalField(
        _l("Maximum loan (10,000 yuan)"), places=2, validators=[Optional(), NumberRange(min=0, message=_NOT_NEGATIVE)]
    )
    eligibility = TextAreaField(_l("Who may borrow"), validators=[Optional(), Length(max=2000)])
    insurance_types = TextAreaField(
        _l("Insurance types covered"),
        validators=[Optional(), Length(max=1000)],
        description=_l("e.g. 专利执行保险, 侵犯专利权责任保险"),
    )
    premium_subsidy = TextAreaField(_l("Premium subsidy"), validators=[Optional(), Length(max=1000)])
    valid_from = DateField(_l("Offered from"), validators=[InputRequired(_l("Enter the first day of the offer."))])
    valid_until = DateField(_l("Offered until"), validators=[InputRequired(_l("Enter the last day of the offer."))])


class FinancingRequestForm(BaseForm):
    product = SelectField(_l("Product"), choices=[], validate_choice=True)
    kind = SelectField(
        _l("What do you need?"),
        choices=ProductKind.choices(),
        description=_l("Used when you describe your need instead of choosing a product."),
    )
    need = TextAreaField(_l("What is the financing for?"), validators=[DataRequired(_REQUIRED), Length(max=2000)])
    amount = DecimalField(
        _l("Amount sought (10,000 yuan)"), places=2, validators=[Optional(), NumberRange(min=0, message=_NOT_NEGATIVE)]
    )


class PassOnForm(BaseForm):
    passed_to = StringField(
        _l("Passed to"), validators=[DataRequired(_REQUIRED), Length(max=500)], description=_l("The banks or insurers.")
    )


OUTCOMES = [
    (s.value, RequestStatus.__labels__[s.value])
    for s in (RequestStatus.GRANTED, RequestStatus.DECLINED, RequestStatus.WITHDRAWN)
]


class OutcomeForm(BaseForm):
    outcome = SelectField(_l("Outcome"), choices=OUTCOMES)
    granted_amount = DecimalField(
        _l("Amount granted (10,000 yuan)"), places=2, validators=[Optional(), NumberRange(min=0, message=_NOT_NEGATIVE)]
    )
    decided_on = DateField(_l("Outcome date"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
