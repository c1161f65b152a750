"""Error pages: HTML for people, problem+json under /api/; never a traceback."""

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from tracker.services.errors import ServiceError

TITLES = {
    400: _l("Bad request"),
    401: _l("Sign-in required"),
    403: _l("Access denied"),
    404: _l("Page not found"),
    405: _l("Method not allowed"),
    409: _l("Conflict"),
    413: _l("Request too large"),
    422: _l("Invalid request"),
    429: _l("Too many requests"),
    500: _l("Server error"),
}
EXPLANATIONS = {
    400: _l("The request could not be understood."),
    401: _l("Sign in to see this page."),
    403: _l("You are not allowed to see this page or do this action."),
    404: _l("This page does not exist, or you cannot see it."),
    405: _l("This address does not accept this kind of request."),
    409: _l("This was changed meanwhile; reload the page and try again."),
    413: _l("What you sent is too large."),
    422: _l("Some information is missing or invalid."),
    429: _l("Too many attempts. Wait a few minutes and try again."),
    500: _l("Something went wrong on our side. Try again later."),
}
CSRF_EXPLANATION = _l(
    "The form has expired or was sent from another page. Go back, reload the page and try again."
)


def wants_problem_json() -> bool:
    """API requests get application/problem+json, as the API blueprint answers."""
    return request.path.startswith("/api/")


def _problem(status: int, detail: str) -> Response:
    response = jsonify(
        {
            "type": "about:blank",
            "title": str(TITLES.get(status, "Error")),
            "status": status,
            "detail": detail,
        }
    )
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def render_error(
    status: int, detail: str | None = None, reasons: list[str] | None = None
) -> Response:
    """The error page (or problem document) for `status`, with an optional translated detail."""
    text = detail or str(EXPLANATIONS.get(status, EXPLANATIONS[400 if status < 500 else 500]))
    if wants_problem_json():
        return _problem(status, text)
    title = str(TITLES.get(status, TITLES[400 if status < 500 else 500]))
    try:
        page = render_template(
            "errors/error.html", status=status, title=title, detail=text, reasons=reasons or []
        )
    except Exception:  # noqa: BLE001 (the layout itself failed: still answer without a trace)
        page = f'<!doctype html><html lang="fr"><title>{status}</title><h1>{status}</h1></html>'
    return Response(page, status=status, mimetype="text/html")


def _http_error(error: HTTPException) -> Response:
    status = error.code or 500
    response = render_error(status)
    if status == 405 and error.valid_methods:  # type: ignore[attr-defined]
        response.headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
    return response


def _csrf_error(_error: CSRFError) -> Response:
    return render_error(400, str(CSRF_EXPLANATION))


def _service_error(error: ServiceError) -> Response:
    # A failed guard names each missing condition; field errors say which field is wrong.
    reasons = [gettext(reason) for reason in getattr(error, "reasons", [])]
    for messages in getattr(error, "errors", {}).values():
        reasons.extend(gettext(message) for message in messages)
    return render_error(error.status, gettext(error.message), reasons)


def _unexpected(_error: Exception) -> Response:
    return render_error(500)


def init_app(app: Flask) -> None:
    """Register the handlers on the app (the API blueprint may register its own first)."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(ServiceError, _service_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _unexpected)
