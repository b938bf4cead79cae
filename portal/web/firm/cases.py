"""Following a submitted case: details, timeline, messages, 补正 answers, withdrawal, rating."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup

from portal.cases import messaging, notifications, ratings, receipts, services
from portal.cases.forms import ConfirmForm, MessageForm, RatingForm, SupplementForm, WithdrawForm
from portal.cases.status import CaseAction, CaseStatus
from portal.cases.timeline import latest_note, timeline
from portal.core.db import commit
from portal.core.timeutil import today_local
from portal.core.uploads import read_upload
from portal.core.urls import external_url
from portal.i18n import gettext as _
from portal.reports import followups, overseas
from portal.review.panel import released_outcome
from portal.web.downloads import send_stored
from portal.web.firm import bp
from portal.web.firm.loaders import load_case
from portal.web.outcome import attempt


def uploads(storages) -> list[tuple[str, bytes]]:
    return [f for f in (read_upload(s) for s in storages or []) if f]


def _render_case(case, **forms):
    if case.status == CaseStatus.DRAFT:
        incomplete = {s.key for s in case.case_kind.steps if not services.step_complete(case, s.key)}
        return render_template(
            "firm/applications/tasks.html",
            case=case,
            incomplete=incomplete,
            missing=services.missing_materials(case),
            form=ConfirmForm(),
        )
    events = timeline(case, firm_view=True)
    return render_template(
        "firm/cases/detail.html",
        case=case,
        timeline=events,
        supplement_request=latest_note(events, CaseAction.REQUEST_SUPPLEMENT) if case.awaiting_firm else None,
        message_form=forms.get("message_form") or MessageForm(),
        supplement_form=forms.get("supplement_form") or SupplementForm(version=case.version),
        rating_form=forms.get("rating_form") or RatingForm(),
        confirm_form=ConfirmForm(version=case.version),
        withdraw_form=forms.get("withdraw_form") or WithdrawForm(version=case.version),
        overseas=overseas.guidance_for(case),
        follow_up_open=followups.can_follow_up(case),
        review_outcome=released_outcome(case),
    )


@bp.route("/applications/<key>")
def case_detail(key: str):
    case = load_case(key)
    attempt(lambda: notifications.mark_case_read(current_user.id, case.id))  # its notifications are read now
    return _render_case(case)


@bp.route("/applications/<key>/submitted")
def submitted(key: str):
    case = load_case(key)
    if case.status == CaseStatus.DRAFT:
        return redirect(url_for("firm.case_detail", key=case.url_key))
    return render_template("firm/cases/submitted.html", case=case)


def _submitted(key: str):
    case = load_case(key)
    if case.status == CaseStatus.DRAFT:
        abort(404)
    if case.receipt_code is None:  # submitted before receipts carried a code
        receipts.ensure_code(case)
        commit()
    return case


@bp.route("/applications/<key>/receipt")
def receipt(key: str):
    case = _submitted(key)
    verify_url = external_url("public.verify_receipt", code=case.receipt_code)
    return render_template(
        "firm/cases/receipt.html",
        case=case,
        verify_url=verify_url,
        qr=Markup(receipts.qr_svg(verify_url).decode()),  # noqa: S704 segno's own SVG markup, no user text
        code=receipts.display_code(case.receipt_code),
        materials=receipts.received_materials(case),
        limits=receipts.time_limits(case),
        desk_phone=receipts.desk_phone(case),
    )


@bp.route("/applications/<key>/application.pdf")
def application_pdf(key: str):
    case = _submitted(key)
    verify_url = external_url("public.verify_receipt", code=case.receipt_code)
    return Response(
        receipts.application_pdf(case, verify_url, today_local()),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="application-{case.reference}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.route("/applications/<key>/messages", methods=["POST"])
def post_message(key: str):
    case = load_case(key)
    form = MessageForm()
    if form.validate_on_submit() and attempt(
        lambda: messaging.post_message(case, current_user, form.body.data, uploads(form.attachments.data)),
        form=form,
        field="body",
    ):
        flash(_("Your message has been sent."), "success")
        return redirect(url_for("firm.case_detail", key=case.url_key, _anchor="messages"))
    return _render_case(case, message_form=form), 400


@bp.route("/applications/<key>/supplement", methods=["POST"])
def answer_supplement(key: str):
    case = load_case(key)
    form = SupplementForm()
    if form.validate_on_submit():
        files = uploads(form.files.data)
        if attempt(
            lambda: messaging.answer_supplement(
                case, current_user, form.reply.data, files, seen_version=form.version.data
            ),
            form=form,
        ):
            flash(_("Thank you. Your material has been sent and the review continues."), "success")
            return redirect(url_for("firm.case_detail", key=case.url_key))
    return _render_case(case, supplement_form=form), 400


@bp.route("/applications/<key>/withdraw", methods=["POST"])
def withdraw(key: str):
    case = load_case(key)
    form = WithdrawForm()
    if form.validate_on_submit() and attempt(
        lambda: services.transition(
            case, CaseAction.WITHDRAW, current_user, reason=form.reason.data, seen_version=form.version.data
        ),
        form=form,
    ):
        flash(_("The application has been withdrawn."), "info")
        return redirect(url_for("firm.case_detail", key=case.url_key))
    return _render_case(case, withdraw_form=form), 400


@bp.route("/applications/<key>/rate", methods=["POST"])
def rate(key: str):
    case = load_case(key)
    form = RatingForm()
    if form.validate_on_submit() and attempt(
        lambda: ratings.rate(case, current_user, form.rating.data, form.comment.data), form=form
    ):
        flash(_("Thank you for rating our service."), "success")
        return redirect(url_for("firm.case_detail", key=case.url_key))
    return _render_case(case, rating_form=form), 400


@bp.route("/applications/<key>/files/<int:file_id>")
def download_file(key: str, file_id: int):
    case = load_case(key)
    file = next((f for f in case.files if f.id == file_id), None) or abort(404)
    return send_stored(file.stored_name, file.content_type, file.original_name)


@bp.route("/applications/<key>/documents/<int:document_id>")
def download_document(key: str, document_id: int):
    case = load_case(key)
    document = next((d for d in case.documents if d.id == document_id), None) or abort(404)
    return send_stored(document.stored_name, "application/pdf", document.filename)
