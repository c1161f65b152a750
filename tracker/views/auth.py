"""Sign-in, sign-out, and the profile page with personal API tokens."""

from datetime import timedelta

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from tracker import clock
from tracker.db import get_session
from tracker.extensions import login_manager
from tracker.forms.auth import LoginForm, TokenForm
from tracker.services import auth as auth_service
from tracker.services import trainings as training_service
from tracker.services.errors import Invalid
from tracker.views.calendar_feeds import feed_url
from tracker.views.main import actor, safe_next
from workflows.definition import N_

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | tuple[str, int]:
    """The sign-in form; throttled after too many failures (429)."""
    target = safe_next(request.args.get("next"), url_for("main.index"))
    if current_user.is_authenticated:
        return redirect(target)
    form = LoginForm()
    if not form.is_submitted():
        return render_template("auth/login.html", form=form), 200
    if not form.validate():
        return render_template("auth/login.html", form=form), 422
    settings = current_app.config["TRACKER"]
    try:
        user = auth_service.authenticate(
            session=get_session(),
            email=form.email.data or "",
            password=form.password.data or "",
            remote_addr=request.remote_addr,
            now=clock.now(),
            max_failures=settings["LOGIN_MAX_FAILURES"],
            window=timedelta(minutes=settings["LOGIN_WINDOW_MINUTES"]),
        )
    except (auth_service.Throttled, Invalid) as refusal:
        form.form_errors.append(gettext(refusal.message))
        return render_template("auth/login.html", form=form), refusal.status
    login_user(user)
    session.permanent = True
    return redirect(target)


@bp.post("/logout")
@login_required
def logout() -> Response:
    """Sign out of every session: the nonce rotates, so copied cookies stop working too."""
    auth_service.end_sessions(session=get_session(), user=actor())
    logout_user()
    flash(gettext("You are signed out."), "success")
    return redirect(url_for("auth.login"))


def _profile(token_form: TokenForm, new_token: str | None = None, status: int = 200):
    tokens = auth_service.list_tokens(session=get_session(), actor=actor())
    trainings = training_service.list_for(session=get_session(), actor=actor(), user_id=actor().id)
    page = render_template(
        "auth/profile.html",
        token_form=token_form,
        tokens=tokens,
        new_token=new_token,
        trainings=trainings,
        calendar_feed_url=feed_url(actor()),
    )
    return page, status


@bp.get("/profile")
@login_required
def profile() -> tuple[str, int]:
    """Who I am, and my personal API tokens."""
    return _profile(TokenForm())


@bp.post("/profile/tokens")
@login_required
def create_token() -> tuple[str, int]:
    """A new token, shown once on the page that answers."""
    form = TokenForm()
    if not form.validate():
        return _profile(form, status=422)
    _token, plain = auth_service.create_token(
        session=get_session(), user=actor(), name=form.name.data or "", now=clock.now()
    )
    flash(gettext("Token created. Copy it now: it will not be shown again."), "success")
    return _profile(TokenForm(formdata=None), new_token=plain)


@bp.post("/profile/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int) -> Response:
    """Revoke one of my tokens (kept in the list, marked revoked)."""
    auth_service.revoke_token(
        session=get_session(), actor=actor(), token_id=token_id, now=clock.now()
    )
    flash(gettext("Token revoked."), "success")
    return redirect(url_for("auth.profile"))


@bp.record_once
def _translate_login_prompt(_state: object) -> None:
    # Flask-Login flashes its prompt itself; hand it our msgid and translator.
    login_manager.login_message = N_("Sign in to see this page.")
    login_manager.localize_callback = gettext
