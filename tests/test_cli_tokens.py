"""`tracker tokens create`: prints only a working token."""

import re

from sqlmodel import select

from tests.conftest import NOW
from tracker.models import ApiToken
from tracker.services import auth as auth_service
from tracker.services import users as user_service


def test_prints_only_a_token_that_authenticates(runner, session, world):
    result = runner.invoke(args=["tokens", "create", "--email", world.agent_a.email])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"dae_[A-Za-z0-9_-]{40,}\n", result.stdout)
    user = auth_service.user_for_token(session=session, plain=result.stdout.strip(), now=NOW)
    assert user is not None and user.id == world.agent_a.id


def test_the_name_labels_the_token(runner, session, world):
    result = runner.invoke(
        args=["tokens", "create", "--email", world.agent_a.email, "--name", "tableau de bord"]
    )
    assert result.exit_code == 0, result.output
    [token] = session.exec(select(ApiToken)).all()
    assert token.name == "tableau de bord"


def test_unknown_email_is_refused_in_one_line(runner, world):
    result = runner.invoke(args=["tokens", "create", "--email", "personne@a.example"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == "Error: no account with the email personne@a.example"


def test_deactivated_account_gets_no_token(runner, session, world):
    user_service.set_active(
        session=session, actor=world.admin_a, user_id=world.agent_a.id, active=False
    )
    result = runner.invoke(args=["tokens", "create", "--email", world.agent_a.email])
    assert result.exit_code == 1
    assert "deactivated" in result.stderr
    assert session.exec(select(ApiToken)).all() == []
