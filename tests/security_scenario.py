"""The scenario of the security suite: two organisations, the actors, what the URLs point at."""

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flask import Flask, url_for
from flask.testing import FlaskClient
from sqlmodel import Session
from werkzeug.routing import Rule

from tests import ecosystem_scenario, gate_steps, lesson_scenario, retro_steps, scaling_scenario
from tests.factories import PASSWORD, World, make_experiment
from tracker.models import Experiment, Organisation, OutboxMessage, User
from tracker.services import auth as auth_service
from tracker.services import boards as board_service
from tracker.services import calendar_feed
from tracker.services import gates as gate_service
from tracker.services import meetings as meeting_service
from tracker.services import retrospectives as retrospective_service
from tracker.services import takeovers as takeover_service
from tracker.services import transitions as transition_service
from tracker.services import users as user_service

# Routes whose URL names an experiment run once on an internal and once on a public one.
EXPERIMENT_KINDS = ("internal", "public")
# Meetings are scheduled in the future of the real clock the views read.
MEETING_TIME = datetime(2030, 1, 15, 9, 30, tzinfo=UTC)
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


# Who acts: a name, and the user (None for anonymous).
ACTORS = (
    "anonymous",
    "agent_a",  # the owner
    "colleague_a",  # on the team
    "reviewer_a",  # same organisation, not on the team
    "admin_a",  # same organisation, admin, not on the team
    "agent_b",  # another organisation
    "admin_b",  # another organisation's admin
    "inactive",  # a deactivated account replaying its session or token
)


@dataclass
class Scenario:
    """Organisations A and B, the experiments, user and token the URLs point at."""

    world: World
    internal: Experiment  # org A, owned by agent_a, colleague_a on the team
    public: Experiment  # the same, public
    target: User  # an agent of org A, the subject of the admin routes
    token_id: int  # one of agent_a's API tokens
    inactive: User  # an account of org A, deactivated after signing in
    inactive_session_id: str  # the Flask-Login id its old session cookie carries
    tokens: dict[str, str]  # actor name -> a plain bearer token
    gates: "GateSetup"  # org A's review board, a decided gate, fresh gates on demand
    # Stopped twins of the internal and public experiments, made when a URL needs them.
    stopped: dict[str, Experiment] = field(default_factory=dict)
    # Twins in scaling, resting on a derogation (tests.scaling_scenario), made on demand.
    scaling: dict[str, Experiment] = field(default_factory=dict)


def actor_user(scenario: Scenario, actor: str) -> User | None:
    """The account behind an actor name."""
    if actor == "anonymous":
        return None
    if actor == "inactive":
        return scenario.inactive
    return getattr(scenario.world, actor)


def _account(
    session: Session,
    organisation: Organisation,
    email: str,
    role: str,
    now: datetime,
    password: str | None = None,
) -> User:
    return user_service.create_user(
        session=session, organisation=organisation, email=email,
        name=email.split("@")[0].title(), role=role, password=password, now=now,
    )  # fmt: skip


def build_world(session: Session, now: datetime) -> World:
    """The accounts of tests.factories.build_world; only agent_a has a password.

    The matrix signs its actors in by cookie: hashing nine passwords per test (argon2 is slow
    on purpose) would triple its run time.
    """
    org_a = user_service.get_or_create_organisation(session=session, name="Préfecture A", now=now)
    org_b = user_service.get_or_create_organisation(session=session, name="Département B", now=now)
    session.commit()
    return World(
        org_a=org_a,
        org_b=org_b,
        agent_a=_account(session, org_a, "agent@a.example", "agent", now, PASSWORD),
        colleague_a=_account(session, org_a, "colleague@a.example", "agent", now),
        reviewer_a=_account(session, org_a, "reviewer@a.example", "reviewer", now),
        admin_a=_account(session, org_a, "admin@a.example", "admin", now),
        agent_b=_account(session, org_b, "agent@b.example", "agent", now),
        reviewer_b=_account(session, org_b, "reviewer@b.example", "reviewer", now),
        admin_b=_account(session, org_b, "admin@b.example", "admin", now),
    )


def build_scenario(session: Session, now: datetime) -> Scenario:
    """Everything the matrix needs, built through the services."""
    world = build_world(session, now)
    target = _account(session, world.org_a, "target@a.example", "agent", now)
    inactive = _account(session, world.org_a, "inactive@a.example", "agent", now)
    inactive_session_id = inactive.get_id()
    signed = {name: getattr(world, name, None) for name in ACTORS} | {"inactive": inactive}
    tokens = {
        name: auth_service.create_token(session=session, user=user, name="matrix", now=now)[1]
        for name, user in signed.items()
        if user is not None
    }
    token, _plain = auth_service.create_token(
        session=session, user=world.agent_a, name="to revoke", now=now
    )
    user_service.set_active(session=session, actor=world.admin_a, user_id=inactive.id, active=False)
    return Scenario(
        world=world,
        internal=fresh_experiment(session, world, "internal", now),
        public=fresh_experiment(session, world, "public", now),
        target=target,
        token_id=token.id,
        inactive=inactive,
        inactive_session_id=inactive_session_id,
        tokens=tokens,
        gates=build_gates(session, world, now),
    )


@dataclass
class GateSetup:
    """Org A's board (reviewer_a chairs, admin_a sits, quorum 1) and gates on its experiments."""

    session: Session
    world: World
    now: datetime
    board_id: int = 0
    gate_id: int = 0  # a decided conditional go on an internal experiment of org A
    condition_id: int = 0
    meeting_id: int = 0  # a meeting of the board with an open gate of agent_a on its agenda

    def schedule_meeting(self, gate_id: int) -> int:
        """reviewer_a (the chair) schedules a meeting with this gate on the agenda."""
        meeting = meeting_service.schedule(
            session=self.session, actor=self.world.reviewer_a, board_id=self.board_id,
            data={"starts_at": MEETING_TIME, "place": "Salle 1", "gate_ids": [gate_id]},
            now=self.now,
        )  # fmt: skip
        return int(meeting.id)  # type: ignore[arg-type]

    def to_prototype(self, experiment: Experiment) -> Experiment:
        """Start the prototype of a fresh experiment (its owner is agent_a)."""
        return transition_service.fire(
            session=self.session, actor=self.world.agent_a, experiment_id=experiment.id,
            trigger="start_prototype", version=experiment.version, params={}, now=self.now,
        )  # fmt: skip

    def open_gate(self, experiment: Experiment) -> int:
        """A pilot gate on a fresh experiment, with admin_a's vote: a chair may decide it."""
        self.to_prototype(experiment)
        gate = gate_service.request_gate(
            session=self.session, actor=self.world.agent_a, experiment_id=experiment.id,
            kind="pilot", data=gate_steps.PILOT_REQUEST, now=self.now,
        )  # fmt: skip
        gate_service.vote(
            session=self.session, actor=self.world.admin_a, gate_id=gate.id,
            data={"recommendation": "hold", "scores": dict(gate_steps.SCORES)}, now=self.now,
        )  # fmt: skip
        return int(gate.id)  # type: ignore[arg-type]


def build_gates(session: Session, world: World, now: datetime) -> GateSetup:
    """The board, and a gate decided with a condition that the matrix marks met."""
    setup = GateSetup(session=session, world=world, now=now)
    board = board_service.create_board(
        session=session, actor=world.admin_a,
        data={"name": "Comité", "chairs": [world.reviewer_a.email],
              "members": [world.admin_a.email], "quorum": 1},
        now=now,
    )  # fmt: skip
    setup.board_id = int(board.id)  # type: ignore[arg-type]
    setup.gate_id = setup.open_gate(fresh_experiment(session, world, "internal", now))
    gate_service.decide(
        session=session, actor=world.reviewer_a, gate_id=setup.gate_id,
        data={"decision": "go", "rationale": "Matrice", "conditions": ["Convention signée"]},
        now=now,
    )  # fmt: skip
    [condition] = gate_service.conditions_of(
        session=session, gate=gate_service.get(session=session, actor=world.admin_a,
                                               gate_id=setup.gate_id)
    )  # fmt: skip
    setup.condition_id = int(condition.id)  # type: ignore[arg-type]
    standing = setup.open_gate(fresh_experiment(session, world, "internal", now))
    setup.meeting_id = setup.schedule_meeting(standing)
    return setup


def _gate_id(scenario: Scenario, experiment: Experiment | None) -> int:
    # Reading routes use the standing gate; a writing route is given a fresh experiment, and
    # gets a fresh open gate on it, so one actor's decision never changes the next request.
    if experiment is None or experiment is scenario.internal:
        return scenario.gates.gate_id
    return scenario.gates.open_gate(experiment)


def _meeting_id(scenario: Scenario, experiment: Experiment | None) -> int:
    # As for gates: writing routes get a fresh meeting on a fresh gate of their experiment.
    if experiment is None or experiment is scenario.internal:
        return scenario.gates.meeting_id
    return scenario.gates.schedule_meeting(scenario.gates.open_gate(experiment))


def fresh_experiment(session: Session, world: World, visibility: str, now: datetime) -> Experiment:
    """A draft of org A, ready to start, owned by agent_a with colleague_a on the team."""
    return make_experiment(
        session, world.agent_a, now, visibility=visibility, team=[world.colleague_a.email]
    )


def _dead_message_id(scenario: Scenario, _experiment: Experiment | None) -> int:
    """A dead email to the target (org A), for the outbox retry."""
    session = scenario.gates.session
    row = OutboxMessage(
        dedup_key=f"matrix-{uuid.uuid4().hex}",
        user_id=scenario.target.id,
        email=scenario.target.email,
        kind="stale",
        template="stale",
        status="dead",
        attempts=5,
    )
    session.add(row)
    session.commit()
    return row.id or 0


# How to fill each URL argument.
URL_ARGUMENTS: dict[str, Callable[[Scenario, Experiment | None], Any]] = {
    "experiment_id": lambda scenario, experiment: experiment.id if experiment else None,
    "user_id": lambda scenario, _experiment: scenario.target.id,
    "token_id": lambda scenario, _experiment: scenario.token_id,
    "board_id": lambda scenario, _experiment: scenario.gates.board_id,
    "gate_id": _gate_id,
    "condition_id": lambda scenario, _experiment: scenario.gates.condition_id,
    "meeting_id": _meeting_id,
    "table": lambda _scenario, _experiment: "funnel",
    "lesson_id": lesson_scenario.lesson_id,
    "territory_id": ecosystem_scenario.territory_id,
    "partner_id": ecosystem_scenario.partner_id,
    "link_id": ecosystem_scenario.link_id,
    "contribution_id": ecosystem_scenario.contribution_id,
    "message_id": _dead_message_id,
    # agent_a's private calendar feed, keyed with the test app's secret (tests/conftest.py).
    "token": lambda scenario, _e: calendar_feed.token(scenario.world.agent_a, "test-secret"),
}
# Boards and gates belong to org A and to its internal experiments.
_ORGANISATION_A_ARGUMENTS = {"board_id", "gate_id", "meeting_id", "lesson_id"}


def rules(app: Flask) -> Iterator[Rule]:
    """Every rule of the URL map but the static files."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static":
            yield rule


def methods(rule: Rule) -> list[str]:
    """The methods a rule serves, without the automatic HEAD and OPTIONS."""
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


def kinds(rule: Rule) -> tuple[str | None, ...]:
    """The experiments a rule is tried on (none when its URL names no experiment)."""
    if "experiment_id" in rule.arguments:
        return EXPERIMENT_KINDS
    return ("internal",) if _ORGANISATION_A_ARGUMENTS & set(rule.arguments) else (None,)


# Retrospective routes need a stopped experiment; True: a drafted one, ready to submit;
# "published": submitted by the owner and published by the chair.
RETROSPECTIVE_ENDPOINTS: dict[str, bool | str] = {
    "api.get_retrospective": False,
    "api.save_retrospective": False,
    "api.fire_retrospective_transition": True,
    "retrospectives.detail": False,
    "retrospectives.edit": False,
    "retrospectives.transition": True,
    "retrospectives.add_addendum": "published",
    "api.add_retrospective_addendum": "published",
    "takeovers.seeking_taker": False,
    "takeovers.take_over": "seeking",
    "api.take_over": "seeking",
}


def _stop(scenario: Scenario, experiment: Experiment) -> Experiment:
    return transition_service.fire(
        session=scenario.gates.session, actor=scenario.world.agent_a,
        experiment_id=experiment.id, trigger="stop", version=experiment.version,
        params={"stop_reason": "no_impact", "explanation": "Matrice"}, now=scenario.gates.now,
    )  # fmt: skip


def _retrospective_experiment(
    scenario: Scenario, experiment: Experiment, drafted: bool | str
) -> Experiment:
    """The shared experiments get a stopped twin; a fresh one (a writing route) is stopped."""
    for kind in EXPERIMENT_KINDS:
        if experiment is getattr(scenario, kind):
            if kind not in scenario.stopped:
                twin = fresh_experiment(
                    scenario.gates.session, scenario.world, kind, scenario.gates.now
                )
                scenario.stopped[kind] = _stop(scenario, twin)
            return scenario.stopped[kind]
    _stop(scenario, experiment)
    if drafted:
        retrospective_service.save(
            session=scenario.gates.session, actor=scenario.world.agent_a,
            experiment_id=experiment.id, version=1, data=retro_steps.FILLED,
            now=scenario.gates.now,
        )  # fmt: skip
    if drafted == "seeking":
        takeover_service.set_seeking(
            session=scenario.gates.session, actor=scenario.world.agent_a,
            experiment_id=experiment.id, seeking=True, version=experiment.version,
            now=scenario.gates.now,
        )  # fmt: skip
        return experiment
    if drafted == "published":
        for actor, trigger in (
            (scenario.world.agent_a, "submit"),
            (scenario.world.reviewer_a, "publish"),
        ):
            retrospective_service.fire(
                session=scenario.gates.session, actor=actor, experiment_id=experiment.id,
                trigger=trigger, version=None, now=scenario.gates.now,
            )  # fmt: skip
    return experiment


def url_of(app: Flask, rule: Rule, scenario: Scenario, experiment: Experiment | None) -> str:
    """The rule's URL with its arguments filled from the scenario."""
    missing = set(rule.arguments) - set(URL_ARGUMENTS)
    assert not missing, f"{rule.endpoint}: no way to fill {sorted(missing)} in URL_ARGUMENTS"
    if experiment is not None and rule.endpoint in RETROSPECTIVE_ENDPOINTS:
        drafted = RETROSPECTIVE_ENDPOINTS[rule.endpoint]
        experiment = _retrospective_experiment(scenario, experiment, drafted)
    if experiment is not None and rule.endpoint in scaling_scenario.SCALING_ENDPOINTS:
        experiment = scaling_scenario.twin(scenario, experiment)
    args = {name: URL_ARGUMENTS[name](scenario, experiment) for name in rule.arguments}
    with app.test_request_context():
        return url_for(rule.endpoint, **args)


def client_as(app: Flask, scenario: Scenario, actor: str) -> tuple[FlaskClient, str]:
    """A client carrying the actor's session cookie (no password check), and its CSRF token."""
    client = app.test_client()
    user = actor_user(scenario, actor)
    if user is not None:
        # The inactive actor replays the cookie it had before its deactivation.
        session_id = scenario.inactive_session_id if actor == "inactive" else user.get_id()
        with client.session_transaction() as cookie:
            cookie["_user_id"] = session_id
            cookie["_fresh"] = True
    page = client.get("/profile" if actor not in ("anonymous", "inactive") else "/login")
    match = _CSRF.search(page.get_data(as_text=True))
    assert match is not None, f"no CSRF token for {actor}"
    return client, match.group(1)
