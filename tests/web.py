"""Helpers for view tests: real forms, real CSRF tokens."""

import re

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.factories import PASSWORD

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: FlaskClient, url: str) -> str:
    """The CSRF token of the form served at `url` (read from its hidden input)."""
    page = client.get(url)
    assert page.status_code == 200, f"GET {url} answered {page.status_code}"
    match = _CSRF.search(page.get_data(as_text=True))
    assert match is not None, f"no csrf_token input on {url}"
    return match.group(1)


def post_form(
    client: FlaskClient, url: str, data: dict | None = None, form_url: str | None = None
) -> TestResponse:
    """POST `data` to `url` with the CSRF token of the form at `form_url` (default: `url`)."""
    token = csrf_token(client, form_url or url)
    return client.post(url, data={**(data or {}), "csrf_token": token})


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> TestResponse:
    """Sign in through the login form; asserts it worked."""
    response = post_form(client, "/login", {"email": email, "password": password})
    assert response.status_code == 302, f"login as {email} answered {response.status_code}"
    return response
