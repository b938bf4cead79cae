"""Template filters and globals: Shanghai time, locale-aware numbers, language switch links."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, get_template_attribute, render_template, request, url_for
from flask_babel import format_decimal, get_locale
from markupsafe import Markup

from portal.core.timeutil import format_day, format_moment, local_date
from portal.i18n import HTML_LANG, LANG_COOKIE, in_brackets, requested_lang, short_code


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    if app.config.get("JINJA_BYTECODE_CACHE"):
        # compiled templates kept on disk: a new worker (or a new app in the suite) loads them instead of
        # compiling ~150 templates; Jinja checks each against its source's checksum, so an edit recompiles
        from pathlib import Path

        from jinja2 import FileSystemBytecodeCache

        folder = Path(app.config.get("JINJA_BYTECODE_CACHE_DIR") or Path(app.config["INSTANCE_PATH"]) / "jinja-cache")
        folder.mkdir(parents=True, exist_ok=True)
        app.jinja_env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    if app.config.get("TESTING") or app.debug:
        from jinja2 import StrictUndefined

        app.jinja_env.undefined = StrictUndefined

    @app.template_filter("datetime")
    def _datetime(value: datetime | None, fmt: str = "medium") -> str:
        # stored as naive UTC, shown in Shanghai time (BABEL_DEFAULT_TIMEZONE) as Babel writes it
        return format_moment(value, fmt, str(get_locale())) if value else "—"

    @app.template_filter("date")
    def _date(value: date | datetime | None, fmt: str = "medium") -> str:
        if value is None:
            return "—"
        locale = str(get_locale())
        if isinstance(value, datetime):
            # stored as naive UTC: the day it was in Shanghai, written like every other date on the page
            value = local_date(value)
        return format_day(value, fmt, locale)

    @app.template_filter("number")
    def _number(value) -> str:
        return format_decimal(value) if value is not None else "—"

    from portal.cases.kinds import KINDS
    from portal.cases.notifications import describe, what_to_do
    from portal.cases.presenters import answers, case_rows
    from portal.cases.ratings import rating_label
    from portal.stats.charts import bar_chart, column_chart
    from portal.stats.report import pct

    app.jinja_env.globals.update(
        answers=answers,
        case_rows=case_rows,
        bar_chart=bar_chart,
        column_chart=column_chart,
        pct=pct,
        rating_label=rating_label,
        case_kinds=KINDS.values,  # every programme, in the order of portal.cases.kinds
    )
    # the separator after a label: full-width in Chinese (docs/glossary.md), ": " in English; a global
    # (not a context variable) so that macros imported without context can use it too
    app.jinja_env.globals["colon"] = lambda: "：" if short_code(str(get_locale())) == "zh" else ": "
    app.jinja_env.globals["in_brackets"] = in_brackets
    app.jinja_env.globals["url_for"] = _remembered_url_for(app)
    app.jinja_env.globals["describe_notification"] = lambda n: describe(n.event, n.to_status)
    app.jinja_env.globals["notification_todo"] = lambda n: what_to_do(n.event, n.to_status, n.case)

    @app.context_processor
    def _globals():
        locale = str(get_locale())
        return {
            "html_lang": HTML_LANG.get(locale, "zh-CN"),
            "lang_code": short_code(locale),
            "lang_switch_url": _lang_switch_url,
            "nav_menu": nav_menu,
            "kept": kept,
            "nav_slot": _nav_slot,
        }

    @app.after_request
    def _remember_language(response):
        code = requested_lang()
        if code:
            response.set_cookie(
                LANG_COOKIE,
                code,
                max_age=365 * 24 * 3600,
                samesite="Lax",
                httponly=True,
                secure=app.config.get("SESSION_COOKIE_SECURE", False),  # https-only wherever the session is
            )
        return response


def _lang_switch_url(code: str) -> str:
    """The same page in the other language. After a refused form (a POST to an address that takes
    no GET) the link points at the last page the visitor saw, never at a bare 405."""
    args = {k: v for k, v in request.args.items() if k != "lang"}
    if request.url_rule is not None and "GET" not in (request.url_rule.methods or ()):
        from urllib.parse import parse_qsl, urlencode, urlsplit

        from portal.errors import same_site_referrer

        back = same_site_referrer()
        if back:
            parts = urlsplit(back)
            query = [(k, v) for k, v in parse_qsl(parts.query) if k != "lang"] + [("lang", code)]
            return f"{parts.path}?{urlencode(query)}"
        return url_for("public.home", lang=code)
    if request.endpoint and request.url_rule and "static" not in request.endpoint:
        try:
            return url_for(request.endpoint, **(request.view_args or {}), **args, lang=code)
        except Exception:  # noqa: S110 an endpoint whose arguments cannot be rebuilt: fall back to home
            pass
    return url_for("public.home", lang=code)


def _remembered_url_for(app: Flask):
    """Templates' ``url_for``: an address inside the portal depends only on the endpoint, its arguments
    (in their order), the blueprint a relative endpoint is read against and the path the portal is
    served under, so each worker builds it once and remembers it (a queue page builds some forty, at
    5–20 µs each). Anchors, schemes, external addresses and unhashable arguments are built each time."""
    from flask import has_request_context

    build = app.url_for

    @lru_cache(maxsize=8192)
    def remembered(script_root: str, blueprint: str | None, endpoint: str, arguments: tuple) -> str:
        return build(endpoint, **dict(arguments))

    def url_for_in_template(endpoint: str, **values) -> str:
        if has_request_context() and not any(name.startswith("_") for name in values):
            try:
                return remembered(request.script_root, request.blueprint, endpoint, tuple(values.items()))
            except TypeError:  # a list of values for one argument: not a key
                pass
        return build(endpoint, **values)

    return url_for_in_template


def kept(template: str) -> Markup:
    """A fragment that depends only on the role, the language and the address the portal is served
    under (the menu, the firm's "start an application" cards): each worker renders it once per such
    combination and keeps it (:func:`kept_for`), instead of on every page (the menu alone was about a
    third of a page's rendering)."""
    from flask_login import current_user

    signed_in = current_user.is_authenticated
    return kept_for(template, (current_user.role if signed_in else None, signed_in and current_user.is_firm_user), dict)


# kept_for's fragments per worker, the least recently used dropped first
KEPT_FOR_LIMIT = 512


def kept_for(template: str, key: tuple | None, context: Callable[[], dict]) -> Markup:
    """A fragment that depends only on ``key`` (besides the language and the address the portal is
    served under): rendered with ``context()`` the first time each worker meets the key, then kept.
    The caller's key must name everything the fragment shows; ``None`` renders without keeping (a
    one-off combination such as a typed search). Not kept while templates reload."""
    from collections import OrderedDict

    if key is None or current_app.jinja_env.auto_reload:
        return Markup(render_template(template, **context()))  # noqa: S704 rendered by Jinja with autoescape
    fragments: OrderedDict = current_app.extensions.setdefault("kept_fragments_by_key", OrderedDict())
    full_key = (template, key, str(get_locale()), request.script_root)
    html = fragments.get(full_key)
    if html is None:
        html = render_template(template, **context())
        fragments[full_key] = html
        if len(fragments) > KEPT_FOR_LIMIT:
            fragments.popitem(last=False)
    else:
        fragments.move_to_end(full_key)
    return Markup(html)  # noqa: S704 rendered by Jinja with autoescape


# where the session's CSRF token stands in a kept page body (kept_shared)
CSRF_SLOT = "<!--csrf-token-->"


def kept_shared(name: str, generations: tuple[str, ...], render: Callable[[], str], *, forms: bool = False) -> Markup:
    """A page body rendered once and kept in the shared cache for every worker until one of
    ``generations`` changes (:func:`portal.core.shared_cache.remember`, bounded by
    ``COUNT_CACHE_SECONDS``), per language and address the portal is served under. ``name`` must
    name everything else the body depends on: the person (their permissions), the page, the day (time
    limits count down in working days).

    With ``forms`` the body's forms post as the person who sees them: the CSRF token of the session
    that rendered it is kept as a slot and this session's token is put in its place."""
    from flask_wtf.csrf import generate_csrf

    from portal.core.shared_cache import remember

    token = generate_csrf() if forms else None
    if current_app.jinja_env.auto_reload:  # templates being edited: what is kept would hide the edit
        return Markup(render())  # noqa: S704 rendered by Jinja with autoescape

    def rendered() -> str:
        html = render()
        return html.replace(token, CSRF_SLOT) if token else html

    key = f"html:{code_release()}:{name}:{get_locale()}:{request.script_root}"
    html = remember(key, generations, rendered)
    return Markup(html.replace(CSRF_SLOT, token) if token else html)  # noqa: S704 rendered by Jinja with autoescape


def code_release() -> str:
    """What the running code is, in the keys of kept bodies: a deploy must not serve, from the shared
    cache that outlives it, a body rendered by the code, templates or catalogs before it (its forms
    could post fields the new code no longer takes). ``RELEASE`` when set (a revision), else a digest
    of the package, the templates and the compiled catalogs, the same on every server running them."""
    return str(current_app.config.get("RELEASE") or _code_digest())


@lru_cache(maxsize=1)
def _code_digest() -> str:
    import hashlib

    root = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(digest_size=8)
    for folder, pattern in (("portal", "*.py"), ("templates", "*.html"), ("translations", "*.mo")):
        for path in sorted((root / folder).rglob(pattern)):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def nav_menu() -> Markup:
    """The navigation bar's menu (templates/_nav_menu.html), kept (:func:`kept`); the per-person parts
    (unread and prepared counts) are slots filled on every request, and only for menus that have them."""
    menu = str(kept("_nav_menu.html"))
    for name, count in NAV_SLOTS.items():
        placeholder = _nav_slot(name)
        if placeholder in menu:
            menu = menu.replace(placeholder, get_template_attribute("_nav_slots.html", name)(count()))
    return Markup(menu)  # noqa: S704 kept fragment and rendered macros


def _nav_slot(name: str) -> Markup:
    return Markup(f"<!--nav:{name}-->")  # noqa: S704 a fixed placeholder, name from the template


def _prepared_files_notice() -> int:
    """Prepared exports the signed-in person has not looked at yet (ready or failed)."""
    from flask_login import current_user

    from portal.core.exports import unseen_ready

    if not current_user.is_authenticated or not current_user.is_staff:
        return 0
    return unseen_ready(current_user.id)


def _unread_notifications() -> int:
    from flask_login import current_user

    from portal.cases.notifications import unread_count

    return unread_count(current_user.id) if current_user.is_authenticated else 0


# the per-person parts of the cached menu: slot name -> its count (the macro of the same name in
# templates/_nav_slots.html renders it)
NAV_SLOTS = {"unread": _unread_notifications, "prepared": _prepared_files_notice}
