"""Field helpers shared by the application forms."""

from __future__ import annotations

from wtforms import BooleanField, IntegerField, RadioField, SelectMultipleField, TextAreaField, widgets
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.i18n import lazy_gettext as _l

YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class Eligibility:
    """A validator that is also an acceptance condition (受理条件): ``condition`` is the plain
    statement the service guide shows, ``message`` the error when ``holds(form, field)`` is false.
    Empty answers are left to the field's required check."""

    def __init__(self, condition, message, holds):
        self.condition, self.message, self.holds = condition, message, holds

    def __call__(self, form, field):
        if field.data not in (None, "", []) and not self.holds(form, field):
            raise ValidationError(str(self.message))


def eligibility_checks(form_class) -> list[Eligibility]:
    """The Eligibility validators declared on a form class, in field order."""
    found: list[Eligibility] = []
    for _name, unbound in _unbound(form_class):
        validators = unbound.kwargs.get("validators") or (unbound.args[1] if len(unbound.args) > 1 else ())
        found.extend(v for v in validators if isinstance(v, Eligibility))
    return found


def _unbound(form_class):
    from wtforms.fields.core import UnboundField

    fields = [(name, value) for name in dir(form_class) if isinstance(value := getattr(form_class, name), UnboundField)]
    return sorted(fields, key=lambda item: item[1].creation_counter)


def yes_no(label, message=None):
    """A required yes/no question."""
    return RadioField(label, choices=YES_NO, validators=[InputRequired(message or _l("Choose yes or no."))])


def confirm(statement, message):
    """A plain statement the applicant confirms by ticking it (never a double-negative question);
    it is an acceptance condition, so the service guide lists the same statement. Answers stored
    before this was a tick box ("yes"/"no") keep their meaning."""
    field = BooleanField(
        statement,
        validators=[Eligibility(statement, message, lambda form, f: bool(f.data)), Starred()],
        false_values=("no", "false", ""),
    )
    return field


class Starred:
    """Marks a field the applicant must answer where no required-validator says so (a statement to tick)."""

    field_flags = {"starred": True}

    def __call__(self, form, field):
        return None


class RequiredIf:
    """Required when another field has one of ``values``; otherwise optional."""

    def __init__(self, other: str, values, message):
        self.other, self.values, self.message = other, set(values), message
        # the page shows the question only for these answers (static/js/portal.js), starred
        self.field_flags = {"show_if": f"{other}={'|'.join(sorted(self.values))}", "required_if": True}

    def __call__(self, form, field):
        other = getattr(form, self.other).data
        hit = (set(other) & self.values) if isinstance(other, list) else (other in self.values)
        if hit:
            if field.data in (None, "", []):
                raise ValidationError(str(self.message))
        else:
            Optional()(form, field)


def applies(form, field) -> bool:
    """Whether a question applies given the other answers of its form (RequiredIf's condition)."""
    rule = getattr(field.flags, "show_if", None)
    if not rule:
        return True
    other, values = rule.split("=", 1)
    answer = getattr(form, other, None)
    if answer is None:
        return True
    data = answer.data
    chosen = set(data) if isinstance(data, list) else {data}
    return bool(chosen & set(values.split("|")))


def count(label, required=True, minimum=0, message=None, condition=None):
    """A whole number field; nothing is prefilled, so nothing looks answered before the firm answers.
    A ``condition`` makes the minimum an acceptance condition listed in the service guide."""
    validators = [InputRequired(_l("Enter a whole number."))] if required else [Optional()]
    if minimum > 0 and not condition:
        raise TypeError("a minimum above 0 is an acceptance condition: state it as condition=")
    if condition:
        validators.append(Eligibility(condition, message, lambda form, field, _min=minimum: field.data >= _min))
        minimum = 0
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
CLEAN_RECORD = _l("Our firm has had no serious violations or dishonesty in the last three years.")
