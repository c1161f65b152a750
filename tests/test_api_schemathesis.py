"""Schemathesis over every operation of the OpenAPI document, in process, on a real database.

For each operation it generates requests from the document (valid and invalid bodies, query
strings and path values) and checks each answer: no server error, no status the document does
not declare, a content type and a body that match the declared response schema. Requests carry
a bearer token of an agent whose organisation has experiments, so most operations reach their
services and not only the 401 of a missing token.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import NOW
from tests.factories import make_experiment
from tests.gate_api import bearer
from tracker import create_app

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _document() -> dict:
    """The OpenAPI document as the app serves it (its generation reads no database)."""
    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "schema-only", "TESTING": True})
    return app.test_client().get("/api/v1/openapi.json").get_json()


schema = schemathesis.openapi.from_dict(_document())


@pytest.fixture
def auth_headers(session, world) -> dict[str, str]:
    """agent_a's token; org A has an internal and a public experiment for requests to meet."""
    make_experiment(session, world.agent_a, NOW, title="Guichet unique")
    make_experiment(session, world.agent_a, NOW, title="Bus à la demande", visibility="public")
    return bearer(session, world.agent_a)


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_its_documented_promises(case, app, auth_headers):
    case.call_and_validate(app=app, headers=auth_headers, checks=CHECKS)
