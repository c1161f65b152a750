"""POST /api/v1/imports/experiments: the export's CSV as the body, every row or none."""

from sqlmodel import select

from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.models import Event, Experiment
from tracker.services import auth as auth_service

URL = "/api/v1/imports/experiments"


def bearer(session, user):
    _, plain = auth_service.create_token(session=session, user=user, name="test", now=NOW)
    return {"Authorization": f"Bearer {plain}"}


def send(client, headers, data: bytes, content_type="text/csv", query=""):
    return client.post(URL + query, data=data, headers={**headers, "Content-Type": content_type})


def snapshot(session):
    session.expire_all()
    experiments = session.exec(
        select(Experiment.id, Experiment.title, Experiment.version).order_by(Experiment.id)
    ).all()
    return experiments, len(session.exec(select(Event)).all())


def test_export_then_import_round_trip(client, session, world):
    kept = make_experiment(session, world.agent_a, NOW, title="Guichet unique")
    edited = make_experiment(session, world.agent_a, NOW, title="Bus à la demande")
    headers = bearer(session, world.admin_a)
    exported = client.get("/api/v1/exports/experiments.csv", headers=headers).get_data()
    assert exported.startswith(b"\xef\xbb\xbf") and b"Guichet unique" in exported
    # The same file changes nothing.
    response = send(client, headers, exported)
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"created": 0, "updated": 0, "unchanged": 2, "dry_run": False}
    # One title edited, one new row (no id): one update, one creation.
    text = exported.decode("utf-8-sig").replace("Bus à la demande", "Bus solidaire")
    header = text.splitlines()[0]
    cells = {"title": "Navette", "visibility": "internal"}
    new_row = ";".join(cells.get(name, "") for name in header.split(";"))
    body = ("\ufeff" + text.rstrip("\r\n") + "\r\n" + new_row + "\r\n").encode()
    before = snapshot(session)
    dry = send(client, headers, body, query="?dry_run=true")
    assert dry.status_code == 200, dry.get_json()
    assert dry.get_json() == {"created": 1, "updated": 1, "unchanged": 1, "dry_run": True}
    assert snapshot(session) == before  # checked, counted, nothing written (no event either)
    response = send(client, headers, body)
    assert response.get_json() == {"created": 1, "updated": 1, "unchanged": 1, "dry_run": False}
    session.expire_all()
    assert session.get(Experiment, edited.id).title == "Bus solidaire"
    assert session.get(Experiment, kept.id).title == "Guichet unique"
    titles = session.exec(select(Experiment.title).order_by(Experiment.id)).all()
    assert titles == ["Guichet unique", "Bus solidaire", "Navette"]


def test_a_comma_separated_file_without_bom_is_read(client, session, world):
    response = send(client, bearer(session, world.admin_a), b"title,territory\nCantine,\n")
    assert response.status_code == 200
    assert response.get_json()["created"] == 1
    assert session.exec(select(Experiment.title)).all() == ["Cantine"]


def test_a_malformed_file_changes_nothing_and_is_reported_by_line_and_column(
    client, session, world
):
    make_experiment(session, world.agent_a, NOW, title="Guichet unique")
    before = snapshot(session)
    body = b"title;planned_end\nA;2026-01-01\nB;fin 2026\n"
    response = send(client, bearer(session, world.admin_a), body)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == 422
    assert [(e["line"], e["column"]) for e in problem["errors"]] == [(3, "planned_end")]
    assert problem["errors"][0]["message"]
    assert problem["detail"].startswith("Rien n'a été importé : 1 problèmes")
    assert snapshot(session) == before


def test_a_body_over_the_limit_is_413_before_anything_is_read(app, client, session, world):
    app.config["TRACKER"]["IMPORT_MAX_BYTES"] = 1000
    response = send(client, bearer(session, world.admin_a), b"title\n" + b"x" * 5000)
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert "1000" in response.get_json()["detail"]
    assert session.exec(select(Experiment)).all() == []


def test_another_content_type_is_415(client, session, world):
    headers = bearer(session, world.admin_a)
    response = client.post(URL, json={"title": "Cantine"}, headers=headers)
    assert response.status_code == 415
    assert send(client, headers, b"title\nCantine\n", "text/plain").status_code == 415
    assert session.exec(select(Experiment)).all() == []


def test_a_non_admin_is_403(client, session, world):
    for user in (world.agent_a, world.reviewer_a):
        response = send(client, bearer(session, user), b"title\nCantine\n")
        assert response.status_code == 403, user.email
    assert session.exec(select(Experiment)).all() == []


def test_another_organisations_experiment_is_refused_not_updated(client, session, world):
    theirs = make_experiment(session, world.agent_b, NOW, title="Chez B")
    before = snapshot(session)
    body = f"id;version;title\n{theirs.id};{theirs.version};Pris par A\n".encode()
    response = send(client, bearer(session, world.admin_a), body)
    assert response.status_code == 422
    assert [(e["line"], e["column"]) for e in response.get_json()["errors"]] == [(2, "id")]
    assert snapshot(session) == before
    assert session.get(Experiment, theirs.id).title == "Chez B"


def test_the_operation_is_documented_with_a_csv_body(client):
    document = client.get("/api/v1/openapi.json").get_json()
    spec = document["paths"]["/imports/experiments"]["post"]
    assert spec["requestBody"]["content"] == {"text/csv": {"schema": {"type": "string"}}}
    assert {"200", "401", "403", "413", "415", "422"} <= set(spec["responses"])
    assert [p["name"] for p in spec["parameters"]] == ["dry_run"]
