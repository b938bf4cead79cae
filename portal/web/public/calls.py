"""示范申报: the demonstration programmes' calls for applications, open now and coming, for everyone."""

from __future__ import annotations

from flask import render_template

from portal.cases import calls
from portal.cases.kinds import KINDS
from portal.core.timeutil import today_local
from portal.web.public import bp


@bp.route("/calls")
def open_calls():
    today = today_local()
    programmes = [
        (kind, calls.open_call(kind, today), calls.next_call(kind, today))
        for kind in sorted(KINDS.values(), key=lambda k: k.position)
        if kind.needs_call
    ]
    return render_template("public/calls.html", programmes=programmes)
