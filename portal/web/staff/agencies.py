"""Maintaining the agency directory: entries, XLSX import with a preview, credit status and inspections."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.core.pagination import clamp_page
from portal.core.permissions import Permission, permission_required
from portal.core.spreadsheets import xlsx_response
from portal.core.uploads import read_upload
from portal.extensions import db
from portal.i18n import gettext as _
from portal.market import agencies as service
from portal.market import agency_accounts, agency_import, queries
from portal.market.forms import AgencyAccountForm, AgencyForm, ImportConfirmForm, ImportForm, InspectionForm, StatusForm
from portal.market.models import Agency, AgencyChange
from portal.market.vocab import AgencyKind, CreditStatus
from portal.web.outcome import attempt
from portal.web.staff import bp

MANAGE = Permission.AGENCIES_MANAGE


def _load(agency_id: int) -> Agency:
    return db.session.get(Agency, agency_id) or abort(404)


@bp.route("/market/agencies/")
@permission_required(MANAGE)
def agencies():
    q = (request.args.get("q") or "").replace("\x00", "").strip()[:100]
    status = request.args.get("status") or ""
    page = db.paginate(
        queries.agencies(q, "", status), page=clamp_page(request.args.get("page")), per_page=30, error_out=False
    )
    return render_template(
        "staff/market/agencies.html", page=page, q=q, status=status, CreditStatus=CreditStatus, AgencyKind=AgencyKind
    )


@bp.route("/market/agencies/new", methods=["GET", "POST"])
@permission_required(MANAGE)
def new_agency():
    form = AgencyForm()
    created = []
    if form.validate_on_submit() and attempt(
        lambda: created.append(service.save_entry(None, form.data, current_user)), form=form
    ):
        flash(_("Agency entry created."), "success")
        return redirect(url_for("staff.agency", agency_id=created[0].id))
    return render_template("staff/market/agency_form.html", form=form), 400 if form.errors else 200


@bp.route("/market/agencies/<int:agency_id>", methods=["GET", "POST"])
@permission_required(MANAGE)
def agency(agency_id: int):
    entry = _load(agency_id)
    form = AgencyForm(obj=entry)
    if form.validate_on_submit() and attempt(lambda: service.save_entry(entry, form.data, current_user), form=form):
        flash(_("Agency entry saved."), "success")
        return redirect(url_for("staff.agency", agency_id=entry.id))
    return _detail(entry, form=form), 400 if form.errors else 200


def _detail(entry: Agency, form=None, status_form=None, inspection_form=None, account_form=None):
    return render_template(
        "staff/market/agency.html",
        agency=entry,
        account_form=account_form or AgencyAccountForm(formdata=None),
        change=agency_accounts.pending_change(entry),
        form=form or AgencyForm(obj=entry, formdata=None),
        status_form=status_form or StatusForm(formdata=None),
        inspection_form=inspection_form or InspectionForm(formdata=None),
        AgencyKind=AgencyKind,
    )


@bp.route("/market/agencies/<int:agency_id>/status", methods=["POST"])
@permission_required(MANAGE)
def agency_status(agency_id: int):
    entry = _load(agency_id)
    form = StatusForm()
    if form.validate_on_submit():
        decision = service.StatusDecision(
            status=form.status.data,
            effective_on=form.effective_on.data,
            until=form.until.data,
            decision_no=form.decision_no.data or "",
            issuing_body=form.issuing_body.data,
            source=form.source.data,
            reason=form.reason.data or "",
        )
        if attempt(lambda: service.change_status(entry, decision, current_user), form=form):
            flash(_("Credit status recorded."), "success")
            return redirect(url_for("staff.agency", agency_id=entry.id))
    return _detail(entry, status_form=form), 400


@bp.route("/market/agencies/<int:agency_id>/inspections", methods=["POST"])
@permission_required(MANAGE)
def agency_inspection(agency_id: int):
    entry = _load(agency_id)
    form = InspectionForm()
    if form.validate_on_submit() and attempt(
        lambda: service.add_inspection(
            entry, form.inspection_kind.data, form.inspected_on.data, form.unit.data, form.result.data, current_user
        ),
        form=form,
    ):
        flash(_("Inspection result recorded."), "success")
        return redirect(url_for("staff.agency", agency_id=entry.id))
    return _detail(entry, inspection_form=form), 400


@bp.route("/market/agencies/import", methods=["GET", "POST"])
@permission_required(MANAGE)
def import_agencies():
    form = ImportForm()
    preview = None
    if form.validate_on_submit():
        upload = read_upload(form.sheet.data)
        result = []
        if upload and attempt(lambda: result.append(agency_import.read_sheet(*upload)), form=form, field="sheet"):
            preview = result[0]
    status = 400 if form.errors else 200
    return render_template(
        "staff/market/import.html",
        form=form,
        preview=preview,
        confirm=ImportConfirmForm(formdata=None, payload=preview.payload() if preview else ""),
        AgencyKind=AgencyKind,
    ), status


@bp.route("/market/agencies/import/save", methods=["POST"])
@permission_required(MANAGE)
def save_agency_import():
    form = ImportConfirmForm()
    counts = []
    if form.validate_on_submit() and attempt(
        lambda: counts.append(agency_import.save_rows(form.payload.data, current_user))
    ):
        created, updated = counts[0]
        flash(
            _("Import saved: %(created)d new entries, %(updated)d updated.", created=created, updated=updated),
            "success",
        )
        return redirect(url_for("staff.agencies"))
    return redirect(url_for("staff.import_agencies"))


@bp.route("/market/agencies/template.xlsx")
@permission_required(MANAGE)
def agency_template():
    example = [
        "天津某某专利代理事务所（普通合伙）",
        "",
        "专利代理机构",
        "12345",
        "天津市红桥区……",
        "022-00000000",
        "专利申请代理",
    ]
    return xlsx_response("知识产权服务机构名录-导入模板.xlsx", [("名录", agency_import.TEMPLATE_HEADINGS, [example])])


@bp.route("/market/agencies/<int:agency_id>/account", methods=["POST"])
@permission_required(MANAGE)
def agency_account(agency_id: int):
    entry = _load(agency_id)
    form = AgencyAccountForm()
    if form.validate_on_submit() and attempt(
        lambda: agency_accounts.create_account(entry, form.email.data, current_user), form=form, field="email"
    ):
        flash(_("Account created; a sign-in link was sent to %(email)s.", email=form.email.data), "success")
        return redirect(url_for("staff.agency", agency_id=entry.id))
    return _detail(entry, account_form=form), 400


@bp.route("/market/agency-changes/<int:change_id>", methods=["POST"])
@permission_required(MANAGE)
def decide_agency_change(change_id: int):
    change = db.session.get(AgencyChange, change_id) or abort(404)
    confirm = request.form.get("decision") == "confirm"
    if request.form.get("decision") not in ("confirm", "refuse"):
        flash(_("Choose to confirm or refuse the change."), "error")
    elif attempt(lambda: agency_accounts.decide_change(change, confirm, current_user)):
        flash(_("Change confirmed.") if confirm else _("Change refused."), "success")
    return redirect(url_for("staff.agency", agency_id=change.agency_id))
