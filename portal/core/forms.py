"""Form base: strips whitespace from every text field so '  ' never passes as an answer."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm


# C0 control characters other than tab and newlines: PostgreSQL refuses NUL, nobody types the rest
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _strip(value):
    return _CONTROL.sub("", value).strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", []))
            filters.append(_strip)
            return unbound_field.bind(form=form, filters=filters, **options)

    def add_error(self, field: str | None, message: str) -> None:
        """Attach a service-level error to a field (or to the form when ``field`` is None)."""
        target = getattr(self, field, None) if field else None
        if target is not None:
            target.errors = [*target.errors, message] if isinstance(target.errors, list) else [message]
        else:
            self.form_errors.append(message)
