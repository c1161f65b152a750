"""The route table of the security suite: every endpoint of the URL map and who may use it.

A new route needs an entry here, or tests/test_security_matrix.py fails and names it.
Policies (HTML routes redirect strangers to the sign-in page; API routes answer 401):
- anonymous: anyone, signed in or not;
- signed_in: any active account;
- organisation: members of the experiment's organisation, and everyone signed in when it is
  public; an internal experiment of another organisation is 404, never 403;
- team: the same visibility rule, then only the owner and the team (others 403);
- admin: admins, each for their own organisation (others 403);
- admin_of_user: admins of the user's organisation (other admins 404, non-admins 403);
- token_owner: the owner of the API token (anyone else 404);
- api_public: no token needed; api_token: any valid bearer token;
- api_organisation / api_team: as organisation / team, for bearer tokens.
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from tests.factories import PASSWORD, World, make_experiment
from tracker.models import Experiment, Organisation, User
from tracker.services import auth as auth_service
from tracker.services import users as user_service

POLICIES = (
    "anonymous",
    "signed_in",
    "organisation",
    "team",
    "admin",
    "admin_of_user",
    "token_owner",
    "api_public",
    "api_token",
    "api_organisation",
    "api_team",
)
# Routes whose URL names an experiment run once on an internal and once on a public one.
EXPERIMENT_KINDS = ("internal", "public")
_emails = itertools.count(1)


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
    )


def fresh_experiment(session: Session, world: World, visibility: str, now: datetime) -> Experiment:
    """A draft of org A, ready to start, owned by agent_a with colleague_a on the team."""
    return make_experiment(
        session, world.agent_a, now, visibility=visibility, team=[world.colleague_a.email]
    )


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


def actor_user(scenario: Scenario, actor: str) -> User | None:
    """The account behind an actor name."""
    if actor == "anonymous":
        return None
    if actor == "inactive":
        return scenario.inactive
    return getattr(scenario.world, actor)


# How to fill each URL argument.
URL_ARGUMENTS: dict[str, Callable[[Scenario, Experiment | None], Any]] = {
    "experiment_id": lambda scenario, experiment: experiment.id if experiment else None,
    "user_id": lambda scenario, _experiment: scenario.target.id,
    "token_id": lambda scenario, _experiment: scenario.token_id,
}

Body = Callable[[Scenario, Experiment | None], dict[str, Any]]


def _new_email() -> str:
    return f"new{next(_emails)}@a.example"


def _experiment_form(_scenario: Scenario, experiment: Experiment | None) -> dict[str, Any]:
    form = {"title": "Matrice", "visibility": "internal"}
    if experiment is not None:
        form.update(visibility=experiment.visibility, version=str(experiment.version))
    return form


def _start(_scenario: Scenario, experiment: Experiment | None) -> dict[str, Any]:
    assert experiment is not None
    return {"trigger": "start_prototype", "version": experiment.version}


@dataclass(frozen=True)
class Route:
    """The access policy of one endpoint, and a body its writing method would accept."""

    policy: str
    body: Body | None = None  # the form (HTML) or JSON (API) of POST/PATCH
    writes_experiment: bool = False  # give each request its own experiment
    switches_user: bool = False  # signs in or out: give it a client of its own


ROUTES: dict[str, Route] = {
    "main.index": Route("anonymous"),
    "main.healthz": Route("anonymous"),
    "main.set_locale": Route("anonymous", body=lambda s, e: {"locale": "en", "next": "/"}),
    "auth.login": Route(
        "anonymous",
        body=lambda s, e: {"email": "agent@a.example", "password": PASSWORD},
        switches_user=True,
    ),
    "auth.logout": Route("signed_in", body=lambda s, e: {}, switches_user=True),
    "auth.profile": Route("signed_in"),
    "auth.create_token": Route("signed_in", body=lambda s, e: {"name": "matrix"}),
    "auth.revoke_token": Route("token_owner", body=lambda s, e: {}),
    "experiments.mine": Route("signed_in"),
    "experiments.index": Route("signed_in"),
    "experiments.new": Route("signed_in", body=_experiment_form),
    "experiments.detail": Route("organisation"),
    "experiments.edit": Route("team", body=_experiment_form, writes_experiment=True),
    "experiments.transition": Route("team", body=_start, writes_experiment=True),
    "experiments.journal": Route(
        "team", body=lambda s, e: {"kind": "note", "body": "Vu"}, writes_experiment=True
    ),
    "admin.users": Route("admin"),
    "admin.create_user": Route(
        "admin",
        body=lambda s, e: {
            "email": _new_email(),
            "name": "Nouvelle",
            "role": "agent",
            "password": PASSWORD,
        },
    ),
    "admin.set_role": Route("admin_of_user", body=lambda s, e: {"role": "reviewer"}),
    "admin.deactivate": Route("admin_of_user", body=lambda s, e: {}),
    "admin.reactivate": Route("admin_of_user", body=lambda s, e: {}),
    "api.get_workflow": Route("api_public"),
    "api.openapi_document": Route("api_public"),
    "api.docs": Route("api_public"),
    "api.list_experiments": Route("api_token"),
    "api.create_experiment": Route("api_token", body=lambda s, e: {"title": "Matrice"}),
    "api.get_experiment": Route("api_organisation"),
    "api.list_events": Route("api_organisation"),
    "api.list_journal": Route("api_organisation"),
    "api.update_experiment": Route(
        "api_team",
        body=lambda s, e: {"version": e.version if e else 0, "title": "Modifiée"},
        writes_experiment=True,
    ),
    "api.fire_transition": Route("api_team", body=_start, writes_experiment=True),
    "api.add_journal_entry": Route(
        "api_team", body=lambda s, e: {"kind": "note", "body": "Vu"}, writes_experiment=True
    ),
}


def is_api(endpoint: str) -> bool:
    """API endpoints answer JSON and authenticate with bearer tokens."""
    return endpoint.startswith("api.")


def expected(policy: str, actor: str, experiment_kind: str | None) -> str:
    """What the policy predicts: "allowed", "login" (HTML redirect), or a status as text."""
    api = policy.startswith("api_")
    signed_in = actor not in ("anonymous", "inactive")
    if policy in ("anonymous", "api_public"):
        return "allowed"
    if not signed_in:
        return "401" if api else "login"
    rule = policy.removeprefix("api_") if api else policy
    same_org = actor.endswith("_a")
    is_admin = actor.startswith("admin_")
    if rule in ("signed_in", "token"):
        return "allowed"
    if rule in ("organisation", "team"):
        if not same_org and experiment_kind == "internal":
            return "404"
        if rule == "organisation":
            return "allowed"
        return "allowed" if actor in ("agent_a", "colleague_a") else "403"
    if rule == "admin":
        return "allowed" if is_admin else "403"
    if rule == "admin_of_user":
        if not is_admin:
            return "403"
        return "allowed" if same_org else "404"
    if rule == "token_owner":
        return "allowed" if actor == "agent_a" else "404"
    raise AssertionError(f"unknown policy {policy!r}")
