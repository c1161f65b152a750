"""Personal API tokens (what /profile does): list yours, create one, revoke one.

The secret is shown once, in the answer to POST; lists never carry it.
"""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from tracker import clock
from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.db import get_session
from tracker.models import ApiToken
from tracker.services import auth as auth_service

TAG = "tokens"


class TokenBody(BaseModel):
    """A name to recognise the token by."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, json_schema_extra={"examples": ["CI"]})


class TokenOut(BaseModel):
    """One of your tokens, without its secret."""

    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewTokenOut(TokenOut):
    """The new token, with its secret: shown this once, never again."""

    token: str


def _out(row: ApiToken) -> TokenOut:
    return TokenOut.model_validate(row, from_attributes=True)


@operation(
    "GET",
    "/tokens",
    summary="List your personal tokens",
    tag=TAG,
    replies={200: Reply("Your tokens, newest first, revoked ones included.", list[TokenOut])},
)
def list_tokens() -> tuple[Any, int]:
    """Never the secrets: they are not stored."""
    rows = auth_service.list_tokens(session=get_session(), actor=current_user())
    return [_out(row) for row in rows], 200


@operation(
    "POST",
    "/tokens",
    summary="Create a personal token",
    tag=TAG,
    body=TokenBody,
    replies={201: Reply("The token, with its secret in `token` (shown once).", NewTokenOut)},
)
def create_token(*, body: TokenBody) -> tuple[Any, int]:
    """Send it as `Authorization: Bearer <token>`."""
    row, plain = auth_service.create_token(
        session=get_session(), user=current_user(), name=body.name, now=clock.now()
    )
    return NewTokenOut(**_out(row).model_dump(), token=plain), 201


@operation(
    "POST",
    "/tokens/{token_id}/revoke",
    summary="Revoke one of your personal tokens",
    tag=TAG,
    replies={200: Reply("The revoked token (kept, marked revoked).", TokenOut)},
    description="Someone else's token is a 404. Revoking twice keeps the first date.",
)
def revoke_token(token_id: int) -> tuple[Any, int]:
    """The token stops working at once."""
    row = auth_service.revoke_token(
        session=get_session(), actor=current_user(), token_id=token_id, now=clock.now()
    )
    return _out(row), 200
