"""Field helpers shared by the application forms."""

from __future__ import annotations

from wtforms import IntegerField, RadioField, SelectMultipleField, TextAreaField, widgets
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.i18n import lazy_gettext as _l

YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def yes_no(label, message=None, must_be_yes: str | None = None):
    """A required yes/no question; ``must_be_yes`` is the eligibility message shown on "no"."""
    validators = [InputRequired(message or _l("Choose yes or no."))]
    if must_be_yes:

        def _must(form, field, _msg=must_be_yes):
            if field.data == "no":
                raise ValidationError(str(_msg))

        validators.append(_must)
    return RadioField(label, choices=YES_NO, validators=validators)


class RequiredIf:
    """Required when another field has one of ``values``; otherwise optional."""

    def __init__(self, other: str, values, message):
        self.other, self.values, self.message = other, set(values), message

    def __call__(self, form, field):
        other = getattr(form, self.other).data
        hit = (set(other) & self.values) if isinstance(other, list) else (other in self.values)
        if hit:
            if field.data in (None, "", []):
                raise ValidationError(str(self.message))
        else:
            Optional()(form, field)


def count(label, required=True, minimum=0, message=None):
    """A whole number field; nothing is prefilled, so nothing looks answered before the firm answers."""
    validators = [InputRequired(_l("Enter a whole number."))] if required else [Optional()]
    validators.append(NumberRange(min=minimum, max=1_000_000, message=message or _l("Enter a number of 0 or more.")))
    return IntegerField(label, validators=validators)


def highlights():
    return TextAreaField(
        _l("Main achievements"),
        validators=[
            DataRequired(_l("Describe your main achievements.")),
            Length(min=20, max=5000, message=_l("Describe your achievements in 20 to 5000 characters.")),
        ],
        render_kw={"rows": 5},
    )


NO_VIOLATIONS = _l("Only firms without serious violations or dishonesty in the last three years can apply.")
