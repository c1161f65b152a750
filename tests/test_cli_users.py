"""`tracker users create`: organisations, roles, passwords and one-line refusals."""

from datetime import timedelta

from sqlmodel import select

from tests.conftest import NOW
from tracker.models import Organisation, User
from tracker.services import auth as auth_service

ARGS = ["users", "create", "--email", "Lea.Morel@Example.org", "--name", "Léa Morel"]


def create(runner, *extra, input=None):
    return runner.invoke(
        args=[*ARGS, "--role", "agent", "--organisation", "Préfecture du Cantal", *extra],
        input=input,
    )


def one_line_error(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_creates_the_account_and_its_missing_organisation(runner, session):
    result = create(runner)
    assert result.exit_code == 0, result.output
    organisation = session.exec(
        select(Organisation).where(Organisation.name == "Préfecture du Cantal")
    ).one()
    user = session.exec(select(User).where(User.email == "lea.morel@example.org")).one()
    assert (user.organisation_id, user.role, user.name) == (organisation.id, "agent", "Léa Morel")
    assert "lea.morel@example.org" in result.stdout


def test_reuses_an_existing_organisation(runner, session, world):
    result = runner.invoke(
        args=[*ARGS, "--role", "reviewer", "--organisation", world.org_a.name],
    )
    assert result.exit_code == 0, result.output
    session.rollback()
    user = session.exec(select(User).where(User.email == "lea.morel@example.org")).one()
    assert user.organisation_id == world.org_a.id
    assert len(session.exec(select(Organisation)).all()) == 2


def test_without_password_stdin_the_account_has_no_password(runner, session):
    result = create(runner)
    assert result.exit_code == 0, result.output
    user = session.exec(select(User).where(User.email == "lea.morel@example.org")).one()
    assert user.password_hash is None
    assert "no password" in result.stderr


def test_password_from_stdin_authenticates(runner, session):
    result = create(runner, "--password-stdin", input="tres-longue-phrase\n")
    assert result.exit_code == 0, result.output
    user = auth_service.authenticate(
        session=session,
        email="lea.morel@example.org",
        password="tres-longue-phrase",
        remote_addr=None,
        now=NOW,
        max_failures=5,
        window=timedelta(minutes=15),
    )
    assert user.name == "Léa Morel"


def test_empty_password_stdin_is_refused(runner, session):
    result = create(runner, "--password-stdin", input="")
    assert result.exit_code != 0
    assert "no password on standard input" in one_line_error(result)
    assert session.exec(select(User)).all() == []


def test_short_password_is_refused_and_nothing_is_created(runner, session):
    result = create(runner, "--password-stdin", input="court\n")
    assert result.exit_code == 1
    assert "password: The password needs at least 10 characters." in one_line_error(result)
    assert session.exec(select(User)).all() == []
    assert session.exec(select(Organisation)).all() == []


def test_duplicate_email_is_a_one_line_refusal(runner, world):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            world.agent_a.email.upper(),
            "--name",
            "Homonyme",
            "--role",
            "agent",
            "--organisation",
            "Ailleurs",
        ]
    )
    assert result.exit_code == 1
    assert one_line_error(result) == "Error: An account with this email already exists"


def test_invalid_fields_are_named_in_one_line(runner, session):
    result = runner.invoke(
        args=["users", "create", "--email", "pas-un-email", "--name", " "]
        + ["--role", "agent", "--organisation", "Cantal"]
    )
    assert result.exit_code == 1
    line = one_line_error(result)
    assert "email: This is not a valid email address." in line
    assert "name: The name is required." in line


def test_unknown_role_is_refused(runner, session):
    result = runner.invoke(args=[*ARGS, "--role", "boss", "--organisation", "Cantal"])
    assert result.exit_code == 2
    assert "'boss' is not one of 'agent', 'reviewer', 'admin'" in result.stderr
    assert session.exec(select(User)).all() == []
