"""Every route parameter and every form field with hostile values: never a 500, on both engines.

Route parameters get ids past the 32-bit columns, NUL bytes and junk; every POST route gets every
field name any form uses, as text (NUL, huge numbers, Infinity, sNaN, over-long) and as file parts.
"""

from __future__ import annotations

import io
import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms.fields.core import UnboundField

from portal.core.forms import BaseForm
from tests.security.test_access_matrix import RULES, _client, world  # noqa: F401  (world is a fixture)

ROLES = ("anon", "firm_a", "supervisor", "admin")
NASTY = st.sampled_from(
    ["\x00", "a\x00b", "2147483648", "-1", "99999999999999999999", "Infinity", "sNaN", "1e400", "../../etc", "名" * 600]
) | st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
RELAXED = settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def _form_field_names() -> set[str]:
    names, todo = set(), list(BaseForm.__subclasses__())
    while todo:
        form = todo.pop()
        todo.extend(form.__subclasses__())
        names.update(k for k in dir(form) if isinstance(getattr(form, k, None), UnboundField))
    return names - {"csrf_token"}


FIELDS = sorted(_form_field_names())


def _urls_with(app, value: str):
    for rule in app.url_map.iter_rules():
        if rule.arguments and "GET" in rule.methods and rule.endpoint != "static":
            yield rule.endpoint, re.sub(r"<[^>]+>", quote(value, safe=""), rule.rule)


@RELAXED
@given(value=NASTY)
@pytest.mark.parametrize("role", ROLES)
def test_every_route_parameter_survives_anything(app, world, role, value):  # noqa: F811
    client = _client(app, world, role)
    failures = [(e, u) for e, u in _urls_with(app, value) if client.get(u).status_code >= 500]
    assert not failures, failures


@RELAXED
@given(value=NASTY)
@pytest.mark.parametrize("role", ROLES)
def test_every_query_survives_anything(app, world, role, value):  # noqa: F811
    client = _client(app, world, role)
    params = {name: value for name in ("q", "page", "year", "status", "kind", "actor", "action", "lang", "next")}
    failures = []
    for endpoint, rule in RULES.items():
        if len(rule) == 2 and "?" not in rule[0]:
            if client.get(rule[0].format(**world.values), query_string=params).status_code >= 500:
                failures.append(endpoint)
    assert not failures, failures


@RELAXED
@given(value=NASTY, as_files=st.booleans())
@pytest.mark.parametrize("role", ("anon", "firm_a", "admin"))
def test_every_form_field_survives_anything(app, world, role, value, as_files):  # noqa: F811
    from portal.extensions import limiter

    limiter.reset()
    client = _client(app, world, role)
    failures = []
    for endpoint, rule in RULES.items():
        if len(rule) != 3 or endpoint == "auth.logout":
            continue
        if as_files:
            data = {name: (io.BytesIO(value.encode("utf-8", "replace")), "f.pdf") for name in FIELDS}
        else:
            data = dict.fromkeys(FIELDS, value)
        response = client.post(rule[0].format(**world.values), data=data, content_type="multipart/form-data")
        if response.status_code >= 500:
            failures.append(endpoint)
    for url in ("/auth/login", "/auth/register", "/auth/forgot-password", "/auth/sign-in-link"):
        limiter.reset()
        if app.test_client().post(url, data=dict.fromkeys(FIELDS, value)).status_code >= 500:
            failures.append(url)
    assert not failures, failures
