"""Templates' ``_()`` (portal.i18n._template_gettext) gives what Jinja's own newstyle gettext gives."""

from __future__ import annotations

import pytest
from flask import render_template_string
from jinja2.ext import _make_new_gettext

from portal.i18n import current_translations


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('{{ _("Home") }}', "首页"),
        ('{{ _("%(n)s unread", n=2) }}', "2条未读"),
        ('{{ _("100%% sure") }}', "100% sure"),  # always a format string, as in Jinja
        ('{{ _("<b>%(x)s</b>", x="<i>") }}', "<b>&lt;i&gt;</b>"),  # the text is markup, values are escaped
        ("{% trans n=3 %}{{ n }} unread{% endtrans %}", "3条未读"),
    ],
)
def test_template_gettext_matches_jinjas_newstyle_gettext(app, source, expected):
    with app.test_request_context("/"):
        app.preprocess_request()
        ours = render_template_string(source)
        app.jinja_env.globals["gettext"] = app.jinja_env.globals["_"] = _make_new_gettext(
            lambda s: current_translations().ugettext(s)
        )
        try:
            jinjas = render_template_string(source)
        finally:
            from portal.i18n import _template_gettext

            app.jinja_env.globals["gettext"] = app.jinja_env.globals["_"] = _template_gettext
    assert ours == jinjas == expected
