"""The OpenAPI 3.1 document: valid, complete, and consistent with the routes; the docs page."""

import re

from openapi_spec_validator import validate

PREFIX = "/api/v1"


def test_the_document_is_valid_openapi_3_1(client):
    response = client.get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.1")
    validate(document)


def _routes(app):
    """(method, OpenAPI path) of every Flask route under the API prefix."""
    found = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PREFIX + "/"):
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule[len(PREFIX) :])
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found.add((method.lower(), path))
    return found


def test_every_api_route_is_documented_and_nothing_else(app, client):
    document = client.get(f"{PREFIX}/openapi.json").get_json()
    documented = {
        (method, path) for path, methods in document["paths"].items() for method in methods
    }
    assert _routes(app) == documented
    assert ("patch", "/experiments/{experiment_id}") in documented


def test_every_reference_points_to_a_component(client):
    document = client.get(f"{PREFIX}/openapi.json").get_json()
    text = client.get(f"{PREFIX}/openapi.json").get_data(as_text=True)
    references = set(re.findall(r'"#/components/schemas/([^"]+)"', text))
    assert references and references <= set(document["components"]["schemas"])


def test_protected_operations_declare_bearer_auth_and_401(client):
    document = client.get(f"{PREFIX}/openapi.json").get_json()
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    for path, methods in document["paths"].items():
        for method, spec in methods.items():
            public = spec.get("security") == []
            assert public == (path in {"/workflow", "/openapi.json", "/docs"}), (method, path)
            if not public:
                assert "401" in spec["responses"], (method, path)


def test_the_experiment_schema_has_the_contract_fields(client):
    schemas = client.get(f"{PREFIX}/openapi.json").get_json()["components"]["schemas"]
    fields = set(schemas["ExperimentOut"]["properties"])
    assert {
        "id",
        "title",
        "state",
        "iteration",
        "version",
        "visibility",
        "organisation",
        "owner",
        "allowed_triggers",
        "blocked_triggers",
        "team",
        "last_activity_at",
    } <= fields
    assert schemas["ExperimentPatch"]["required"] == ["version"]
    assert schemas["ExperimentCreateBody"]["required"] == ["title"]


def test_the_docs_page_lists_every_operation(client):
    document = client.get(f"{PREFIX}/openapi.json").get_json()
    response = client.get(f"{PREFIX}/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<script" not in page
    for path, methods in document["paths"].items():
        for method, spec in methods.items():
            assert f"{method.upper()} {path}" in page
            assert f'id="op-{spec["operationId"]}"' in page
    for name in document["components"]["schemas"]:
        assert f'id="schema-{name}"' in page
