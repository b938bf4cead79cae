"""The three apps the benchmark serves side by side, and the probe every one of them carries.

- the **ceiling**: a separate bare Flask app (one hello route, one Jinja page of 50 items) with no
  hooks, no database and no extensions — what Flask, Jinja and gunicorn cost on this machine;
- the **peer**: a Flask-Admin ``ModelView`` list over the same ``cases`` table (25 per page, due
  date then id, drafts left out as the queue leaves them out) — what a generic admin list costs;
- the **portal** itself (``portal.bench_wsgi:app``).

gunicorn serves each with the same worker count, e.g. ``portal.bench.apps:create_ceiling()``.
:class:`Probe` wraps each WSGI app: per request it appends the wall time inside the app and the
number of SQL statements executed to ``$BENCH_STATS_DIR/<pid>.tsv``, which the benchmark reads
after each load run (server-side time and statements per request).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from flask import Flask, render_template

CEILING_HELLO_PATH = "/"
CEILING_PAGE_PATH = "/items"
PEER_LIST_PATH = "/admin/case/"
PEER_PAGE_SIZE = 25

CEILING_TEMPLATE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>
<table><thead><tr><th>编号</th><th>名称</th><th>状态</th><th>日期</th></tr></thead><tbody>
{% for item in items %}<tr><td><a href="/items/{{ item.id }}">{{ item.reference }}</a></td><td>{{ item.name }}</td>
<td><span class="badge">{{ item.status }}</span></td><td>{{ item.day }}</td></tr>
{% endfor %}</tbody></table></main></body></html>"""


# --- the probe --------------------------------------------------------------------------------


class Probe:
    """WSGI middleware: per request, time inside the app and SQL statements, one line per request
    (``unix time, path?query, ms, statements, CPU ms``; the CPU time of the worker's own
    thread stays meaningful when other processes crowd the machine, the wall time does not) in this process's file under ``directory``."""

    statements = 0  # sync workers run one request at a time per process

    def __init__(self, app, directory: str | os.PathLike | None = None):
        self.app = app
        directory = directory or os.environ.get("BENCH_STATS_DIR")
        self.directory = Path(directory) if directory else None
        self._file = None
        self._pid = None
        from sqlalchemy import event
        from sqlalchemy.engine import Engine

        if not event.contains(Engine, "before_cursor_execute", Probe._count):
            event.listen(Engine, "before_cursor_execute", Probe._count)

    @staticmethod
    def _count(*_args, **_kwargs) -> None:
        Probe.statements += 1

    def _out(self):
        if self.directory is None:
            return None
        if self._pid != os.getpid():  # gunicorn forks workers after importing the app
            self._pid = os.getpid()
            self.directory.mkdir(parents=True, exist_ok=True)
            self._file = open(self.directory / f"{self._pid}.tsv", "a", buffering=1, encoding="utf-8")  # noqa: SIM115
        return self._file

    def __call__(self, environ, start_response):
        Probe.statements = 0
        started, cpu_started = time.perf_counter(), time.thread_time()
        body = self.app(environ, start_response)
        try:
            chunks = list(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        elapsed = (time.perf_counter() - started) * 1000
        cpu = (time.thread_time() - cpu_started) * 1000
        out = self._out()
        if out is not None:
            query = environ.get("QUERY_STRING")
            path = environ.get("PATH_INFO", "") + (f"?{query}" if query else "")
            out.write(f"{time.time():.4f}\t{path}\t{elapsed:.3f}\t{Probe.statements}\t{cpu:.3f}\n")
        return chunks


# --- the ceiling ------------------------------------------------------------------------------


def create_ceiling() -> Flask:
    """A bare Flask app: a hello route and a Jinja page of 50 items, nothing else."""
    from jinja2 import DictLoader

    app = Flask("bench_ceiling")
    app.jinja_loader = DictLoader({"items.html": CEILING_TEMPLATE})  # type: ignore[assignment]  # compiled once
    items = [
        {
            "id": n,
            "reference": f"HQ-RP-2026-{n:06d}",
            "name": f"天津红桥智联科技{n:04d}有限公司",
            "status": "审查中",
            "day": f"2026-11-{n % 28 + 1:02d}",
        }
        for n in range(1, 51)
    ]

    @app.route(CEILING_HELLO_PATH)
    def hello():
        return "你好"

    @app.route(CEILING_PAGE_PATH)
    def page():
        return render_template("items.html", title="事项列表", items=items)

    app.wsgi_app = Probe(app.wsgi_app)  # type: ignore[method-assign]
    return app


# --- the peer ---------------------------------------------------------------------------------


def create_peer(database_url: str | None = None) -> Flask:
    """Flask-Admin's list of the ``cases`` table as a district IT team would set it up: the queue's
    columns, 25 per page, due date then id, drafts left out. Read-only, no sign-in."""
    from flask_admin import Admin
    from flask_admin.contrib.sqla import ModelView
    from sqlalchemy import func

    import portal.models  # noqa: F401 every mapped class, so that relationships resolve
    from portal.cases.models import Case
    from portal.config import _normalise_db_url
    from portal.extensions import db

    url = _normalise_db_url(database_url or os.environ["DATABASE_URL"])
    app = Flask("bench_peer")
    app.config.update(SQLALCHEMY_DATABASE_URI=url, SECRET_KEY=os.urandom(16), SQLALCHEMY_ENGINE_OPTIONS={})
    db.init_app(app)
    from flask_babel import Babel

    Babel(app, default_locale="zh_Hans_CN")  # Flask-Admin speaks Chinese too, like the portal

    class CaseList(ModelView):
        can_create = can_edit = can_delete = False
        page_size = PEER_PAGE_SIZE
        can_set_page_size = False
        column_list = ("reference", "kind", "firm.name", "status", "submitted_at", "due_date", "holder.name")
        column_default_sort = [("due_date", False), ("id", False)]

        def get_query(self):
            return super().get_query().filter(Case.status != "draft")

        def get_count_query(self):
            return db.session.query(func.count(Case.id)).filter(Case.status != "draft")

    admin = Admin(app, name="cases")
    admin.add_view(CaseList(Case, db, endpoint="case", url="/admin/case"))
    app.wsgi_app = Probe(app.wsgi_app)  # type: ignore[method-assign]
    return app
