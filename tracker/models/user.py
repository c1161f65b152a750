"""Accounts, personal API tokens and login attempts."""

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from tracker.models.base import one_of
from tracker.models.types import UTCDateTime, utcnow

ROLES = ("agent", "reviewer", "admin")
LOCALES = ("fr", "en")


class User(SQLModel, table=True):
    __tablename__ = "users"
    __table_args__ = (one_of("role", ROLES), one_of("locale", LOCALES))

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisations.id", index=True)
    email: str = Field(max_length=254, unique=True)
    name: str = Field(max_length=200)
    role: str = Field(max_length=20, default="agent")
    locale: str = Field(max_length=5, default="fr")
    password_hash: str | None = Field(default=None, max_length=255)
    active: bool = Field(default=True)
    # Rotated on logout and deactivation: every session carrying the old nonce is refused.
    session_nonce: str = Field(max_length=64)
    # The private calendar feed's token is derived from it (services/calendar_feed.py);
    # drawing a new one revokes the old URL. None: the feed is switched off.
    calendar_nonce: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    # The Flask-Login protocol. The id carries the session nonce, so rotating the nonce
    # (sign-out, deactivation) invalidates every cookie issued before.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_nonce}"


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_tokens"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    name: str = Field(max_length=100, default="cli")
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LoginAttempt(SQLModel, table=True):
    """Failed sign-ins, kept in the database so throttling holds across workers."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_email_at", "email", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254)
    remote_addr: str | None = Field(default=None, max_length=64)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
