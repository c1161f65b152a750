"""The right-to-fail charter: everyone in the organisation reads it, administrators write it."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import login_required
from werkzeug.wrappers import Response

from tracker import clock
from tracker.db import get_session
from tracker.forms.charters import CharterForm
from tracker.models import CharterVersion
from tracker.services import charters as charter_service
from tracker.services.errors import Conflict, Invalid
from tracker.services.permissions import require_admin
from tracker.views.main import actor

bp = Blueprint("charters", __name__)


@bp.app_template_global()
def organisation_charter(organisation_id: int) -> CharterVersion | None:
    """The current charter of an organisation (forms show the acknowledgement box with it)."""
    return charter_service.current(session=get_session(), organisation_id=organisation_id)


@bp.get("/charter")
@login_required
def show() -> str:
    """The organisation's current charter."""
    charter = charter_service.current(
        session=get_session(), organisation_id=actor().organisation_id
    )
    return render_template("charters/show.html", charter=charter)


def _admin_page(form: CharterForm, status: int = 200) -> tuple[str, int]:
    versions = charter_service.history(session=get_session(), actor=actor())
    page = render_template("charters/admin.html", form=form, versions=versions)
    return page, status


@bp.get("/admin/charter")
@login_required
def edit() -> tuple[str, int]:
    """The form, prefilled with the current version, and every version before it."""
    require_admin(actor())
    current = charter_service.current(
        session=get_session(), organisation_id=actor().organisation_id
    )
    form = CharterForm(formdata=None, obj=current)
    return _admin_page(form)


@bp.post("/admin/charter")
@login_required
def save() -> Response | tuple[str, int]:
    """Save a new version; field messages on bad input."""
    require_admin(actor())
    form = CharterForm()
    if not form.validate():
        return _admin_page(form, 422)
    try:
        version = charter_service.save(
            session=get_session(), actor=actor(), data=form.to_data(), now=clock.now()
        )
    except Invalid as invalid:
        form.apply_errors(invalid.errors)
        return _admin_page(form, 422)
    except Conflict as conflict:
        form.form_errors.append(gettext(conflict.message))
        return _admin_page(form, 409)
    flash(gettext("Charter saved as version %(number)s.", number=version.number), "success")
    return redirect(url_for("charters.edit"))
