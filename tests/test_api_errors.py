"""API errors: problem+json for every failure, never a traceback; security headers on all."""

import pytest

from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.api import experiments as experiments_api
from tracker.services import auth as auth_service

URL = "/api/v1/experiments"


def bearer(session, user):
    """Authorization headers with a fresh personal token of `user`."""
    _, plain = auth_service.create_token(session=session, user=user, name="test", now=NOW)
    return {"Authorization": f"Bearer {plain}"}


def assert_problem(response, status):
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == status
    assert {"type", "title", "detail"} <= set(problem)
    return problem


@pytest.mark.parametrize("raw", [b"{", b'{"title": "x",}', b"{'title': 'x'}", b'{"a": NaN}'])
def test_malformed_json_is_400(client, session, world, raw):
    response = client.post(
        URL, data=raw, content_type="application/json", headers=bearer(session, world.agent_a)
    )
    assert_problem(response, 400)


def test_an_empty_body_is_400(client, session, world):
    response = client.post(
        URL, data=b"", content_type="application/json", headers=bearer(session, world.agent_a)
    )
    assert_problem(response, 400)


@pytest.mark.parametrize("raw", [b'[{"title": "x"}]', b'"title"', b"42", b"null"])
def test_json_that_is_not_an_object_is_422(client, session, world, raw):
    response = client.post(
        URL, data=raw, content_type="application/json", headers=bearer(session, world.agent_a)
    )
    assert "__root__" in assert_problem(response, 422)["errors"]


def test_a_body_not_sent_as_json_is_415(client, session, world):
    response = client.post(URL, data={"title": "x"}, headers=bearer(session, world.agent_a))
    assert_problem(response, 415)


def test_an_unknown_route_is_a_404_problem(client):
    assert_problem(client.get("/api/v1/nothing/here"), 404)
    assert_problem(client.post("/api/v1/experiments/abc"), 404)


def test_a_wrong_method_is_a_405_problem_with_allow(client):
    response = client.delete("/api/v1/workflow")
    assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_experiments_cannot_be_deleted(client, session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    headers = bearer(session, world.agent_a)
    assert_problem(client.delete(f"{URL}/{experiment.id}", headers=headers), 405)
    assert client.get(f"{URL}/{experiment.id}", headers=headers).status_code == 200


def test_an_unexpected_error_is_a_500_problem_without_details(
    client, session, world, monkeypatch, caplog
):
    def explode(**_kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(experiments_api.experiment_service, "get", explode)
    response = client.get(f"{URL}/1", headers=bearer(session, world.agent_a))
    problem = assert_problem(response, 500)
    assert "secret internals" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
    assert set(problem) == {"type", "title", "status", "detail"}
    assert "secret internals" in caplog.text


def test_a_too_large_body_is_413(client, session, world):
    big = b'{"title": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    response = client.post(
        URL, data=big, content_type="application/json", headers=bearer(session, world.agent_a)
    )
    assert_problem(response, 413)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/api/v1/workflow"),
        ("GET", "/api/v1/experiments"),
        ("GET", "/api/v1/openapi.json"),
        ("GET", "/api/v1/docs"),
        ("GET", "/api/v1/missing"),
    ],
)
def test_security_headers_are_on_api_responses(client, method, url):
    response = client.open(url, method=method)
    csp = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'none'"):
        assert directive in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Referrer-Policy" in response.headers


def test_problem_types_link_to_their_explanation_on_the_docs_page(client):
    problem = client.get("/api/v1/experiments").get_json()
    page, _, anchor = problem["type"].partition("#")
    assert page.endswith("/api/v1/docs") and anchor == "problem-unauthorized"
    assert f'id="{anchor}"' in client.get("/api/v1/docs").get_data(as_text=True)


@pytest.mark.parametrize("experiment_id", ["0", str(2**31), "1" + "0" * 25])
def test_an_id_out_of_range_is_404(client, session, world, experiment_id):
    response = client.get(f"{URL}/{experiment_id}", headers=bearer(session, world.agent_a))
    assert_problem(response, 404)


def test_text_with_a_nul_character_is_422(client, session, world):
    headers = bearer(session, world.agent_a)
    response = client.post(
        URL, json={"title": "ok", "stop_criteria": ["a\u0000b"]}, headers=headers
    )
    assert "stop_criteria.0" in assert_problem(response, 422)["errors"]
    listing = client.get(URL, query_string={"q": "a\u0000"}, headers=headers)
    assert "q" in assert_problem(listing, 422)["errors"]


def test_a_number_too_large_for_a_float_is_400(client, session, world):
    response = client.post(
        URL,
        data=b'{"title": "x", "success_criteria": [{"indicator": "a", "target": "b", '
        b'"target_value": 1e400}]}',
        content_type="application/json",
        headers=bearer(session, world.agent_a),
    )
    assert_problem(response, 400)
