"""公示: current and past public notices, objections from anyone, the honour list."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for

from portal.cases import objections, queries
from portal.cases.forms import ObjectionForm
from portal.core.uploads import read_upload
from portal.extensions import limiter
from portal.i18n import gettext as _
from portal.web.outcome import attempt
from portal.web.public import bp


@bp.route("/publicity/")
def publicity():
    return render_template(
        "public/publicity/index.html",
        current=queries.publicity_cases(current=True),
        past=queries.publicity_cases(current=False),
    )


@bp.route("/publicity/<reference>/objection", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def file_objection(reference: str):
    case = queries.public_case(reference)
    if case is None:  # a notice returned to review, or never published, is not shown by reference
        abort(404)
    form = ObjectionForm()
    if (
        case.objections_open
        and form.validate_on_submit()
        and attempt(
            lambda: objections.file_objection(
                case, form.name.data, form.contact.data, form.reason.data, read_upload(form.evidence.data)
            ),
            form=form,
            field="evidence",
        )
    ):
        flash(
            _("Your objection has been received. It will be verified, and you will be told the conclusion."),
            "success",
        )
        return redirect(url_for("public.publicity"))
    return render_template("public/publicity/objection.html", case=case, form=form)


@bp.route("/publicity/honours")
def honours():
    return render_template("public/publicity/honours.html", cases=queries.recognised_cases())
