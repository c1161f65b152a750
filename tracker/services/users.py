"""Organisations and accounts: creation, roles, deactivation."""

import secrets
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tracker.models import LOCALES, ROLES, Organisation, User
from tracker.models.base import pk
from tracker.services.errors import Conflict, Invalid, NotFound
from tracker.services.passwords import MIN_LENGTH, hash_password
from tracker.services.permissions import require_admin
from workflows.definition import N_


def new_nonce() -> str:
    """A fresh session nonce; rotating it ends every session of the user."""
    return secrets.token_hex(16)


def normalise_email(email: str) -> str:
    """The canonical form of an email address; Invalid when it is not one."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise Invalid(errors={"email": [N_("This is not a valid email address.")]}) from None


def get_or_create_organisation(*, session: Session, name: str, now: datetime) -> Organisation:
    """The organisation of that name, created if missing (not committed)."""
    name = name.strip()
    if not name:
        raise Invalid(errors={"organisation": [N_("The organisation name is required.")]})
    organisation = session.exec(select(Organisation).where(Organisation.name == name)).first()
    if organisation is None:
        organisation = Organisation(name=name, created_at=now)
        session.add(organisation)
        session.flush()
    return organisation


def _check(email: str, name: str, role: str, password: str | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [N_("The name is required.")]
    if role not in ROLES:
        errors["role"] = [N_("Unknown role.")]
    if password is not None and len(password) < MIN_LENGTH:
        errors["password"] = [N_("The password needs at least 10 characters.")]
    return errors


def create_user(
    *,
    session: Session,
    organisation: Organisation,
    email: str,
    name: str,
    role: str,
    password: str | None,
    now: datetime,
) -> User:
    """A new active account in the organisation (committed)."""
    errors = _check(email, name, role, password)
    try:
        email = normalise_email(email)
    except Invalid as invalid:
        errors.update(invalid.errors)
    if errors:
        raise Invalid(errors=errors)
    taken = N_("An account with this email already exists.")
    if session.exec(select(User).where(User.email == email)).first() is not None:
        raise Conflict(taken)
    user = User(
        organisation_id=pk(organisation),
        email=email,
        name=name.strip(),
        role=role,
        password_hash=hash_password(password) if password else None,
        session_nonce=new_nonce(),
        calendar_nonce=new_nonce(),
        created_at=now,
    )
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        # Two creations of the same email at once: the unique index decides, not a 500.
        session.rollback()
        raise Conflict(taken) from None
    return user


def admin_create_user(
    *, session: Session, actor: User, email: str, name: str, role: str, password: str, now: datetime
) -> User:
    """An admin adds a colleague to their own organisation."""
    require_admin(actor)
    organisation = session.get(Organisation, actor.organisation_id)
    assert organisation is not None
    return create_user(
        session=session,
        organisation=organisation,
        email=email,
        name=name,
        role=role,
        password=password,
        now=now,
    )


def list_users(*, session: Session, actor: User) -> list[User]:
    """The accounts of the admin's organisation."""
    require_admin(actor)
    return list(
        session.exec(
            select(User).where(User.organisation_id == actor.organisation_id).order_by(User.name)
        ).all()
    )


def _colleague(session: Session, actor: User, user_id: int) -> User:
    require_admin(actor)
    user = session.get(User, user_id)
    if user is None or user.organisation_id != actor.organisation_id:
        raise NotFound(N_("User not found."))
    return user


def set_role(*, session: Session, actor: User, user_id: int, role: str) -> User:
    """Change a colleague's role; an admin cannot demote themselves (no orphaned org)."""
    user = _colleague(session, actor, user_id)
    if role not in ROLES:
        raise Invalid(errors={"role": [N_("Unknown role.")]})
    if user.id == actor.id and role != "admin":
        raise Conflict(N_("You cannot remove your own administrator role."))
    user.role = role
    session.add(user)
    session.commit()
    return user


def set_active(*, session: Session, actor: User, user_id: int, active: bool) -> User:
    """Deactivate (ending every session) or reactivate a colleague."""
    user = _colleague(session, actor, user_id)
    if user.id == actor.id and not active:
        raise Conflict(N_("You cannot deactivate your own account."))
    user.active = active
    user.session_nonce = new_nonce()
    session.add(user)
    session.commit()
    return user


def set_locale(*, session: Session, actor: User, locale: str) -> User:
    """Remember the user's language (pages and emails use it)."""
    if locale not in LOCALES:
        raise Invalid(errors={"locale": [N_("Unknown language.")]})
    if actor.locale != locale:
        actor.locale = locale
        session.add(actor)
        session.commit()
    return actor


def active_by_email(
    *, session: Session, organisation_id: int, emails: list[str]
) -> dict[str, User]:
    """The active users of the organisation among these emails, keyed by lower-case email."""
    wanted = {email.strip().lower() for email in emails if email and email.strip()}
    if not wanted:
        return {}
    found = session.exec(
        select(User).where(
            User.organisation_id == organisation_id,
            col(User.active),
            func.lower(User.email).in_(wanted),
        )
    ).all()
    return {user.email.lower(): user for user in found}


def colleagues(
    *, session: Session, organisation_id: int, emails: list[str], field: str
) -> list[User]:
    """The active users of the organisation with these emails; Invalid on `field` otherwise."""
    found = active_by_email(session=session, organisation_id=organisation_id, emails=emails)
    unknown = {email.strip().lower() for email in emails if email and email.strip()} - set(found)
    if unknown:
        message = N_("No active colleague with this email: ") + ", ".join(sorted(unknown))
        raise Invalid(errors={field: [message]})
    return list(found.values())
