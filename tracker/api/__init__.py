"""JSON API v1, mounted at /api/v1: bearer tokens, problem+json errors, OpenAPI 3.1.

Design decision: no flask-openapi3. It replaces the Flask class and brings its own validation
error format, which would give the API two error shapes. Instead, a small registry
(tracker.api.registry): each operation is declared once with its method, path, summary,
request model (pydantic) and response models per status. The same declaration routes the
view, validates its input and dumps its output, and tracker.api.openapi generates the
OpenAPI 3.1 document from it and from the models' JSON schemas; GET /api/v1/docs renders
that document as HTML. Views call the same services as the HTML views and never write the ORM.
"""

from flask import g

from tracker.api import auth, problems
from tracker.api.registry import blueprint
from tracker.extensions import csrf

# The API authenticates with bearer tokens only, never the session cookie: CSRF cannot apply.
csrf.exempt(blueprint)
problems.init_blueprint(blueprint)
auth.init_blueprint(blueprint)


@blueprint.teardown_request
def _end_request(_error: BaseException | None) -> None:
    # g belongs to the app context, which may outlive one request (tests push one for many):
    # drop this request's user and database session so the next request starts clean.
    g.pop("api_user", None)
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.close()


# Importing the modules declares their operations on the blueprint.
from tracker.api import (  # noqa: E402, F401
    boards,
    charter_acknowledgements,
    charters,
    commons,
    docs,
    experiments,
    exports,
    failures,
    gates,
    history,
    imports,
    lessons,
    me,
    meetings,
    notification_preferences,
    organisation_settings,
    outbox,
    partners,
    portfolio,
    remaining_actions,
    replication,
    retrospectives,
    retrospectives_list,
    scaling,
    takeovers,
    territories,
    tokens,
    trainings,
    users,
    workflow,
)

__all__ = ["blueprint"]
