"""Sign-in with database-backed throttling, sign-out, personal API tokens."""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from tracker.models import ApiToken, LoginAttempt, User
from tracker.models.base import pk
from tracker.services.errors import Forbidden, Invalid, NotFound
from tracker.services.passwords import verify_password
from tracker.services.users import new_nonce
from workflows.definition import N_

TOKEN_PREFIX = "dae_"


class Throttled(Forbidden):
    """Too many failed sign-ins for this account recently."""

    status = 429
    default_message = N_("Too many failed attempts. Wait a few minutes and try again.")


def authenticate(
    *,
    session: Session,
    email: str,
    password: str,
    remote_addr: str | None,
    now: datetime,
    max_failures: int,
    window: timedelta,
) -> User:
    """The active user with these credentials; Throttled or Invalid otherwise.

    Failures are rows, counted over a window, so the limit holds across workers and hosts.
    """
    email = email.strip().lower()
    recent = session.exec(
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.email == email, LoginAttempt.at > now - window)
    ).one()
    if recent >= max_failures:
        raise Throttled()
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None or not user.active or not verify_password(user.password_hash, password):
        session.add(LoginAttempt(email=email, remote_addr=remote_addr, at=now))
        session.commit()
        raise Invalid(N_("Wrong email or password."))
    return user


def end_sessions(*, session: Session, user: User) -> None:
    """Sign out everywhere: sessions carrying the old nonce are refused from now on."""
    user.session_nonce = new_nonce()
    session.add(user)
    session.commit()


def _digest(token: str) -> str:
    # Tokens are 256 random bits: a fast hash is enough and allows an indexed lookup.
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(*, session: Session, user: User, name: str, now: datetime) -> tuple[ApiToken, str]:
    """A new personal token; the plain value is returned once and never stored."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=pk(user), name=name.strip() or "token", token_hash=_digest(plain), created_at=now
    )
    session.add(token)
    session.commit()
    return token, plain


def user_for_token(*, session: Session, plain: str, now: datetime) -> User | None:
    """The active user owning this unrevoked token, recording its use; None otherwise."""
    token = session.exec(select(ApiToken).where(ApiToken.token_hash == _digest(plain))).first()
    if token is None or token.revoked_at is not None:
        return None
    user = session.get(User, token.user_id)
    if user is None or not user.active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        token.last_used_at = now
        session.add(token)
        session.commit()
    return user


def revoke_token(*, session: Session, actor: User, token_id: int, now: datetime) -> ApiToken:
    """Revoke one of the actor's tokens (kept, marked revoked)."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != actor.id:
        raise NotFound(N_("Token not found."))
    if token.revoked_at is None:
        token.revoked_at = now
        session.add(token)
        session.commit()
    return token


def list_tokens(*, session: Session, actor: User) -> list[ApiToken]:
    """The actor's tokens, newest first."""
    return list(
        session.exec(
            select(ApiToken).where(ApiToken.user_id == actor.id).order_by(col(ApiToken.id).desc())
        ).all()
    )
