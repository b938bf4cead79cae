"""UI blueprints by audience; each installs its access gate once in its own package."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from portal.web.admin import bp as admin_bp
    from portal.web.agency import bp as agency_bp
    from portal.web.auth import bp as auth_bp
    from portal.web.expert import bp as expert_bp
    from portal.web.firm import bp as firm_bp
    from portal.web.institution import bp as institution_bp
    from portal.web.public import bp as public_bp
    from portal.web.staff import bp as staff_bp

    for bp in (public_bp, auth_bp, firm_bp, staff_bp, admin_bp, expert_bp, institution_bp, agency_bp):
        app.register_blueprint(bp)

    from portal.web.outcome import register_transaction_boundary

    register_transaction_boundary(app)

    from portal.core.shared_cache import register_page_cache

    @app.before_request
    def _calendar_overrides():
        # staff-entered holiday days, re-read at most once a minute per worker
        from portal.calendar.services import refresh_if_stale

        refresh_if_stale()

    register_page_cache(
        app,
        {
            "public.home",
            "public.guidance_index",
            "public.guidance_article",
            "public.notices",
            "public.notice",
            "public.policies",
            "public.policy",
            "public.privacy",
            # the same query is asked again and again (商标, 专利); any saved content searches afresh
            "public.search",
        },
    )
