"""API territories, partners, experiment partners and the commons ledger."""

import pytest

from tests.conftest import NOW
from tests.factories import make_experiment
from tests.test_api_experiments import bearer

API = "/api/v1"


@pytest.fixture
def tokens(session, world):
    return {
        name: bearer(session, getattr(world, name))
        for name in ("agent_a", "colleague_a", "admin_a", "agent_b", "admin_b")
    }


def _problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    return response.get_json()


def test_territory_crud_by_admins_with_versions_and_archive(client, tokens):
    body = {"name": "Lozère", "level": "department", "code": "48"}
    _problem(client.post(f"{API}/territories", json=body, headers=tokens["agent_a"]), 403)
    created = client.post(f"{API}/territories", json=body, headers=tokens["admin_b"])
    assert created.status_code == 201
    territory = created.get_json()
    assert created.headers["Location"].endswith(f"/territories/{territory['id']}")
    assert (territory["code"], territory["archived"], territory["version"]) == ("48", False, 1)
    url = f"{API}/territories/{territory['id']}"
    # Shared inventory: another organisation's users read it.
    assert client.get(url, headers=tokens["agent_a"]).get_json()["name"] == "Lozère"
    patched = client.patch(url, json={"version": 1, "archived": True}, headers=tokens["admin_a"])
    assert patched.status_code == 200 and patched.get_json()["archived"] is True
    stale = client.patch(url, json={"version": 1, "name": "X"}, headers=tokens["admin_a"])
    _problem(stale, 409)
    listed = client.get(f"{API}/territories", headers=tokens["agent_a"]).get_json()
    assert listed["items"] == []
    archived = client.get(f"{API}/territories?include_archived=true", headers=tokens["agent_a"])
    assert [t["id"] for t in archived.get_json()["items"]] == [territory["id"]]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "A", "level": "canton"}, "level"),
        ({"name": "A", "code": "ABC"}, "code"),
        ({"name": ""}, "name"),
        ({"name": "A", "extra": 1}, "extra"),
    ],
)
def test_invalid_territories_are_422_by_field(client, tokens, body, field):
    problem = _problem(client.post(f"{API}/territories", json=body, headers=tokens["admin_a"]), 422)
    assert field in problem["errors"]


def test_unknown_territory_is_404_and_delete_is_not_a_route(client, tokens):
    _problem(client.get(f"{API}/territories/999", headers=tokens["agent_a"]), 404)
    response = client.delete(f"{API}/territories/1", headers=tokens["admin_a"])
    assert response.status_code == 405


def test_territory_list_pages_by_name_with_a_cursor(client, tokens):
    for name in ("Causse", "Aubrac", "Mende", "Gard", "Banyuls"):
        client.post(f"{API}/territories", json={"name": name}, headers=tokens["admin_a"])
    seen, cursor = [], None
    while True:
        query = f"?limit=2&cursor={cursor}" if cursor else "?limit=2"
        page = client.get(f"{API}/territories{query}", headers=tokens["agent_b"]).get_json()
        seen += [t["name"] for t in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == ["Aubrac", "Banyuls", "Causse", "Gard", "Mende"]
    bad = client.get(f"{API}/territories?cursor=nope", headers=tokens["agent_b"])
    assert "cursor" in _problem(bad, 422)["errors"]


def test_experiments_take_territory_ids_or_a_name_and_filter_by_name_or_code(
    client, session, world, tokens
):
    gard = client.post(
        f"{API}/territories",
        json={"name": "Gard", "level": "department", "code": "30"},
        headers=tokens["admin_a"],
    ).get_json()
    by_ids = client.post(
        f"{API}/experiments",
        json={"title": "Navette", "territory_ids": [gard["id"]]},
        headers=tokens["agent_a"],
    ).get_json()
    assert by_ids["territory_ids"] == [gard["id"]] and by_ids["territory"] == "Gard"
    assert by_ids["territories"] == [
        {"id": gard["id"], "name": "Gard", "code": "30", "level": "department"}
    ]
    by_name = client.post(
        f"{API}/experiments",
        json={"title": "Cantine", "territory": "Cévennes"},
        headers=tokens["agent_a"],
    ).get_json()
    assert (
        by_name["territories"][0]["name"] == "Cévennes"
        and by_name["territories"][0]["level"] is None
    )
    listed = client.get(f"{API}/experiments?territory=30", headers=tokens["agent_a"]).get_json()
    assert [e["title"] for e in listed["items"]] == ["Navette"]
    unknown = client.post(
        f"{API}/experiments",
        json={"title": "X", "territory_ids": [9999]},
        headers=tokens["agent_a"],
    )
    assert "territory_ids" in _problem(unknown, 422)["errors"]
    patched = client.patch(
        f"{API}/experiments/{by_name['id']}",
        json={"version": 1, "territory_ids": [gard["id"], by_name["territory_ids"][0]]},
        headers=tokens["agent_a"],
    ).get_json()
    assert patched["territory"] == "Cévennes, Gard" and patched["version"] == 2


def test_partner_crud_siret_and_edit_rights_across_organisations(client, tokens):
    body = {"name": "Coop du Causse", "kind": "company", "siret": "12345678900012"}
    created = client.post(f"{API}/partners", json=body, headers=tokens["agent_a"])
    assert created.status_code == 201
    partner = created.get_json()
    url = f"{API}/partners/{partner['id']}"
    assert client.get(url, headers=tokens["agent_b"]).status_code == 200
    _problem(client.patch(url, json={"version": 1, "name": "X"}, headers=tokens["agent_b"]), 403)
    renamed = client.patch(url, json={"version": 1, "name": "Coop"}, headers=tokens["colleague_a"])
    assert renamed.get_json()["name"] == "Coop" and renamed.get_json()["version"] == 2
    bad = client.post(f"{API}/partners", json={**body, "siret": "123"}, headers=tokens["agent_a"])
    assert "siret" in _problem(bad, 422)["errors"]
    taken = client.post(f"{API}/partners", json=body, headers=tokens["agent_b"])
    assert "siret" in _problem(taken, 422)["errors"]
    wrong_kind = client.post(
        f"{API}/partners", json={"name": "X", "kind": "club"}, headers=tokens["agent_a"]
    )
    assert "kind" in _problem(wrong_kind, 422)["errors"]
    found = client.get(f"{API}/partners?q=12345678900012", headers=tokens["agent_b"]).get_json()
    assert [p["id"] for p in found["items"]] == [partner["id"]]


def test_experiment_partners_link_role_withdraw_and_visibility(client, session, world, tokens):
    experiment = make_experiment(session, world.agent_a, NOW)
    partner = client.post(
        f"{API}/partners", json={"name": "Labo", "kind": "research_team"}, headers=tokens["agent_b"]
    ).get_json()
    url = f"{API}/experiments/{experiment.id}/partners"
    body = {"partner_id": partner["id"], "role": "evaluator"}
    _problem(client.post(url, json=body, headers=tokens["agent_b"]), 404)
    _problem(client.get(url, headers=tokens["agent_b"]), 404)
    linked = client.post(url, json=body, headers=tokens["agent_a"])
    assert linked.status_code == 201
    link = linked.get_json()
    assert (link["role"], link["partner"]["name"]) == ("evaluator", "Labo")
    _problem(client.post(url, json=body, headers=tokens["agent_a"]), 409)
    bad_role = client.post(url, json={**body, "role": "sponsor"}, headers=tokens["agent_a"])
    assert "role" in _problem(bad_role, 422)["errors"]
    changed = client.patch(
        f"{url}/{link['id']}", json={"role": "funder"}, headers=tokens["agent_a"]
    ).get_json()
    assert changed["role"] == "funder"
    client.patch(f"{url}/{link['id']}", json={"withdrawn": True}, headers=tokens["agent_a"])
    one = client.get(f"{url}/{link['id']}", headers=tokens["agent_a"]).get_json()
    assert one["withdrawn_at"] is not None and one["role"] == "funder"
    _problem(client.get(f"{url}/{link['id']}", headers=tokens["agent_b"]), 404)
    assert client.get(url, headers=tokens["agent_a"]).get_json() == []


def test_commons_ledger_add_edit_withdraw_totals_and_access(client, session, world, tokens):
    experiment = make_experiment(session, world.agent_a, NOW, visibility="public")
    url = f"{API}/experiments/{experiment.id}/commons"
    body = {
        "kind": "staff_time",
        "description": "Agents d'accueil",
        "quantity": 20,
        "unit": "jours",
        "value_eur": 6000,
        "start": "2026-01-01",
        "end": "2026-06-30",
    }
    _problem(client.post(url, json=body, headers=tokens["agent_b"]), 403)
    created = client.post(url, json=body, headers=tokens["agent_a"])
    assert created.status_code == 201
    row = created.get_json()
    assert (row["start"], row["end"], row["version"]) == ("2026-01-01", "2026-06-30", 1)
    client.post(
        url,
        json={"kind": "funding", "description": "Subvention", "value_eur": 1500.5},
        headers=tokens["agent_a"],
    )
    ledger = client.get(url, headers=tokens["agent_b"]).get_json()
    assert ledger["value_eur"] == 7500.5 and len(ledger["items"]) == 2
    assert {(t["kind"], t["unit"], t["quantity"]) for t in ledger["totals"]} == {
        ("funding", "", None),
        ("staff_time", "jours", 20.0),
    }
    one = f"{url}/{row['id']}"
    assert (
        client.get(one, headers=tokens["agent_b"]).get_json()["description"] == "Agents d'accueil"
    )
    edited = client.patch(one, json={"version": 1, "quantity": 25}, headers=tokens["agent_a"])
    assert edited.get_json()["quantity"] == 25 and edited.get_json()["version"] == 2
    _problem(client.patch(one, json={"version": 1, "quantity": 1}, headers=tokens["agent_a"]), 409)
    withdrawn = client.patch(one, json={"version": 2, "withdrawn": True}, headers=tokens["agent_a"])
    assert withdrawn.get_json()["withdrawn"] is True
    assert client.get(url, headers=tokens["agent_a"]).get_json()["value_eur"] == 1500.5
    invalid = client.post(url, json={"kind": "data", "description": "x"}, headers=tokens["agent_a"])
    _problem(invalid, 422)
    wrong = client.post(url, json={**body, "kind": "gift"}, headers=tokens["agent_a"])
    assert "kind" in _problem(wrong, 422)["errors"]


def test_an_internal_experiments_commons_are_404_to_other_organisations(
    client, session, world, tokens
):
    experiment = make_experiment(session, world.agent_a, NOW)
    _problem(
        client.get(f"{API}/experiments/{experiment.id}/commons", headers=tokens["agent_b"]), 404
    )


def test_no_token_is_401(client):
    for path in ("/territories", "/partners", "/experiments/1/commons", "/experiments/1/partners"):
        _problem(client.get(f"{API}{path}"), 401)


def test_ids_beyond_the_columns_are_422_not_500(client, tokens):
    huge = 10**20
    body = {"title": "X", "territory_ids": [huge]}
    problem = _problem(client.post(f"{API}/experiments", json=body, headers=tokens["agent_a"]), 422)
    assert any(key.startswith("territory_ids") for key in problem["errors"])
    territory = {"name": "A", "cluster_id": huge}
    _problem(client.post(f"{API}/territories", json=territory, headers=tokens["admin_a"]), 422)
    link = {"partner_id": huge, "role": "host"}
    linked = client.post(f"{API}/experiments/1/partners", json=link, headers=tokens["agent_a"])
    _problem(linked, 422)
