"""Organisation settings for its admins: the day thresholds of reminders and retrospectives."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response

from tracker import clock
from tracker.db import get_session
from tracker.extensions import login_manager
from tracker.forms.organisation_settings import settings_form
from tracker.notifications.kinds import DEFAULT_THRESHOLDS
from tracker.services import organisation_settings as settings_service
from tracker.services.errors import Invalid
from tracker.services.permissions import require_admin
from tracker.views.main import actor

bp = Blueprint("admin_settings", __name__, url_prefix="/admin")


@bp.before_request
def admins_only() -> Response | None:
    """Every page here is for signed-in admins; the services check it again."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    require_admin(actor())
    return None


def _page(form, status: int = 200) -> tuple[str, int]:  # noqa: ANN001 (a generated form class)
    return render_template("admin/settings.html", form=form, keys=form.keys), status


@bp.get("/settings")
def settings() -> tuple[str, int]:
    """Every threshold of the organisation, with its current value."""
    values = settings_service.get(session=get_session(), actor=actor())
    return _page(settings_form(list(DEFAULT_THRESHOLDS), values))


@bp.post("/settings")
def save_settings() -> Response | tuple[str, int]:
    """Save the thresholds; the form comes back with field messages on bad input."""
    form = settings_form(list(DEFAULT_THRESHOLDS))
    if not form.validate():
        return _page(form, 422)
    try:
        settings_service.update(
            session=get_session(), actor=actor(), values=form.to_data(), now=clock.now()
        )
    except Invalid as invalid:
        form.apply_errors(invalid.errors)
        return _page(form, 422)
    flash(gettext("The settings were saved."), "success")
    return redirect(url_for("admin_settings.settings"), 303)
