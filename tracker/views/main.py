"""Home, language switch, health check, and the template helpers every page uses."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import format_date, format_datetime, get_locale
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from tracker.db import get_session
from tracker.forms import ROLE_CHOICES
from tracker.models import LOCALES, Organisation, User
from tracker.services import users as user_service
from tracker.views.theme_labels import theme_label

bp = Blueprint("main", __name__)
# Dates are shown in the user's language and the configured time zone (Europe/Paris).
bp.add_app_template_global(format_date, "format_date")
bp.add_app_template_global(format_datetime, "format_datetime")
bp.add_app_template_global(theme_label, "theme_label")


def safe_next(target: str | None, fallback: str) -> str:
    """`target` when it is a path on this site, else `fallback` (no open redirect)."""
    if not target:
        return fallback
    # Browsers drop tabs and newlines and read a backslash as a slash: "/\t/evil.example"
    # and "/\\evil.example" would lead to another host.
    if any(char in target for char in "\\\t\r\n") or not target.isprintable():
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


def actor() -> User:
    """The signed-in user as a plain model object, to hand to the services."""
    return current_user._get_current_object()  # type: ignore[no-any-return]


@bp.app_template_global()
def has_endpoint(name: str) -> bool:
    """Whether a view exists, so the layout can link to blueprints still being built."""
    return name in current_app.view_functions


@bp.app_template_global()
def nav_current(endpoint: str) -> Markup:
    """aria-current on the link of the page being shown."""
    return Markup(' aria-current="page"') if request.endpoint == endpoint else Markup("")


@bp.app_template_global()
def role_label(role: str) -> str:
    """The translated name of a role."""
    return str(dict(ROLE_CHOICES).get(role, role))


@bp.app_template_global()
def organisation_name(user: User) -> str:
    """The name of the user's organisation."""
    organisation = get_session().get(Organisation, user.organisation_id)
    return organisation.name if organisation is not None else ""


@bp.app_context_processor
def inject_locale() -> dict[str, str]:
    """The language of this response, for `<html lang>` and the switch."""
    return {"current_locale": str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])}


@bp.get("/")
def index() -> Response:
    """Signed-in people land on their experiments; others on the sign-in page."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(url_for("experiments.mine"))


@bp.post("/locale")
def set_locale() -> Response:
    """Switch the language (kept on the account when signed in) and go back where the user was."""
    locale = request.form.get("locale", "")
    if locale in LOCALES:
        session["locale"] = locale
        if current_user.is_authenticated:
            user_service.set_locale(session=get_session(), actor=actor(), locale=locale)
    return redirect(safe_next(request.form.get("next"), url_for("main.index")))


@bp.get("/healthz")
def healthz() -> tuple[str, int, dict[str, str]]:
    """Liveness probe: answers without touching the database."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/benchmark-baseline")
def benchmark_baseline() -> str:
    """The bare layout with no database access: the yardstick of the benchmark runner."""
    return render_template("base.html")
