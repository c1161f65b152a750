"""User administration for the admins of an organisation."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response

from tracker import clock
from tracker.db import get_session
from tracker.extensions import login_manager
from tracker.forms import ROLE_CHOICES
from tracker.forms.admin import RoleForm, UserCreateForm
from tracker.services import users as user_service
from tracker.services.errors import Conflict, Invalid
from tracker.services.permissions import require_admin
from tracker.views.main import actor

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def admins_only() -> Response | None:
    """Every page here is for signed-in admins; the services check it again."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    require_admin(actor())
    return None


def _page(form: UserCreateForm, status: int = 200) -> tuple[str, int]:
    users = user_service.list_users(session=get_session(), actor=actor())
    page = render_template("admin/users.html", users=users, form=form, roles=ROLE_CHOICES)
    return page, status


@bp.get("/users")
def users() -> tuple[str, int]:
    """The organisation's accounts, and the form to add one."""
    return _page(UserCreateForm(formdata=None))


@bp.post("/users")
def create_user() -> Response | tuple[str, int]:
    """Add a colleague; the form comes back with field messages on bad input."""
    form = UserCreateForm()
    if not form.validate():
        return _page(form, 422)
    try:
        user = user_service.admin_create_user(
            session=get_session(),
            actor=actor(),
            email=form.email.data or "",
            name=form.name.data or "",
            role=form.role.data or "",
            password=form.password.data or "",
            now=clock.now(),
        )
    except Invalid as invalid:
        for name, messages in invalid.errors.items():
            target = getattr(form, name, None)
            bucket = target.errors if target is not None else form.form_errors
            bucket.extend(gettext(message) for message in messages)
        return _page(form, 422)
    except Conflict as conflict:
        form.email.errors = [*form.email.errors, gettext(conflict.message)]
        return _page(form, 409)
    flash(gettext("Account created for %(name)s.", name=user.name), "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/role")
def set_role(user_id: int) -> Response:
    """Change a colleague's role."""
    form = RoleForm()
    if not form.validate():
        flash(gettext("Choose a role from the list."), "error")
        return redirect(url_for("admin.users"))
    return _apply(
        lambda: user_service.set_role(
            session=get_session(), actor=actor(), user_id=user_id, role=form.role.data or ""
        ),
        gettext("Role changed."),
    )


@bp.post("/users/<int:user_id>/deactivate")
def deactivate(user_id: int) -> Response:
    """Deactivate a colleague: their sessions end at once."""
    return _apply(
        lambda: user_service.set_active(
            session=get_session(), actor=actor(), user_id=user_id, active=False
        ),
        gettext("Account deactivated; its sessions have ended."),
    )


@bp.post("/users/<int:user_id>/reactivate")
def reactivate(user_id: int) -> Response:
    """Reactivate a colleague's account."""
    return _apply(
        lambda: user_service.set_active(
            session=get_session(), actor=actor(), user_id=user_id, active=True
        ),
        gettext("Account reactivated."),
    )


def _apply(action, success: str) -> Response:  # noqa: ANN001 (a callable without arguments)
    """Run a service call; refusals that concern the input become a message on the list.

    NotFound and Forbidden propagate to the error pages (404 for other organisations).
    """
    try:
        action()
    except (Invalid, Conflict) as refusal:
        messages = getattr(refusal, "errors", {}) or {"": [refusal.message]}
        for field_messages in messages.values():
            for message in field_messages:
                flash(gettext(message), "error")
        return redirect(url_for("admin.users"))
    flash(success, "success")
    return redirect(url_for("admin.users"))
