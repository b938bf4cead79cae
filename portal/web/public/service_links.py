"""常用服务入口: the official systems firms need, each with its purpose."""

from __future__ import annotations

from flask import render_template

from portal.reports.service_links import SERVICE_LINKS
from portal.web.public import bp


@bp.route("/links/")
def service_links():
    groups: dict = {}
    for link in SERVICE_LINKS:
        groups.setdefault(str(link.group), []).append(link)
    return render_template("public/service_links.html", groups=groups)
