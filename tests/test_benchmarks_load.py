"""The load test's cast and its after-the-fact check (benchmarks/load), on a real database.

The load itself (locust, gunicorn, PostgreSQL) is run by `make load`, not by the suite; what
the suite keeps honest is that the check really catches lost, duplicated and unacknowledged
writes, and that the cast can drive the API.
"""

import json

import pytest

from benchmarks.load import cast, check


@pytest.fixture
def tokens(database_url, tmp_path) -> dict[str, list[str]]:
    return cast.build(database_url, tmp_path / "tokens.json")


@pytest.fixture
def created(client, tokens) -> int:
    """An experiment created through the API by one of the cast's agents."""
    response = client.post(
        "/api/v1/experiments",
        json={"title": "Guichet de charge"},
        headers={"Authorization": f"Bearer {tokens['agents'][0]}"},
    )
    assert response.status_code == 201, response.get_json()
    return int(response.get_json()["id"])


def _results(experiments: list[int], errors: list[str] | None = None) -> dict:
    return {"acknowledged": {"experiments": experiments}, "server_errors": errors or []}


def test_the_cast_has_every_role_with_a_token_written_for_locust(tokens, tmp_path):
    assert len(tokens["agents"]) == cast.AGENTS
    assert len(tokens["members"]) == cast.MEMBERS
    assert len(tokens["chairs"]) == cast.CHAIRS
    assert json.loads((tmp_path / "tokens.json").read_text()) == tokens


def test_a_database_matching_what_was_acknowledged_passes(database_url, created):
    counts, found = check.problems(database_url, _results([created]))
    assert found == []
    assert counts["experiments"] == 1


def test_an_acknowledged_write_missing_from_the_database_is_reported(database_url, created):
    _, found = check.problems(database_url, _results([created, created + 1000]))
    assert "experiments: 1 acknowledged writes are missing" in found


def test_the_same_id_acknowledged_twice_is_reported(database_url, created):
    _, found = check.problems(database_url, _results([created, created]))
    assert "experiments: the server acknowledged the same id twice" in found


def test_a_write_nobody_was_told_about_is_reported(database_url, created):
    _, found = check.problems(database_url, _results([]))
    assert "experiments: 1 written but never acknowledged" in found


def test_server_errors_fail_the_check(database_url, created):
    _, found = check.problems(database_url, _results([created], ["POST vote 500"]))
    assert found == ["server error: POST vote 500"]
