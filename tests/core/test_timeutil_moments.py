"""Moments shown in pages (portal.core.timeutil.format_moment, the ``datetime`` filter) read exactly as
Flask-Babel's format_datetime writes them in Shanghai time."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from flask_babel import force_locale, format_datetime

from portal.core.timeutil import format_moment

MOMENTS = [
    datetime(2026, 1, 1, 0, 0, 0),
    datetime(2026, 5, 1, 3, 4, 5),
    datetime(2026, 12, 31, 15, 59, 59),  # the last second of the year in Shanghai
    datetime(2026, 12, 31, 16, 0, 0),  # the first of the next
    datetime(2024, 2, 29, 23, 30, 1),
] + [datetime(2026, 3, 8, 0, 0) + timedelta(minutes=97 * i) for i in range(40)]


@pytest.mark.parametrize("locale", ["zh_Hans_CN", "en"])
@pytest.mark.parametrize("fmt", ["medium", "short", "long", "yyyy-MM-dd HH:mm"])
def test_a_moment_reads_as_flask_babel_writes_it(app, locale, fmt):
    with app.test_request_context("/"), force_locale(locale):
        for moment in MOMENTS:
            assert format_moment(moment, fmt, locale) == format_datetime(moment, fmt), (moment, fmt, locale)
            assert format_moment(moment, fmt, locale) == format_moment(moment, fmt, locale)  # from memory
