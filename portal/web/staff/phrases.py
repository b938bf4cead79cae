"""Reason and opinion templates (常用语): supervisors add, edit, retire and restore them."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from portal.cases import phrases
from portal.cases.forms import ConfirmForm, PhraseForm
from portal.cases.kinds import KINDS
from portal.cases.paperwork import Phrase
from portal.core.permissions import Permission, permission_required
from portal.extensions import db
from portal.i18n import gettext as _
from portal.web.outcome import attempt
from portal.web.staff import bp


def _form(phrase: Phrase | None = None) -> PhraseForm:
    form = PhraseForm(obj=phrase)
    form.kind.choices = [("", _("Every case type"))] + [(k.value, k.label) for k in KINDS.values()]
    form.action.choices = [(a.value, a.label) for a in phrases.phrase_actions()]
    return form


@bp.route("/templates")
@permission_required(Permission.PHRASES_MANAGE)
def phrases_index():
    return render_template(
        "staff/phrases/index.html",
        rows=phrases.listing(),
        kinds=KINDS,
        labels={a.value: a.label for a in phrases.phrase_actions()},
    )


@bp.route("/templates/new", methods=["GET", "POST"])
@bp.route("/templates/<int:phrase_id>", methods=["GET", "POST"])
@permission_required(Permission.PHRASES_MANAGE)
def edit_phrase(phrase_id: int | None = None):
    phrase = db.get_or_404(Phrase, phrase_id) if phrase_id is not None else None
    form = _form(phrase)
    if form.validate_on_submit() and attempt(lambda: phrases.save(phrase, form.values(), current_user), form=form):
        flash(_("The template has been saved."), "success")
        return redirect(url_for("staff.phrases_index"))
    return render_template("staff/phrases/form.html", form=form, phrase=phrase), 400 if form.errors else 200


@bp.route("/templates/<int:phrase_id>/active", methods=["POST"])
@permission_required(Permission.PHRASES_MANAGE)
def set_phrase_active(phrase_id: int):
    phrase = db.get_or_404(Phrase, phrase_id)
    if ConfirmForm().validate_on_submit() and attempt(
        lambda: phrases.set_active(phrase, not phrase.active, current_user)
    ):
        flash(_("The template is in use again.") if phrase.active else _("The template has been retired."), "success")
    return redirect(url_for("staff.phrases_index"))
