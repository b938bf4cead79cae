"""Locale choice: ?lang= → cookie → signed-in user's preference → Chinese."""

from __future__ import annotations

from flask import current_app, has_request_context, request
from flask_babel import gettext, lazy_gettext, ngettext  # noqa: F401  (re-exported for the portal)
from flask_login import current_user

LANG_COOKIE = "lang"
# short codes used in URLs and the cookie, mapped to Babel locales
SHORT_CODES = {"zh": "zh_Hans_CN", "en": "en"}
HTML_LANG = {"zh_Hans_CN": "zh-CN", "en": "en"}


def requested_lang() -> str | None:
    code = request.args.get("lang")
    return code if code in SHORT_CODES else None


def select_locale() -> str:
    if not has_request_context():  # CLI commands and background jobs: the district's language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    cached = request.environ.get("portal.locale")
    if cached:
        return cached
    code = requested_lang() or request.cookies.get(LANG_COOKIE)
    if code in SHORT_CODES:
        locale = SHORT_CODES[code]
    elif getattr(current_user, "is_authenticated", False) and getattr(current_user, "locale", None):
        locale = current_user.locale
    else:
        # A district service speaks Chinese first, whatever the browser's language list says.
        locale = current_app.config["BABEL_DEFAULT_LOCALE"]
    request.environ["portal.locale"] = locale  # per request, even when an app context outlives it
    return locale


def short_code(locale: str) -> str:
    return "en" if str(locale).startswith("en") else "zh"


def in_brackets(text) -> str:
    """``text`` in brackets after a word: full-width （…） in Chinese (docs/glossary.md), " (…)" in English."""
    from flask_babel import get_locale

    return f"（{text}）" if short_code(str(get_locale())) == "zh" else f" ({text})"
