"""Form base: only text reaches text fields, NUL and control characters are stripped, whitespace
trimmed so '  ' never passes as an answer, and decimal fields hold finite, bounded amounts."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from flask import has_request_context, request
from flask_wtf import FlaskForm
from flask_wtf.file import FileField as FlaskFileField
from flask_wtf.form import _Auto
from werkzeug.datastructures import MultiDict
from wtforms import DecimalField, EmailField, FileField
from wtforms.validators import DataRequired, Email, Length, StopValidation

from portal.i18n import lazy_gettext as _l

# C0 control characters other than tab and newlines: PostgreSQL refuses NUL, nobody types the rest
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# larger than any amount the portal asks for (万元 or 元), and within every Numeric column
DECIMAL_LIMIT = Decimal(10) ** 12


def _strip(value):
    return _CONTROL.sub("", value).strip() if isinstance(value, str) else value


def normalise_email(value) -> str:
    """The address as the forms see it: control characters out, trimmed, lower case."""
    return _strip(value).lower() if isinstance(value, str) else ""


def email_field(label=None, missing=None, **kwargs) -> EmailField:
    """An email address: required, in the form name@example.cn, at most 254 characters (the longest an
    address can be). The label and the message for a missing address are the form's own."""
    return EmailField(
        label if label is not None else _l("Email"),
        validators=[
            DataRequired(missing if missing is not None else _l("Enter an email address.")),
            Email(_l("Enter an email address in the form name@example.cn."), check_deliverability=False),
            Length(max=254),
        ],
        **kwargs,
    )


class FiniteDecimal:
    """Refuses NaN, sNaN, Infinity and absurd magnitudes before any range check compares them."""

    def __call__(self, form, field):
        value = field.data
        if value is None:
            return
        if not value.is_finite() or abs(value) >= DECIMAL_LIMIT:
            raise StopValidation(str(_l("Enter an amount as an ordinary number, e.g. 120.5.")))


class BaseForm(FlaskForm):
    class Meta(FlaskForm.Meta):
        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", []))
            filters.append(_strip)
            if issubclass(unbound_field.field_class, DecimalField) and len(unbound_field.args) < 2:
                options["validators"] = [FiniteDecimal(), *(unbound_field.kwargs.get("validators") or [])]
            return unbound_field.bind(form=form, filters=filters, **options)

        def wrap_formdata(self, form, formdata):
            """Form bodies only (no JSON), and an uploaded file only where the form has a file field."""
            if formdata is _Auto and has_request_context() and request.is_json:
                return None  # a JSON body would slip past the limits keyed on the posted form fields
            data = super().wrap_formdata(form, formdata)
            if data is None or not hasattr(data, "lists"):
                return data
            file_fields = {f.name for f in form if isinstance(f, (FileField, FlaskFileField))}
            clean: MultiDict[str, Any] = MultiDict()
            for key, values in data.lists():
                for value in values:
                    if isinstance(value, str):
                        clean.add(key, value.replace("\x00", ""))
                    elif key in file_fields:
                        clean.add(key, value)
            return clean

    def add_error(self, field: str | None, message: str) -> None:
        """Attach a service-level error to a field (or to the form when ``field`` is None)."""
        target = getattr(self, field, None) if field else None
        if target is not None:
            target.errors = [*target.errors, message] if isinstance(target.errors, list) else [message]
        else:
            self.form_errors.append(message)
