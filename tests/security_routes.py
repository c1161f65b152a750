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
- token_owner / api_token_owner: the owner of the API token (anyone else 404);
- api_admin: admin, for bearer tokens;
- team_or_chair: as team, and the chairs of the experiment's board (reviewer_a) too;
- api_team_or_chair: team_or_chair, for bearer tokens; api_team_or_admin: as api_team, and
  the admins of the experiment's organisation (admin_a) too;
- api_admin_of_user: admin_of_user, for bearer tokens.
- public_only: anyone, on public experiments only (internal ones are 404 to everyone);
- api_public: no token needed; api_token: any valid bearer token;
- api_organisation / api_team: as organisation / team, for bearer tokens.
- api_admin_a: admins; the body names org A's people, so org B's admin is told they are not
  colleagues (422);
- admin_a, board, chair: the same as their api_ twins, for the HTML pages.
- api_board / api_chair: members (reviewer_a chairs, admin_a sits) / chairs of org A's review
  board, who are not on the experiment's team; others of org A 403, other organisations 404.
"""

import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests import ecosystem_scenario, gate_steps, lesson_scenario, scaling_scenario
from tests.factories import PASSWORD
from tests.security_scenario import Scenario
from tracker.models import Experiment
from tracker.notifications.kinds import DEFAULT_THRESHOLDS

POLICIES = (
    "anonymous",
    "public_only",
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
    "api_admin_a",
    "api_admin",
    "team_or_chair",
    "api_admin_of_user",
    "api_board",
    "api_chair",
    "admin_a",
    "board",
    "chair",
    "same_org",
    "api_same_org",
    "api_token_owner",
    "api_team_or_chair",
    "api_team_or_admin",
)
_emails = itertools.count(1)


# A dict is sent as the form (HTML) or JSON (API); bytes as a raw text/csv body (API import).
Body = Callable[[Scenario, Experiment | None], dict[str, Any] | bytes]


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
    "main.benchmark_baseline": Route("anonymous"),
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
    # The feed authenticates by its unguessable token, for calendar programs without a session.
    "calendar_feeds.feed": Route("anonymous"),
    "calendar_feeds.rotate": Route("signed_in", body=lambda s, e: {}),
    "api.get_me": Route("api_token"),
    "api.rotate_calendar_feed": Route("api_token", body=lambda s, e: {}),
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
    "notifications.settings": Route("signed_in"),
    "notifications.save_settings": Route("signed_in", body=lambda s, e: {"delivery": "immediate"}),
    "notifications.outbox": Route("admin"),
    "notifications.retry": Route("admin", body=lambda s, e: {"message_id": "1"}),
    "api.get_workflow": Route("api_public"),
    "api.openapi_document": Route("api_public"),
    "api.docs": Route("api_public"),
    "api.list_experiments": Route("api_token"),
    "api.create_experiment": Route("api_token", body=lambda s, e: {"title": "Matrice"}),
    "api.get_experiment": Route("api_organisation"),
    "api.list_events": Route("api_organisation"),
    "api.list_journal": Route("api_organisation"),
    "api.list_charter_acknowledgements": Route("api_organisation"),
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


def _to_prototype(scenario: Scenario, experiment: Experiment | None) -> dict[str, Any]:
    # The pilot gate is requested from the prototype stage.
    assert experiment is not None
    scenario.gates.to_prototype(experiment)
    return {"kind": "pilot", **gate_steps.PILOT_REQUEST}


def _board(_scenario: Scenario, _experiment: Experiment | None) -> dict[str, Any]:
    return {
        "name": f"Comité {next(_emails)}",
        "chairs": ["reviewer@a.example"],
        "members": ["admin@a.example"],
    }


GATE_ROUTES: dict[str, Route] = {
    "api.list_boards": Route("api_token"),
    "api.create_board": Route("api_admin_a", body=_board),
    "api.get_board": Route("api_organisation"),
    "api.request_gate": Route("api_team", body=_to_prototype, writes_experiment=True),
    "api.list_experiment_gates": Route("api_organisation"),
    "api.gate_queue": Route("api_token"),
    "api.get_gate": Route("api_organisation"),
    "api.vote_on_gate": Route(
        "api_board",
        body=lambda s, e: {"recommendation": "go", "scores": dict(gate_steps.SCORES)},
        writes_experiment=True,
    ),
    "api.decide_gate": Route(
        "api_chair",
        body=lambda s, e: {"decision": "hold", "rationale": "Matrice"},
        writes_experiment=True,
    ),
    "api.withdraw_gate": Route("api_team", body=lambda s, e: {}, writes_experiment=True),
    "api.mark_condition_met": Route("api_chair", body=lambda s, e: {}),
}
ROUTES.update(GATE_ROUTES)


def _vote_form(_scenario: Scenario, _experiment: Experiment | None) -> dict[str, Any]:
    form = {"recommendation": "go"}
    for key, value in gate_steps.SCORES.items():
        form[f"score_{key}"] = ("yes" if value else "no") if isinstance(value, bool) else str(value)
    return form


# The gate and board pages; a request on a draft is sent back to the experiment page (303).
GATE_PAGE_ROUTES: dict[str, Route] = {
    "boards.index": Route("signed_in"),
    "boards.new": Route("admin"),
    "boards.create": Route(
        "admin_a",
        body=lambda s, e: {
            **_board(s, e),
            "chairs": "reviewer@a.example",
            "members": "admin@a.example",
        },
    ),
    "boards.detail": Route("organisation"),
    "gates.queue": Route("signed_in"),
    "gates.detail": Route("organisation"),
    "gates.request_pilot": Route(
        "team", body=lambda s, e: {"prototype_learnings": "Vu"}, writes_experiment=True
    ),
    "gates.request_decision": Route(
        "team", body=lambda s, e: {"analysis": "Vu"}, writes_experiment=True
    ),
    "gates.complete_scaling": Route(
        "organisation", body=lambda s, e: {"scaling_report": "Fait"}, writes_experiment=True
    ),
    "gates.vote": Route("board", body=_vote_form, writes_experiment=True),
    "gates.decide": Route(
        "chair",
        body=lambda s, e: {"decision": "hold", "rationale": "Matrice"},
        writes_experiment=True,
    ),
    "gates.withdraw": Route("team", body=lambda s, e: {}, writes_experiment=True),
    "gates.choose_board": Route(
        "team",
        body=lambda s, e: {"board_id": "", "version": e.version if e else 0},
        writes_experiment=True,
    ),
    "gates.mark_condition_met": Route("chair", body=lambda s, e: {}),
}
ROUTES.update(GATE_PAGE_ROUTES)


def _schedule(scenario: Scenario, experiment: Experiment | None, *, api: bool) -> dict[str, Any]:
    # The agenda needs an open gate of the board: one on this request's fresh experiment.
    # Without one (the CSRF test, refused before any service), the standing gate will do.
    gate_id = scenario.gates.gate_id
    if experiment is not None:
        gate_id = scenario.gates.open_gate(experiment)
    if api:
        return {"starts_at": "2030-01-15T09:30:00+01:00", "place": "Salle", "gate_ids": [gate_id]}
    return {"starts_at": "2030-01-15T09:30", "place": "Salle", "gate_ids": str(gate_id)}


# Gate meetings: the chairs change them; the board and the agenda's teams read them.
MEETING_ROUTES: dict[str, Route] = {
    "api.list_board_meetings": Route("api_organisation"),
    "api.schedule_meeting": Route(
        "api_chair", body=lambda s, e: _schedule(s, e, api=True), writes_experiment=True
    ),
    "api.get_meeting": Route("api_organisation"),
    "api.get_meeting_calendar": Route("api_organisation"),
    "api.reschedule_meeting": Route(
        "api_chair", body=lambda s, e: {"place": "Visio"}, writes_experiment=True
    ),
    "api.cancel_meeting": Route("api_chair", body=lambda s, e: {}, writes_experiment=True),
    "meetings.index": Route("organisation"),
    "meetings.schedule": Route(
        "chair", body=lambda s, e: _schedule(s, e, api=False), writes_experiment=True
    ),
    "meetings.detail": Route("organisation"),
    "meetings.calendar": Route("organisation"),
    "meetings.reschedule": Route(
        "chair", body=lambda s, e: {"place": "Visio"}, writes_experiment=True
    ),
    "meetings.cancel": Route("chair", body=lambda s, e: {}, writes_experiment=True),
    # Admins of the board's organisation; another organisation's admin does not see the board.
    "boards.add_member": Route("admin_of_user", body=lambda s, e: {"email": "target@a.example"}),
}
ROUTES.update(MEETING_ROUTES)

# Retrospectives: as visible as the experiment; the team writes and submits
# (tests.security_scenario stops each experiment, and drafts it for the transition).
RETROSPECTIVE_ROUTES: dict[str, Route] = {
    "api.get_retrospective": Route("api_organisation"),
    "api.save_retrospective": Route(
        "api_team", body=lambda s, e: {"version": 1, "advice": "Matrice"}, writes_experiment=True
    ),
    "api.fire_retrospective_transition": Route(
        "api_team", body=lambda s, e: {"trigger": "submit"}, writes_experiment=True
    ),
}
ROUTES.update(RETROSPECTIVE_ROUTES)

# API twins of the last UI actions (tracker/api/remaining_actions.py, PATCH /me).
REMAINING_ACTION_ROUTES: dict[str, Route] = {
    "api.add_board_member": Route(
        "api_admin_of_user", body=lambda s, e: {"email": "target@a.example"}
    ),
    "api.add_retrospective_addendum": Route(
        "api_team_or_chair", body=lambda s, e: {"body": "Matrice"}, writes_experiment=True
    ),
    # The service lets the team and the organisation's admins choose the board.
    "api.assign_experiment_board": Route(
        "api_team_or_admin",
        body=lambda s, e: {"board_id": None, "version": e.version if e else 0},
        writes_experiment=True,
    ),
    "api.list_clusters": Route("api_token"),
    "api.create_cluster": Route("api_admin", body=lambda s, e: {"name": f"C{next(_emails)}"}),
    "api.update_me": Route("api_token", body=lambda s, e: {"locale": "fr"}),
}
ROUTES.update(REMAINING_ACTION_ROUTES)

# Retrospective pages (the stopped, drafted or published experiment: tests.security_scenario)
# and the organisation settings of admins.
RETROSPECTIVE_PAGE_ROUTES: dict[str, Route] = {
    "retrospectives.index": Route("signed_in"),
    "retrospectives.detail": Route("organisation"),
    "retrospectives.edit": Route(
        "team", body=lambda s, e: {"version": "1", "advice": "Matrice"}, writes_experiment=True
    ),
    "retrospectives.transition": Route(
        "team", body=lambda s, e: {"trigger": "submit"}, writes_experiment=True
    ),
    "retrospectives.add_addendum": Route(
        "team_or_chair", body=lambda s, e: {"body": "Matrice"}, writes_experiment=True
    ),
    "admin_settings.settings": Route("admin"),
    "admin_settings.save_settings": Route(
        "admin", body=lambda s, e: {key: str(days) for key, days in DEFAULT_THRESHOLDS.items()}
    ),
    "api.get_organisation_settings": Route("api_admin"),
    "api.update_organisation_settings": Route(
        "api_admin", body=lambda s, e: {"thresholds": {"retrospective_due_days": 45}}
    ),
}
ROUTES.update(RETROSPECTIVE_PAGE_ROUTES)

# Routes to scale, replication and derogations (tests.scaling_scenario: the plan and
# derogation routes run on twins in scaling that rest on a derogation).
SCALING_ROUTES: dict[str, Route] = {
    "api.get_scaling_plan": Route("api_organisation"),
    "api.save_scaling_plan": Route("api_team", body=scaling_scenario.plan_body),
    "api.get_derogation": Route("api_organisation"),
    "api.save_derogation": Route("api_team", body=scaling_scenario.derogation_body),
    "api.replicate_experiment": Route("api_organisation", body=lambda s, e: {"title": "Copie"}),
    "api.get_lineage": Route("api_organisation"),
    "scaling.plan": Route("organisation"),
    "scaling.save_plan": Route("team", body=scaling_scenario.plan_form),
    "scaling.derogation": Route("organisation"),
    "scaling.save_derogation": Route("team", body=scaling_scenario.derogation_form),
    "scaling.replicate_form": Route("organisation"),
    "scaling.replicate": Route("organisation", body=lambda s, e: {"title": "Copie"}),
}
ROUTES.update(SCALING_ROUTES)


# Agents' trainings: admins of the user's organisation (the user reads their own).
TRAINING_ROUTES: dict[str, Route] = {
    "trainings.index": Route("admin_of_user"),
    "trainings.record": Route(
        "admin_of_user", body=lambda s, e: {"kind": "prototyping", "followed_on": "2026-10-01"}
    ),
    "api.list_trainings": Route("api_admin_of_user"),
    "api.record_training": Route(
        "api_admin_of_user", body=lambda s, e: {"kind": "evaluation", "followed_on": "2026-10-01"}
    ),
}
ROUTES.update(TRAINING_ROUTES)

# The portfolio: every signed-in member sees their organisation's (instance admins: more).
ROUTES.update(
    {
        "portfolio.index": Route("signed_in"),
        "portfolio.table_csv": Route("signed_in"),
        "api.get_portfolio": Route("api_token"),
        "api.get_failures": Route("api_token"),
        "api.list_retrospectives": Route("api_token"),
    }
)


# Exports: any token, each reader gets what they may see (tests/test_api_exports.py).
EXPORT_ROUTES: dict[str, Route] = {
    f"api.export_{what}_{kind}": Route("api_token")
    for what in ("experiments", "decisions", "lessons", "commons")
    for kind in ("csv", "json")
}
ROUTES.update(EXPORT_ROUTES)
# The bulk CSV import over the API: admins, the body is the CSV (tests/test_api_imports.py).
ROUTES["api.import_experiments"] = Route("api_admin", body=lambda s, e: b"title\nMatrice API\n")

# The public portal (anyone; an internal experiment is 404 to everyone there, its own
# organisation included) and the bulk import of experiments (admins; tests/test_views_imports.py).
PORTAL_ROUTES: dict[str, Route] = {
    "public.index": Route("anonymous"),
    "public.experiment": Route("public_only"),
    "public.territory": Route("anonymous"),
    "public.download": Route("anonymous"),
    "exports.download": Route("signed_in"),
    "imports.form": Route("admin"),
    "imports.upload": Route(
        "admin", body=lambda s, e: {"file": (io.BytesIO(b"title\nMatrice\n"), "import.csv")}
    ),
}
ROUTES.update(PORTAL_ROUTES)


# Right-to-fail charter, takeover, failure page. Takeover routes get a stopped experiment
# (tests.security_scenario), offered to a taker for the takeover itself; a taker of another
# organisation sees only the public one.
_CHARTER = {
    "acceptable_failure": "Un essai honnête qui échoue.",
    "non_sanction": "Aucune sanction.",
    "duty_to_share": "Publier le retour d'expérience.",
}
CHARTER_ROUTES: dict[str, Route] = {
    "charters.show": Route("signed_in"),
    "charters.edit": Route("admin"),
    "charters.save": Route("admin", body=lambda s, e: dict(_CHARTER)),
    "api.get_charter": Route("api_token"),
    "api.put_charter": Route("api_admin", body=lambda s, e: dict(_CHARTER)),
    "failures.index": Route("signed_in"),
    "takeovers.seeking_taker": Route(
        "team_or_chair",
        body=lambda s, e: {"seeking": "1", "version": str(e.version if e else 0)},
        writes_experiment=True,
    ),
    "takeovers.take_over": Route("organisation", body=lambda s, e: {}, writes_experiment=True),
    "api.take_over": Route("api_organisation", body=lambda s, e: {}, writes_experiment=True),
}
ROUTES.update(CHARTER_ROUTES)


# Lessons: as visible as their organisation (or public); the team asks to publish, the team
# of the applying experiment marks a reuse (tests.lesson_scenario).
LESSON_ROUTES: dict[str, Route] = {
    "api.list_lessons": Route("api_token"),
    "api.get_lesson": Route("api_organisation"),
    "api.lesson_publication": Route(
        "api_team", body=lambda s, e: {"action": "request"}, writes_experiment=True
    ),
    "api.apply_lesson": Route(
        "api_team", body=lesson_scenario.applied_lesson, writes_experiment=True
    ),
    "lessons.index": Route("signed_in"),
    "lessons.detail": Route("organisation"),
    "lessons.publication": Route(
        "team", body=lambda s, e: {"action": "request"}, writes_experiment=True
    ),
    "lessons.reuse": Route("team", body=lesson_scenario.reuse_form, writes_experiment=True),
}
ROUTES.update(LESSON_ROUTES)


# Territories (shared inventory: admins curate), partners (shared: the recording organisation,
# org A here, edits), experiment partners and commons (the team writes; tests.ecosystem_scenario).
ECOSYSTEM_ROUTES: dict[str, Route] = {
    "api.list_territories": Route("api_token"),
    "api.get_territory": Route("api_token"),
    "api.create_territory": Route("api_admin", body=lambda s, e: {"name": f"T{next(_emails)}"}),
    "api.update_territory": Route("api_admin", body=ecosystem_scenario.territory_patch),
    "api.list_partners": Route("api_token"),
    "api.get_partner": Route("api_token"),
    "api.create_partner": Route(
        "api_token", body=lambda s, e: {"name": "Matrice", "kind": "company"}
    ),
    "api.update_partner": Route("api_same_org", body=ecosystem_scenario.partner_patch),
    "api.list_experiment_partners": Route("api_organisation"),
    "api.get_experiment_partner": Route("api_organisation"),
    "api.link_partner": Route(
        "api_team", body=ecosystem_scenario.link_body, writes_experiment=True
    ),
    "api.update_experiment_partner": Route(
        "api_team", body=lambda s, e: {"note": "Matrice"}, writes_experiment=True
    ),
    "api.list_commons": Route("api_organisation"),
    "api.get_commons": Route("api_organisation"),
    "api.add_commons": Route(
        "api_team", body=lambda s, e: dict(ecosystem_scenario.COMMONS), writes_experiment=True
    ),
    "api.update_commons": Route(
        "api_team", body=lambda s, e: {"version": 1, "unit": "mois"}, writes_experiment=True
    ),
}
ROUTES.update(ECOSYSTEM_ROUTES)

_names = itertools.count(1)
ECOSYSTEM_PAGE_ROUTES: dict[str, Route] = {
    "territories.index": Route("signed_in"),
    "territories.detail": Route("signed_in"),
    "territories.new": Route("admin", body=lambda s, e: {"name": f"Commune {next(_names)}"}),
    "territories.edit": Route("admin", body=ecosystem_scenario.territory_form),
    "territories.archive": Route("admin", body=lambda s, e: {"archived": "0"}),
    "territories.new_cluster": Route("admin", body=lambda s, e: {"name": f"Pôle {next(_names)}"}),
    "partners.index": Route("signed_in"),
    "partners.detail": Route("signed_in"),
    "partners.new": Route("signed_in", body=lambda s, e: {"name": "Matrice", "kind": "company"}),
    "partners.edit": Route("same_org", body=ecosystem_scenario.partner_form),
    "partners.archive": Route("same_org", body=lambda s, e: {"archived": "0"}),
    "experiment_ecosystem.link_partner": Route(
        "team", body=ecosystem_scenario.link_form, writes_experiment=True
    ),
    "experiment_ecosystem.withdraw_partner": Route(
        "team", body=lambda s, e: {}, writes_experiment=True
    ),
    "experiment_ecosystem.add_commons": Route(
        "team", body=lambda s, e: dict(ecosystem_scenario.COMMONS_FORM), writes_experiment=True
    ),
    "experiment_ecosystem.edit_commons": Route(
        "team",
        body=lambda s, e: {**ecosystem_scenario.COMMONS_FORM, "version": "1"},
        writes_experiment=True,
    ),
}
ROUTES.update(ECOSYSTEM_PAGE_ROUTES)


# Account-level API: personal tokens, email preferences, admin users and outbox.
ACCOUNT_API_ROUTES: dict[str, Route] = {
    "api.list_tokens": Route("api_token"),
    "api.create_token": Route("api_token", body=lambda s, e: {"name": "Matrice"}),
    "api.revoke_token": Route("api_token_owner", body=lambda s, e: {}),
    "api.get_notification_preferences": Route("api_token"),
    "api.put_notification_preferences": Route(
        "api_token", body=lambda s, e: {"delivery": "digest", "muted": ["stale"]}
    ),
    "api.list_users": Route("api_admin"),
    "api.create_user": Route(
        "api_admin",
        body=lambda s, e: {
            "email": f"matrice{next(_names)}@a.example",
            "name": "Matrice",
            "password": PASSWORD,
        },
    ),
    "api.update_user": Route("api_admin_of_user", body=lambda s, e: {"active": True}),
    "api.list_outbox": Route("api_admin"),
    "api.retry_outbox_message": Route("api_admin_of_user", body=lambda s, e: {}),
}
ROUTES.update(ACCOUNT_API_ROUTES)


def is_api(endpoint: str) -> bool:
    """API endpoints answer JSON and authenticate with bearer tokens."""
    return endpoint.startswith("api.")


def expected(policy: str, actor: str, experiment_kind: str | None) -> str:
    """What the policy predicts: "allowed", "login" (HTML redirect), or a status as text."""
    api = policy.startswith("api_")
    signed_in = actor not in ("anonymous", "inactive")
    if policy == "public_only":
        return "allowed" if experiment_kind == "public" else "404"
    if policy in ("anonymous", "api_public"):
        return "allowed"
    if not signed_in:
        return "401" if api else "login"
    rule = policy.removeprefix("api_") if api else policy
    same_org = actor.endswith("_a")
    is_admin = actor.startswith("admin_")
    if rule in ("signed_in", "token"):
        return "allowed"
    if rule in ("organisation", "team", "team_or_chair", "team_or_admin"):
        if not same_org and experiment_kind == "internal":
            return "404"
        if rule == "organisation":
            return "allowed"
        writers = ("agent_a", "colleague_a", "reviewer_a" if rule == "team_or_chair" else "")
        writers += ("admin_a",) if rule == "team_or_admin" else ()
        return "allowed" if actor in writers else "403"
    if rule == "admin":
        return "allowed" if is_admin else "403"
    if rule == "admin_of_user":
        if not is_admin:
            return "403"
        return "allowed" if same_org else "404"
    if rule == "admin_a":
        return ("allowed" if same_org else "422") if is_admin else "403"
    if rule in ("board", "chair"):
        if not same_org:
            return "404"
        allowed = ("reviewer_a", "admin_a") if rule == "board" else ("reviewer_a",)
        return "allowed" if actor in allowed else "403"
    if rule == "same_org":
        return "allowed" if same_org else "403"
    if rule == "token_owner":
        return "allowed" if actor == "agent_a" else "404"
    raise AssertionError(f"unknown policy {policy!r}")
