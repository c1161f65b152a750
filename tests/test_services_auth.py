"""Sign-in with database throttling, session revocation and personal API tokens."""

from datetime import timedelta

import pytest
from sqlmodel import select

from tests.conftest import NOW
from tests.factories import PASSWORD
from tracker.models import ApiToken, LoginAttempt, User
from tracker.services import auth as auth_service
from tracker.services import users as user_service
from tracker.services.errors import Invalid, NotFound

MAX_FAILURES = 3
WINDOW = timedelta(minutes=15)


def sign_in(session, email, password=PASSWORD, now=NOW):
    return auth_service.authenticate(
        session=session,
        email=email,
        password=password,
        remote_addr="127.0.0.1",
        now=now,
        max_failures=MAX_FAILURES,
        window=WINDOW,
    )


def test_right_credentials_sign_in_whatever_the_email_case(session, world):
    assert sign_in(session, " Agent@A.example ").id == world.agent_a.id
    assert session.exec(select(LoginAttempt)).all() == []


@pytest.mark.parametrize(
    ("email", "password"),
    [("agent@a.example", "wrong password"), ("nobody@a.example", PASSWORD)],
)
def test_wrong_credentials_are_refused_and_recorded(session, world, email, password):
    with pytest.raises(Invalid) as refused:
        sign_in(session, email, password)
    assert refused.value.message == "Wrong email or password."
    attempts = session.exec(select(LoginAttempt)).all()
    assert [(a.email, a.remote_addr, a.at) for a in attempts] == [(email, "127.0.0.1", NOW)]


def test_inactive_account_cannot_sign_in(session, world):
    user_service.set_active(
        session=session, actor=world.admin_a, user_id=world.agent_a.id, active=False
    )
    with pytest.raises(Invalid):
        sign_in(session, "agent@a.example")


def test_throttled_after_too_many_failures_then_allowed_after_the_window(session, world):
    for minute in range(MAX_FAILURES):
        with pytest.raises(Invalid):
            sign_in(session, "agent@a.example", "wrong", NOW + timedelta(minutes=minute))
    # Even the right password is refused while throttled, so guessing gains nothing.
    with pytest.raises(auth_service.Throttled) as refused:
        sign_in(session, "agent@a.example", now=NOW + timedelta(minutes=5))
    assert refused.value.status == 429
    # Other accounts are not affected.
    assert sign_in(session, "colleague@a.example", now=NOW + timedelta(minutes=5))
    # Once the oldest failures leave the window, sign-in works again.
    after = NOW + timedelta(minutes=MAX_FAILURES - 1) + WINDOW
    assert sign_in(session, "agent@a.example", now=after).id == world.agent_a.id


def test_throttling_counts_failures_in_the_window_only(session, world):
    with pytest.raises(Invalid):
        sign_in(session, "agent@a.example", "wrong", NOW - 2 * WINDOW)
    for minute in range(MAX_FAILURES - 1):
        with pytest.raises(Invalid):
            sign_in(session, "agent@a.example", "wrong", NOW + timedelta(minutes=minute))
    assert sign_in(session, "agent@a.example", now=NOW + timedelta(minutes=5))


def test_end_sessions_rotates_the_nonce(session, world):
    before = world.agent_a.get_id()
    auth_service.end_sessions(session=session, user=world.agent_a)
    assert session.get(User, world.agent_a.id).get_id() != before


def test_token_is_shown_once_and_stored_hashed(session, world):
    token, plain = auth_service.create_token(
        session=session, user=world.agent_a, name=" scripts ", now=NOW
    )
    assert plain.startswith("dae_") and len(plain) > 40
    stored = session.get(ApiToken, token.id)
    assert (
        stored.name == "scripts" and stored.token_hash != plain and plain not in stored.token_hash
    )
    assert stored.last_used_at is None and stored.revoked_at is None


def test_token_resolves_to_its_user_and_records_use(session, world):
    token, plain = auth_service.create_token(session=session, user=world.agent_a, name="", now=NOW)
    assert auth_service.user_for_token(session=session, plain=plain, now=NOW).id == world.agent_a.id
    assert session.get(ApiToken, token.id).last_used_at == NOW
    # Within a minute the use is not rewritten (no write on every request) ...
    auth_service.user_for_token(session=session, plain=plain, now=NOW + timedelta(seconds=30))
    assert session.get(ApiToken, token.id).last_used_at == NOW
    # ... after it, it is.
    later = NOW + timedelta(minutes=5)
    auth_service.user_for_token(session=session, plain=plain, now=later)
    assert session.get(ApiToken, token.id).last_used_at == later


def test_unknown_token_resolves_to_nobody(session, world):
    auth_service.create_token(session=session, user=world.agent_a, name="x", now=NOW)
    for plain in ("", "dae_", "dae_nope", "Bearer something"):
        assert auth_service.user_for_token(session=session, plain=plain, now=NOW) is None


def test_revoked_token_resolves_to_nobody_and_is_kept(session, world):
    token, plain = auth_service.create_token(session=session, user=world.agent_a, name="x", now=NOW)
    auth_service.revoke_token(session=session, actor=world.agent_a, token_id=token.id, now=NOW)
    assert auth_service.user_for_token(session=session, plain=plain, now=NOW) is None
    listed = auth_service.list_tokens(session=session, actor=world.agent_a)
    assert [(t.id, t.revoked_at) for t in listed] == [(token.id, NOW)]


def test_token_of_a_deactivated_user_resolves_to_nobody(session, world):
    _token, plain = auth_service.create_token(
        session=session, user=world.agent_a, name="x", now=NOW
    )
    user_service.set_active(
        session=session, actor=world.admin_a, user_id=world.agent_a.id, active=False
    )
    assert auth_service.user_for_token(session=session, plain=plain, now=NOW) is None


def test_nobody_revokes_someone_elses_token(session, world):
    token, plain = auth_service.create_token(session=session, user=world.agent_a, name="x", now=NOW)
    for actor in (world.admin_a, world.agent_b):
        with pytest.raises(NotFound):
            auth_service.revoke_token(session=session, actor=actor, token_id=token.id, now=NOW)
    assert auth_service.user_for_token(session=session, plain=plain, now=NOW) is not None


def test_list_tokens_shows_the_actors_own_newest_first(session, world):
    first, _ = auth_service.create_token(session=session, user=world.agent_a, name="a", now=NOW)
    second, _ = auth_service.create_token(session=session, user=world.agent_a, name="b", now=NOW)
    auth_service.create_token(session=session, user=world.agent_b, name="c", now=NOW)
    listed = auth_service.list_tokens(session=session, actor=world.agent_a)
    assert [t.id for t in listed] == [second.id, first.id]
