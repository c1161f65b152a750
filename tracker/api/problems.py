"""Errors as application/problem+json (RFC 9457), for every failure under /api/v1.

Service refusals keep their status (404, 403, 409, 422, 429); HTTP errors keep theirs; anything
unexpected is logged and answered with a bare 500, never a traceback.
"""

from typing import Any

from flask import Blueprint, Response, current_app, json, request, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from tracker.services.errors import GuardFailed, Invalid, ServiceError
from workflows.definition import N_

MEDIA_TYPE = "application/problem+json"

TITLES = {
    400: N_("Malformed request"),
    401: N_("Authentication required"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
    409: N_("Conflict"),
    413: N_("Request too large"),
    415: N_("Unsupported media type"),
    422: N_("Invalid input"),
    429: N_("Too many requests"),
    500: N_("Server error"),
}
# Problem types are anchors of the docs page, where each one is explained.
TYPES = {
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    409: "conflict",
    422: "invalid",
    429: "throttled",
}
GUARD_TYPE = "guard-failed"
UNEXPECTED = N_("Something went wrong on our side. Try again later.")
NO_OPERATION = N_("There is no such operation: the documentation lists them all at %(url)s.")
NO_METHOD = N_("This operation does not accept this method; allowed: %(allowed)s.")


def type_uri(slug: str | None) -> str:
    """The problem type: a link into the docs page, or about:blank for plain HTTP errors."""
    if slug is None:
        return "about:blank"
    return url_for("api.docs", _external=True, _anchor=f"problem-{slug}")


def _prefix() -> str:
    return current_app.extensions.get("tracker.api_prefix", "/api/v1")


def problem(status: int, detail: str, *, slug: str | None = None, **extra: Any) -> Response:
    """A problem+json response; `detail` and titles are translated here, at the edge."""
    body = {
        "type": type_uri(slug if slug is not None else TYPES.get(status)),
        "title": gettext(TITLES.get(status, TITLES[500 if status >= 500 else 400])),
        "status": status,
        "detail": detail,
        **extra,
    }
    return Response(json.dumps(body), status=status, mimetype=MEDIA_TYPE)


def _translated(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    return {field: [gettext(message) for message in messages] for field, messages in errors.items()}


def from_service_error(error: ServiceError) -> Response:
    """A service refusal with its own status and, for 422, the field errors or guard reasons."""
    detail = gettext(error.message)
    if isinstance(error, GuardFailed):
        reasons = [gettext(reason) for reason in error.reasons]
        detail = f"{detail} {gettext('Missing:')} {'; '.join(reasons)}."
        return problem(
            error.status,
            detail,
            slug=GUARD_TYPE,
            trigger=error.trigger,
            reasons=reasons,
            # A guard that names its request field (a gate's quorum, rationale) points there.
            errors=_translated(error.errors) or {"__root__": reasons},
        )
    extra: dict[str, Any] = {}
    if isinstance(error, Invalid):
        extra["errors"] = _translated(error.errors)
    if "current_version" in error.details:
        extra["current_version"] = error.details["current_version"]
    return problem(error.status, detail, **extra)


def from_http_error(error: HTTPException) -> Response:
    """An HTTP error (malformed body, wrong media type, too large, unknown route)."""
    status = error.code or 500
    detail = gettext(error.description) if error.description else gettext(TITLES[400])
    response = problem(status, detail)
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def from_unexpected(_error: Exception) -> Response:
    """Log the exception; the client only learns that it failed."""
    current_app.logger.exception("API request failed: %s %s", request.method, request.path)
    return problem(500, gettext(UNEXPECTED))


def _routing_failure() -> Response | None:
    # Unknown URLs and wrong methods fail before any blueprint is chosen, so the blueprint's
    # error handlers never see them: answer them here, under the API prefix only.
    failure = request.routing_exception
    if not isinstance(failure, NotFound | MethodNotAllowed):
        return None
    prefix = _prefix()
    if request.path != prefix and not request.path.startswith(prefix + "/"):
        return None
    if isinstance(failure, MethodNotAllowed):
        allowed = ", ".join(failure.valid_methods or ())
        response = problem(405, gettext(NO_METHOD, allowed=allowed))
        response.headers["Allow"] = allowed
        return response
    return problem(404, gettext(NO_OPERATION, url=url_for("api.docs")))


def _remember_prefix(state: BlueprintSetupState) -> None:
    state.app.extensions["tracker.api_prefix"] = state.url_prefix or ""


def init_blueprint(blueprint: Blueprint) -> None:
    """Install the problem+json handlers on the API blueprint."""
    blueprint.record_once(_remember_prefix)
    blueprint.before_app_request(_routing_failure)
    blueprint.register_error_handler(ServiceError, from_service_error)
    blueprint.register_error_handler(HTTPException, from_http_error)
    blueprint.register_error_handler(Exception, from_unexpected)
