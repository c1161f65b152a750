"""Email settings on the profile, and the outbox page for admins."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from tracker import clock
from tracker.db import get_session
from tracker.extensions import login_manager
from tracker.models import OUTBOX_STATUSES
from tracker.notifications import admin as outbox_admin
from tracker.notifications import preferences as preference_service
from tracker.notifications.kinds import LABELS, REMINDERS
from tracker.services.errors import Conflict, Invalid, NotFound
from tracker.services.permissions import require_admin
from tracker.views.main import actor

bp = Blueprint("notifications", __name__)


def _settings_page(delivery: str, muted: list[str], status: int = 200, errors=None):  # noqa: ANN001, ANN202
    page = render_template(
        "notifications/settings.html",
        delivery=delivery,
        muted=muted,
        reminders=[(kind, LABELS[kind]) for kind in REMINDERS],
        errors=errors or {},
    )
    return page, status


@bp.get("/profile/notifications")
@login_required
def settings() -> tuple[str, int]:
    """How and when I get emails (the link at the bottom of every email)."""
    saved = preference_service.get(session=get_session(), user=actor())
    return _settings_page(saved.delivery, list(saved.muted))


@bp.post("/profile/notifications")
@login_required
def save_settings() -> Response | tuple[str, int]:
    """Save immediate or digest delivery and the muted reminders."""
    delivery = request.form.get("delivery", "")
    muted = request.form.getlist("muted")
    try:
        preference_service.update(
            session=get_session(), actor=actor(), delivery=delivery, muted=muted, now=clock.now()
        )
    except Invalid as invalid:
        return _settings_page("immediate", [], 422, invalid.errors)
    flash(gettext("Your email settings are saved."), "success")
    return redirect(url_for("notifications.settings"), 303)


def _admin() -> None:
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    require_admin(actor())


@bp.get("/admin/outbox")
def outbox() -> tuple[str, int]:
    """Emails to the organisation's accounts: status, attempts, last error."""
    _admin()
    status = request.args.get("status") or None
    if status not in (None, *OUTBOX_STATUSES):
        status = None
    messages = outbox_admin.list_for_organisation(
        session=get_session(), organisation_id=actor().organisation_id, status=status
    )
    page = render_template(
        "admin/outbox.html", messages=messages, status=status, statuses=OUTBOX_STATUSES
    )
    return page, 200


@bp.post("/admin/outbox/retry")
def retry() -> Response:
    """Put a dead message to one of the organisation's accounts back in line."""
    _admin()
    raw = request.form.get("message_id", "")
    message_id = int(raw) if raw.isdigit() and len(raw) < 10 else 0
    try:
        outbox_admin.retry(
            session=get_session(),
            message_id=message_id,
            now=clock.now(),
            organisation_id=actor().organisation_id,
        )
        flash(gettext("The message is back in line."), "success")
    except (NotFound, Conflict) as error:
        flash(gettext(error.message), "error")
    return redirect(url_for("notifications.outbox"), 303)
