"""Drives the gates API as given users in tests: tokens, requests, votes and decisions."""

from typing import Any

from tests import gate_steps as steps
from tests.conftest import NOW
from tracker.services import auth as auth_service

PROBLEM = "application/problem+json"


def bearer(session, user) -> dict[str, str]:
    """Authorization headers with a fresh personal token of `user`."""
    _, plain = auth_service.create_token(session=session, user=user, name="test", now=NOW)
    return {"Authorization": f"Bearer {plain}"}


class GateApi:
    """Drives the gate endpoints as given users, each with their own token."""

    def __init__(self, client, session):
        self.client = client
        self.session = session
        self._headers: dict[int, dict[str, str]] = {}

    def headers(self, user) -> dict[str, str]:
        """The user's bearer headers (one token per user)."""
        if user.id not in self._headers:
            self._headers[user.id] = bearer(self.session, user)
        return self._headers[user.id]

    def get(self, user, path: str):
        """GET /api/v1<path> as `user`."""
        return self.client.get(f"/api/v1{path}", headers=self.headers(user))

    def post(self, user, path: str, body: dict[str, Any] | None = None):
        """POST a JSON body to /api/v1<path> as `user`."""
        return self.client.post(f"/api/v1{path}", json=body or {}, headers=self.headers(user))

    def patch(self, user, path: str, body: dict[str, Any]):
        """PATCH /api/v1<path> as `user`."""
        return self.client.patch(f"/api/v1{path}", json=body, headers=self.headers(user))

    def request(self, user, experiment_id: int, kind: str, **overrides: Any):
        """Request a gate with a complete request of its kind."""
        base = steps.PILOT_REQUEST if kind == "pilot" else steps.DECISION_REQUEST
        return self.post(
            user, f"/experiments/{experiment_id}/gates", {"kind": kind, **base, **overrides}
        )

    def vote(self, user, gate_id: int, recommendation: str, **data: Any):
        """Vote with a complete scorecard."""
        body = {"recommendation": recommendation, "scores": dict(steps.SCORES), **data}
        return self.post(user, f"/gates/{gate_id}/votes", body)

    def decide(self, user, gate_id: int, decision: str, **data: Any):
        """A decision with a rationale and what it needs."""
        body = {"decision": decision, "rationale": "Décision motivée du comité."}
        body.update(steps.DECISION_INPUTS[decision])
        body.update(data)
        return self.post(user, f"/gates/{gate_id}/decision", body)

    def reviewed(self, cast, gate_id: int, decision: str, **data: Any):
        """Both eligible voters recommend `decision`, then the chair decides it."""
        assert self.vote(cast.chair, gate_id, decision).status_code == 201
        assert self.vote(cast.member, gate_id, decision).status_code == 201
        response = self.decide(cast.chair, gate_id, decision, **data)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def experiment(self, user, experiment_id: int) -> dict[str, Any]:
        """The experiment as `user` reads it."""
        return self.get(user, f"/experiments/{experiment_id}").get_json()


def open_pilot_gate(session, api, cast) -> tuple[int, int]:
    """An experiment in prototype with an open pilot gate: (experiment id, gate id)."""
    experiment = steps.in_prototype(session, cast)
    response = api.request(cast.owner, experiment.id, "pilot")
    assert response.status_code == 201, response.get_json()
    return experiment.id, response.get_json()["id"]


def assert_problem(response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_json()
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == status and body["detail"]
    return body
