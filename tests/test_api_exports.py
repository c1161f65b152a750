"""GET /api/v1/exports/{what}.csv|.json: the same columns, what the token's owner may see."""

import csv
import io
import json

import pytest

from tests import public_steps
from tests.conftest import NOW
from tracker.db import get_engine
from tracker.exports.columns import RESOURCES
from tracker.services import auth as auth_service

PREFIX = "/api/v1/exports"


def bearer(session, user):
    _, plain = auth_service.create_token(session=session, user=user, name="test", now=NOW)
    return {"Authorization": f"Bearer {plain}"}


@pytest.fixture
def landscape(session, world):
    return public_steps.build(session, world)


def read_csv(response) -> list[dict[str, str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=";"))


@pytest.mark.parametrize("what", sorted(RESOURCES))
def test_csv_and_json_have_the_same_columns_and_rows(client, session, world, landscape, what):
    headers = bearer(session, world.agent_a)
    # A streamed body is read before the next request (the test client keeps its context).
    as_csv = client.get(f"{PREFIX}/{what}.csv", headers=headers)
    rows = read_csv(as_csv)
    as_json = client.get(f"{PREFIX}/{what}.json", headers=headers)
    items = json.loads(as_json.get_data(as_text=True))
    assert as_csv.status_code == as_json.status_code == 200
    assert as_csv.mimetype == "text/csv" and as_json.mimetype == "application/json"
    assert "attachment" in as_csv.headers["Content-Disposition"]
    names = RESOURCES[what].names()
    assert rows and list(rows[0]) == names
    assert [list(item) for item in items] == [names] * len(rows)
    assert [row["id"] for row in rows] == [str(item["id"]) for item in items]


def test_another_organisation_gets_only_public_rows(client, session, world, landscape):
    headers = bearer(session, world.agent_b)
    for what in RESOURCES:
        text = client.get(f"{PREFIX}/{what}.csv", headers=headers).get_data(as_text=True)
        assert public_steps.SECRET not in text, what
    experiments = read_csv(client.get(f"{PREFIX}/experiments.csv", headers=headers))
    assert {row["title"] for row in experiments} >= {"Cantine partagée"}
    assert str(landscape.internal.id) not in {row["id"] for row in experiments}


def test_the_own_organisation_sees_its_internal_rows(client, session, world, landscape):
    headers = bearer(session, world.agent_a)
    items = client.get(f"{PREFIX}/decisions.json", headers=headers).get_json()
    assert landscape.internal.id in {item["experiment_id"] for item in items}
    ledger = client.get(f"{PREFIX}/commons.json", headers=headers).get_json()
    assert {item["experiment_id"] for item in ledger} == {
        landscape.piloted.id,
        landscape.internal.id,
    }


def test_experiment_exports_take_the_list_filters(client, session, world, landscape):
    headers = bearer(session, world.agent_a)
    items = client.get(
        f"{PREFIX}/experiments.json?territory=gironde&state=stopped", headers=headers
    ).get_json()
    assert [item["id"] for item in items] == [landscape.stopped.id]
    bad = client.get(f"{PREFIX}/experiments.json?state=nowhere", headers=headers)
    assert bad.status_code == 422 and bad.mimetype == "application/problem+json"


def test_without_a_token_the_export_is_401(client, world):
    response = client.get(f"{PREFIX}/experiments.csv")
    assert response.status_code == 401 and response.mimetype == "application/problem+json"


def test_an_unknown_resource_is_404(client, session, world):
    response = client.get(f"{PREFIX}/votes.csv", headers=bearer(session, world.agent_a))
    assert response.status_code == 404


def test_withdrawn_contributions_are_not_in_the_ledger_export(client, session, world, landscape):
    headers = bearer(session, world.agent_a)
    text = client.get(f"{PREFIX}/commons.csv", headers=headers).get_data(as_text=True)
    assert "Salle du conseil" in text and "Ligne retirée" not in text


def test_exports_are_streamed_not_built_in_memory(client, session, world, landscape):
    response = client.get(f"{PREFIX}/experiments.csv", headers=bearer(session, world.agent_a))
    # The body is a generator reading the rows in chunks while it is sent.
    assert response.is_streamed
    assert response.get_data(as_text=True).count("\r\n") == 4  # header and three experiments


def test_an_unread_export_holds_no_connection_and_a_closed_one_gives_it_back(
    app, client, session, world, landscape
):
    headers = bearer(session, world.agent_a)
    pool = get_engine(app).pool
    before = pool.checkedout()
    response = client.get(f"{PREFIX}/experiments.csv", headers=headers)
    # The client (as a server does) has pulled the first chunk, the header: no session yet.
    assert pool.checkedout() == before
    body = iter(response.response)
    assert next(body).startswith("\ufeff".encode())
    assert next(body).count(b"\r\n") == 1  # the first row: the stream's own session is open
    assert pool.checkedout() == before + 1
    response.close()  # what a server does when the client goes away mid-download
    assert pool.checkedout() == before
