"""公示: current and past public notices, objections from anyone, the honour list."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy import select

from portal.cases import messaging, queries
from portal.cases.forms import ObjectionForm
from portal.cases.models import Case
from portal.cases.services import WorkflowError
from portal.core.db import commit
from portal.core.uploads import UploadError, read_upload
from portal.extensions import db, limiter
from portal.i18n import gettext as _
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
    case = db.session.scalar(select(Case).where(Case.reference == reference, Case.publicity_start.is_not(None)))
    if case is None:
        abort(404)
    form = ObjectionForm()
    if case.objections_open and form.validate_on_submit():
        try:
            messaging.file_objection(
                case, form.name.data, form.contact.data, form.reason.data, read_upload(form.evidence.data)
            )
        except (WorkflowError, UploadError) as err:
            form.add_error("evidence" if isinstance(err, UploadError) else None, str(err))
        else:
            commit()
            flash(
                _("Your objection has been received. The district IP section will look into it and may contact you."),
                "success",
            )
            return redirect(url_for("public.publicity"))
    return render_template("public/publicity/objection.html", case=case, form=form)


@bp.route("/publicity/honours")
def honours():
    return render_template("public/publicity/honours.html", cases=queries.recognised_cases())
