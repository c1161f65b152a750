"""Accounts of your organisation (what /admin/users does; admins only). No delete: deactivate.

A user of another organisation is a 404; a non-admin is a 403.
"""

from datetime import datetime
from typing import Any, Literal

from flask import url_for
from pydantic import BaseModel, ConfigDict, Field

from tracker import clock
from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.db import get_session
from tracker.models import ROLES, User
from tracker.services import accounts_pages
from tracker.services import users as user_service
from tracker.services.listing import MAX_LIMIT

TAG = "users"
Role = Literal[ROLES]  # type: ignore[valid-type]


class UsersQuery(BaseModel):
    q: str | None = Field(default=None, max_length=200, description="Words in name or email.")
    role: Role | None = Field(default=None, description="Only accounts with this role.")
    active: bool | None = Field(default=None, description="Only active (or inactive) accounts.")
    limit: int = Field(default=50, ge=1, le=MAX_LIMIT, description="Page size.")
    cursor: str | None = Field(default=None, max_length=200, description="next_cursor of a page.")


class UserBody(BaseModel):
    """A new account in your organisation."""

    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=254, json_schema_extra={"examples": ["agent@ville.fr"]})
    name: str = Field(min_length=1, max_length=200)
    role: Role = "agent"
    password: str = Field(min_length=10, max_length=200, description="At least 10 characters.")


class UserPatch(BaseModel):
    """The role and/or the active flag to change; fields left out stay unchanged."""

    model_config = ConfigDict(extra="forbid")

    role: Role | None = None
    active: bool | None = None


class UserOut(BaseModel):
    id: int
    email: str
    name: str
    role: Role
    active: bool
    locale: str
    created_at: datetime


class UserPage(BaseModel):
    """One page of accounts, by id; pass next_cursor back as `cursor` for the next one."""

    items: list[UserOut]
    next_cursor: str | None


def _out(row: User) -> UserOut:
    return UserOut.model_validate(row, from_attributes=True)


@operation(
    "GET",
    "/users",
    summary="List your organisation's accounts (admins)",
    tag=TAG,
    query=UsersQuery,
    replies={200: Reply("One page of accounts.", UserPage)},
    problems=(403, 422),
)
def list_users(*, query: UsersQuery) -> tuple[Any, int]:
    """Filter by `q`, `role`, `active`; cursor pagination."""
    page = accounts_pages.users(
        session=get_session(),
        actor=current_user(),
        limit=query.limit,
        cursor=query.cursor,
        q=query.q,
        role=query.role,
        active=query.active,
    )
    return UserPage(items=[_out(row) for row in page.items], next_cursor=page.next_cursor), 200


@operation(
    "POST",
    "/users",
    summary="Create an account in your organisation (admins)",
    tag=TAG,
    body=UserBody,
    replies={201: Reply("The new account.", UserOut, headers={"Location": "The accounts."})},
    problems=(403, 409),
    description="An email already taken is a 409.",
)
def create_user(*, body: UserBody) -> tuple[Any, int, dict[str, str]]:
    """The account is active at once, with the password given."""
    row = user_service.admin_create_user(
        session=get_session(), actor=current_user(), now=clock.now(), **body.model_dump()
    )
    return _out(row), 201, {"Location": url_for("api.list_users")}


@operation(
    "PATCH",
    "/users/{user_id}",
    summary="Change an account's role or deactivate it (admins)",
    tag=TAG,
    body=UserPatch,
    replies={200: Reply("The account after the change.", UserOut)},
    problems=(403, 409),
    description=(
        "Deactivating ends every session and stops the account's tokens. You cannot demote or "
        "deactivate yourself (409)."
    ),
)
def update_user(user_id: int, *, body: UserPatch) -> tuple[Any, int]:
    """Accounts are never deleted."""
    session, actor = get_session(), current_user()
    row = accounts_pages.colleague(session=session, actor=actor, user_id=user_id)
    if body.role is not None:
        row = user_service.set_role(session=session, actor=actor, user_id=user_id, role=body.role)
    if body.active is not None:
        row = user_service.set_active(
            session=session, actor=actor, user_id=user_id, active=body.active
        )
    return _out(row), 200
