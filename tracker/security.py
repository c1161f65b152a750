"""Security headers and a strict Content-Security-Policy on every response; no NUL in input."""

import secrets
from itertools import chain

from flask import Flask, Response, abort, g, request

CSP = (
    "default-src 'self'; "
    "script-src 'self' 'nonce-{nonce}'; "
    "style-src 'self'; "
    "img-src 'self' data:; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "base-uri 'none'; "
    "form-action 'self'; "
    "frame-ancestors 'none'"
)


def csp_nonce() -> str:
    """The nonce of this response, for the rare script tag that needs one."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP.format(nonce=csp_nonce())
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    return response


def _refuse_nul() -> None:
    """A 400 for a page request whose query or form holds a NUL character.

    NUL is never text, and PostgreSQL text columns refuse it (a 500 otherwise). The API names
    the field in a 422 of its own.
    """
    if request.blueprint == "api":
        return
    values = chain.from_iterable(request.args.listvalues())
    if request.method == "POST":
        values = chain(values, chain.from_iterable(request.form.listvalues()))
    if any("\x00" in value for value in values):
        abort(400)


def init_app(app: Flask) -> None:
    """Add the headers to every response, errors included; refuse NUL characters in input."""
    app.before_request(_refuse_nul)
    app.after_request(_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
