"""Bearer tokens: `Authorization: Bearer <token>` on every operation that is not public.

The session cookie is never accepted here, which is why the blueprint is exempt from CSRF:
a browser cannot attach a bearer token to a forged request.
"""

from flask import Blueprint, Response, g, request
from flask_babel import gettext

from tracker import clock
from tracker.api import problems, registry
from tracker.db import get_session
from tracker.models import User
from tracker.services import auth as auth_service
from workflows.definition import N_

MISSING = N_("Send a personal token: Authorization: Bearer <token>.")
REFUSED = N_("This token is unknown, revoked, or belongs to a deactivated account.")


def _challenge(detail: str, error: str | None) -> Response:
    response = problems.problem(401, gettext(detail))
    value = 'Bearer realm="api"'
    if error:
        value += f', error="{error}"'
    response.headers["WWW-Authenticate"] = value
    return response


def _bearer_token() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authenticate() -> Response | None:
    """Set g.api_user from the bearer token, or answer 401 (public operations pass through)."""
    g.api_user = None
    op = registry.find(request.endpoint)
    if op is not None and op.public:
        return None
    token = _bearer_token()
    if token is None:
        return _challenge(MISSING, None)
    user = auth_service.user_for_token(session=get_session(), plain=token, now=clock.now())
    if user is None:
        return _challenge(REFUSED, "invalid_token")
    g.api_user = user
    return None


def current_user() -> User:
    """The user of this API request (set by authenticate)."""
    return g.api_user


def init_blueprint(blueprint: Blueprint) -> None:
    """Check the token before every API view."""
    blueprint.before_request(authenticate)
