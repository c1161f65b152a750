"""The load scenario: agents drive experiments to their pilot gate, the board votes and decides.

Run by benchmarks/load/run.py (`make load`), not by hand: it needs LOAD_TOKENS (the cast's
tokens) and LOAD_RESULTS (where every write the server acknowledged is recorded, so the runner
can check afterwards that the database holds each of them exactly once).

Expected refusals are not failures: a vote on a gate decided meanwhile (409), a decision before
quorum (422) or after another chair's (409). Anything 5xx is.
"""

import itertools
import json
import os
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

TOKENS: dict[str, list[str]] = json.loads(Path(os.environ["LOAD_TOKENS"]).read_text())
ACKNOWLEDGED: dict[str, list[Any]] = defaultdict(list)
SERVER_ERRORS: list[str] = []
_next = {role: itertools.cycle(tokens) for role, tokens in TOKENS.items()}

EXPERIMENT = {
    "problem": "Les usagers abandonnent la démarche en ligne.",
    "hypothesis": "Un accompagnement au guichet réduit les abandons de moitié.",
    "target_users": "Demandeurs du RSA",
    "success_criteria": [
        {
            "indicator": "taux d'abandon",
            "target": "20 %",
            "target_value": 20,
            "direction": "at_most",
        }
    ],
    "stop_criteria": ["Moins de 10 usagers accompagnés en un mois"],
    "territory": "Lozère",
}
PILOT_REQUEST = {
    "prototype_learnings": "Les usagers comprennent le guichet sans aide.",
    "pilot_plan": {
        "territory": "Lozère",
        "population": "Demandeurs du RSA de deux cantons",
        "duration_weeks": 12,
        "partners": ["CAF de la Lozère"],
        "budget_eur": 15000,
    },
}
SCORES = {
    "legal_ok": True,
    "user_value": 4,
    "evidence_strength": 3,
    "feasibility": 4,
    "cost": 3,
    "partner_commitment": 5,
}


@events.request.add_listener
def _server_errors(request_type, name, response, **_: Any) -> None:  # type: ignore[no-untyped-def]
    if response is not None and response.status_code >= 500:
        SERVER_ERRORS.append(f"{request_type} {name} {response.status_code}")


@events.test_stop.add_listener
def _write_results(**_: Any) -> None:
    results = {"acknowledged": ACKNOWLEDGED, "server_errors": SERVER_ERRORS}
    Path(os.environ["LOAD_RESULTS"]).write_text(json.dumps(results))


class _ApiUser(HttpUser):
    abstract = True
    role = ""

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Bearer {next(_next[self.role])}"

    def send(self, method: str, path: str, name: str, ok: tuple[int, ...], **kwargs: Any):  # type: ignore[no-untyped-def]
        """One API call; statuses in `ok` are expected outcomes, anything else a failure."""
        with self.client.request(
            method, f"/api/v1{path}", name=name, catch_response=True, **kwargs
        ) as response:
            if response.status_code in ok:
                response.success()
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")
            return response


class Agent(_ApiUser):
    """An intrapreneur: creates an experiment, starts the prototype, logs, asks for the gate."""

    weight = 4
    role = "agents"
    wait_time = between(0.5, 2)

    @task(3)
    def journey(self) -> None:
        created = self.send(
            "POST",
            "/experiments",
            "create experiment",
            (201,),
            json={**EXPERIMENT, "title": f"Guichet {random.randrange(10**9)}"},
        )
        if created.status_code != 201:
            return
        experiment = created.json()
        ACKNOWLEDGED["experiments"].append(experiment["id"])
        path = f"/experiments/{experiment['id']}"
        started = self.send(
            "POST",
            f"{path}/transitions",
            "start prototype",
            (200,),
            json={"trigger": "start_prototype", "version": experiment["version"]},
        )
        if started.status_code != 200:
            return
        entry = self.send(
            "POST",
            f"{path}/journal",
            "journal entry",
            (201,),
            json={"kind": "observation", "body": "Douze usagers reçus cette semaine."},
        )
        if entry.status_code == 201:
            ACKNOWLEDGED["journal"].append(entry.json()["id"])
        gate = self.send(
            "POST",
            f"{path}/gates",
            "request pilot gate",
            (201,),
            json={"kind": "pilot", **PILOT_REQUEST},
        )
        if gate.status_code == 201:
            ACKNOWLEDGED["gates"].append(gate.json()["id"])

    @task(5)
    def read(self) -> None:
        listed = self.send("GET", "/experiments", "list experiments", (200,))
        items = listed.json().get("items", []) if listed.status_code == 200 else []
        if items:
            item = random.choice(items)
            self.send("GET", f"/experiments/{item['id']}", "experiment detail", (200,))


class _Reviewer(_ApiUser):
    """A member of the board: votes on what waits in the queue."""

    abstract = True
    wait_time = between(0.5, 1.5)

    def vote_on_queue(self) -> list[int]:
        queue = self.send("GET", "/gates/queue", "gate queue", (200,))
        voted = []
        for gate in (queue.json() if queue.status_code == 200 else [])[:3]:
            vote = self.send(
                "POST",
                f"/gates/{gate['id']}/votes",
                "vote",
                # 200: the same member changed their vote (several simulated users share an
                # account); 409: the gate was decided meanwhile.
                (200, 201, 409),
                json={"recommendation": "go", "scores": SCORES},
            )
            if vote.status_code == 201:
                ACKNOWLEDGED["votes"].append(f"{gate['id']}:{vote.json()['voter']['id']}")
                voted.append(gate["id"])
        return voted


class Member(_Reviewer):
    """A board member who votes and does not decide."""

    weight = 1
    role = "members"

    @task
    def review(self) -> None:
        self.vote_on_queue()


class Chair(_Reviewer):
    """A chair: votes, then races the other chairs to decide the gates it voted on."""

    weight = 1
    role = "chairs"

    def on_start(self) -> None:
        super().on_start()
        self.pending: list[int] = []

    @task
    def review(self) -> None:
        self.pending += self.vote_on_queue()
        for gate_id in list(self.pending):
            decided = self.send(
                "POST",
                f"/gates/{gate_id}/decision",
                "decide",
                (200, 409, 422),
                json={"decision": "go", "rationale": "Quorum atteint, pilote justifié."},
            )
            if decided.status_code == 200:
                ACKNOWLEDGED["decisions"].append(gate_id)
            elif decided.status_code == 409:
                # Another chair decided first: the race the unique decision must settle.
                ACKNOWLEDGED["decisions_lost_race"].append(gate_id)
            if decided.status_code != 422:
                self.pending.remove(gate_id)
