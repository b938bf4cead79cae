"""Locale choice: ?lang= → cookie → signed-in user's preference → Chinese."""

from __future__ import annotations

from flask import current_app, g, has_app_context, has_request_context, request
from flask_babel import LazyString, get_translations
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

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


# --- translations, looked up once per request and locale ------------------------------------------
# Flask-Babel finds the translations afresh for every string (its context, the domain, the locale, the
# cache: a dozen lookups); a case table page asks for some 150 strings. These give the same answers.


def current_translations():
    """The catalogue for the current locale, remembered in Flask-Babel's own per-request context next
    to the locale it belongs to: ``force_locale`` (mail in the recipient's language) and ``refresh``
    change that locale object, and the next string looks the catalogue up again."""
    ctx = getattr(g, "_flask_babel", None) if has_app_context() else None
    locale = getattr(ctx, "babel_locale", None)
    if locale is None:  # nothing chosen yet (or outside a request): Flask-Babel decides
        return get_translations()
    remembered = getattr(ctx, "portal_translations", None)
    if remembered is None or remembered[0] is not locale:
        remembered = (locale, get_translations())
        ctx.portal_translations = remembered  # type: ignore[union-attr]
    return remembered[1]


def gettext(string: str, **variables) -> str:
    translated = current_translations().ugettext(string)
    return translated if not variables else translated % variables


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    translated = current_translations().ungettext(singular, plural, num)
    return translated if not variables else translated % variables


def pgettext(context: str, string: str, **variables) -> str:
    translated = current_translations().upgettext(context, string)
    return translated if not variables else translated % variables


def npgettext(context: str, singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    translated = current_translations().unpgettext(context, singular, plural, num)
    return translated if not variables else translated % variables


def lazy_gettext(string: str, **variables) -> LazyString:
    return LazyString(gettext, string, **variables)


def install_template_gettext(app) -> None:
    """Templates' ``_()`` through the same per-request lookup (after Flask-Babel installed its own)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: current_translations().ugettext(s),
        ngettext=lambda s, p, n: current_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: current_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: current_translations().unpgettext(c, s, p, n),
    )
    # Jinja's newstyle wrapper reaches the lookup through the template context (``_`` resolves
    # ``gettext``, and both go through ``Context.call``): some 7 µs a string, and a page has a hundred
    # or more. The same result, called directly.
    app.jinja_env.globals["gettext"] = app.jinja_env.globals["_"] = _template_gettext


@pass_context
def _template_gettext(context, string: str, **variables):
    """Jinja's newstyle ``gettext``: the translation, Markup where autoescaping is on, always used as a
    format string (``%%`` is a percent sign even without variables), as Jinja's own wrapper does."""
    translated = current_translations().ugettext(string)
    if context.eval_ctx.autoescape:
        translated = Markup(translated)  # noqa: S704 the catalogue is ours, as in Jinja's own gettext
    if not variables and "%" not in translated:
        return translated  # what formatting would give, without formatting
    return translated % variables
