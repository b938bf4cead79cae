"""常用服务入口: the official systems firms need, each with its purpose, as editors keep them."""

from __future__ import annotations

from flask import render_template

from portal.reports import service_links
from portal.web.public import bp


@bp.route("/links/", endpoint="service_links")
def service_links_page():
    return render_template("public/service_links.html", groups=service_links.grouped(), shown=service_links.shown)
