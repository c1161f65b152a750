"""The people of the load test: agents, board members and chairs, each with an API token.

Built through the services (not bulk inserts) so the accounts and the board are exactly what an
administration would have. Written as JSON for the locust process, which only speaks HTTP.
"""

import json
from pathlib import Path

from tracker import clock, create_app
from tracker.db import get_engine, session_scope
from tracker.services import auth as auth_service
from tracker.services import boards as board_service
from tracker.services import users as user_service

ORGANISATION = "Test de charge"
AGENTS, MEMBERS, CHAIRS = 40, 5, 3


def _email(kind: str, number: int) -> str:
    return f"{kind}{number}@charge.test.example"


def build(database_url: str, out: Path) -> dict[str, list[str]]:
    """Create the organisation, its people and board; write and return their tokens by role."""
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "load-test-only-secret"})
    now = clock.now()
    tokens: dict[str, list[str]] = {"agents": [], "members": [], "chairs": []}
    try:
        with app.app_context(), session_scope(app) as session:
            organisation = user_service.get_or_create_organisation(
                session=session, name=ORGANISATION, now=now
            )

            def person(kind: str, number: int, role: str):  # type: ignore[no-untyped-def]
                return user_service.create_user(
                    session=session,
                    organisation=organisation,
                    email=_email(kind, number),
                    name=f"{kind.capitalize()} {number}",
                    role=role,
                    password=None,
                    now=now,
                )

            admin = person("admin", 1, "admin")
            groups = {
                "agents": [person("agent", n, "agent") for n in range(AGENTS)],
                "members": [person("member", n, "reviewer") for n in range(MEMBERS)],
                "chairs": [person("chair", n, "reviewer") for n in range(CHAIRS)],
            }
            board_service.create_board(
                session=session,
                actor=admin,
                data={
                    "name": "Comité de charge",
                    "quorum": 2,
                    "chairs": [user.email for user in groups["chairs"]],
                    "members": [user.email for user in groups["members"]],
                },
                now=now,
            )
            for role, people in groups.items():
                for user in people:
                    _, plain = auth_service.create_token(
                        session=session, user=user, name="load", now=now
                    )
                    tokens[role].append(plain)
    finally:
        get_engine(app).dispose()
    out.write_text(json.dumps(tokens))
    return tokens
