"""The portal's identity, district contacts and population figure, as an administrator sets them."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import StringField
from wtforms.validators import Length

from portal.core.forms import BaseForm
from portal.core.permissions import Permission, permission_required
from portal.i18n import gettext as _
from portal.identity import settings
from portal.web.admin import bp
from portal.web.outcome import attempt


def _form_class():
    fields = {
        s.key: StringField(s.label, validators=[Length(max=300)], description=s.help or None) for s in settings.SETTINGS
    }
    return type("SiteSettingsForm", (BaseForm,), fields)


@bp.route("/site", methods=["GET", "POST"])
@permission_required(Permission.USERS_MANAGE)
def site_settings():
    form = _form_class()(data=settings.current())
    changed: list = []
    if form.validate_on_submit() and attempt(lambda: changed.extend(settings.save(form.data, current_user)), form=form):
        flash(_("Saved: %(n)s settings changed.", n=len(changed)), "success")
        return redirect(url_for("admin.site_settings"))
    return render_template("admin/site.html", form=form, defaults=settings.defaults())
