"""Home, language switch, health check, security headers and error pages."""

import pytest
from flask import Flask, render_template_string
from flask.testing import FlaskClient
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, TextAreaField

from tests.factories import World
from tests.web import csrf_token, login, post_form
from tracker.forms import select_choices


def test_home_sends_visitors_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"


def test_home_sends_signed_in_users_to_their_experiments(client: FlaskClient, world: World) -> None:
    login(client, "agent@a.example")
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/experiments/mine"


def test_healthz_answers_ok_in_plain_text(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "ok"


def test_the_layout_has_landmarks_skip_link_and_styles(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert '<a class="skip-link" href="#main">' in page
    assert '<main id="main"' in page
    assert "<header" in page and "<footer" in page and "<nav" in page
    assert "/static/vendor/pico/pico.min.css" in page
    assert "/static/css/app.css" in page
    assert "<style" not in page and " style=" not in page
    assert "<script" not in page


@pytest.mark.parametrize(
    "path",
    ["/static/vendor/pico/pico.min.css", "/static/css/app.css", "/static/vendor/pico/LICENSE.md"],
)
def test_vendored_assets_are_served(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    response.close()


def test_the_language_switch_goes_back_to_a_local_page(client: FlaskClient) -> None:
    response = post_form(client, "/locale", {"locale": "en", "next": "/login"}, form_url="/login")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example",
        "javascript:x",
        "/\t/evil.example",
        "/\\evil.example",
    ],
)
def test_the_language_switch_never_redirects_off_site(client: FlaskClient, target: str) -> None:
    response = post_form(client, "/locale", {"locale": "en", "next": target}, form_url="/login")
    assert response.headers["Location"] == "/"


def test_an_unknown_language_is_ignored(client: FlaskClient) -> None:
    post_form(client, "/locale", {"locale": "de"}, form_url="/login")
    assert '<html lang="fr">' in client.get("/login").get_data(as_text=True)


def test_the_language_switch_needs_a_csrf_token(client: FlaskClient) -> None:
    assert client.post("/locale", data={"locale": "en"}).status_code == 400


@pytest.mark.parametrize("path", ["/login", "/does-not-exist", "/healthz"])
def test_security_headers_on_every_response(client: FlaskClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "style-src 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]


def test_the_404_page_is_html_without_traceback(client: FlaskClient) -> None:
    response = client.get("/does-not-exist")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert '<main id="main"' in page
    assert "Traceback" not in page and "werkzeug" not in page.lower()


def test_a_wrong_method_gets_the_405_page(client: FlaskClient) -> None:
    response = client.delete("/login")
    assert response.status_code == 405
    assert response.mimetype == "text/html"
    assert "POST" in response.headers["Allow"]


def test_a_csrf_failure_explains_the_expired_form(client: FlaskClient) -> None:
    post_form(client, "/locale", {"locale": "en"}, form_url="/login")
    response = client.post("/login", data={"email": "x@example.org", "password": "x"})
    assert response.status_code == 400
    assert "form has expired" in response.get_data(as_text=True)


def test_a_forged_csrf_token_is_refused(client: FlaskClient) -> None:
    csrf_token(client, "/login")  # a session exists, the token does not match it
    response = client.post("/login", data={"csrf_token": "forged", "email": "x", "password": "x"})
    assert response.status_code == 400


def test_errors_under_the_api_are_problem_json(client: FlaskClient) -> None:
    response = client.get("/api/v1/does-not-exist")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 404


def test_a_too_large_request_gets_the_413_page(client: FlaskClient) -> None:
    response = client.post("/login", data={"email": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert response.mimetype == "text/html"


def test_an_unexpected_error_gets_the_500_page_without_traceback(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode() -> str:
        raise RuntimeError("secret detail of the crash")

    app.add_url_rule("/explode", "explode", explode)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # behave as in production
    # Flask logs the crash; keep the output quiet (the logger is shared by every app).
    monkeypatch.setattr(app.logger, "disabled", True)
    response = app.test_client().get("/explode")
    assert response.status_code == 500
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "secret detail" not in page and "Traceback" not in page
    assert '<main id="main"' in page
    assert response.headers["Content-Security-Policy"]


def test_the_favicon_is_served(client: FlaskClient) -> None:
    response = client.get("/static/favicon.svg")
    assert response.status_code == 200
    response.close()


class _MacroForm(FlaskForm):
    agree = BooleanField("Agree")
    kind = RadioField("Kind", choices=select_choices([("a", "A"), ("b", "B")]))
    body = TextAreaField("Body")
    when = DateField("When")


def _render_fields(app: Flask, with_errors: bool) -> str:
    with app.test_request_context("/"):
        form = _MacroForm(meta={"csrf": False})
        if with_errors:
            for item in form:
                item.errors = ["wrong"]
        return render_template_string(
            '{% from "_macros/forms.html" import field, error_summary %}'
            "{{ error_summary(form) }}{% for f in form %}{{ field(f, hint='a hint') }}{% endfor %}",
            form=form,
        )


def test_the_field_macro_ties_hints_and_errors_to_the_inputs(app: Flask) -> None:
    html = _render_fields(app, with_errors=True)
    for name in ("agree", "body", "when"):
        assert f'<label for="{name}">' in html
        assert f'aria-describedby="{name}-hint {name}-error"' in html
        assert f'id="{name}-error"' in html
    assert 'aria-invalid="true"' in html
    assert "<legend>Kind</legend>" in html
    assert 'aria-describedby="kind-hint kind-error"' in html
    assert 'role="alert"' in html
    assert 'href="#kind-0"' in html and 'href="#body"' in html


def test_the_field_macro_shows_no_error_state_on_a_clean_form(app: Flask) -> None:
    html = _render_fields(app, with_errors=False)
    assert "aria-invalid" not in html
    assert "error-summary" not in html
    assert 'aria-describedby="body-hint"' in html
