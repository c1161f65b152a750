"""The right-to-fail charter of the caller's organisation: read it; administrators write it.

GET answers the current version (null while none was written) and every earlier one; every
PUT saves a new version (nothing is overwritten); a PUT by anyone but an administrator is a
403.
"""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from tracker import clock
from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.db import get_session
from tracker.models import CharterFields
from tracker.services import charters as charter_service

TAG = "charter"


class CharterBody(CharterFields):
    """A new version of the charter: its three commitments."""

    model_config = ConfigDict(extra="forbid")


class CharterOut(BaseModel):
    """One version of the organisation's charter."""

    id: int
    organisation_id: int
    number: int
    acceptable_failure: str
    non_sanction: str
    duty_to_share: str
    author_id: int
    created_at: datetime


class CharterState(BaseModel):
    """The organisation's charter: its current version and every version, newest first."""

    current: CharterOut | None
    versions: list[CharterOut]


def _state() -> CharterState:
    versions = [
        CharterOut.model_validate(version.model_dump())
        for version in charter_service.history(session=get_session(), actor=current_user())
    ]
    return CharterState(current=versions[0] if versions else None, versions=versions)


@operation(
    "GET",
    "/charter",
    summary="The current right-to-fail charter of your organisation",
    tag=TAG,
    replies={200: Reply("The current version (or null) and every version.", CharterState)},
)
def get_charter() -> tuple[Any, int]:
    """Everyone in the organisation reads it; `current` is null while none was written."""
    return _state(), 200


@operation(
    "PUT",
    "/charter",
    summary="Save a new version of the charter (administrators)",
    tag=TAG,
    body=CharterBody,
    replies={200: Reply("The charter with its new current version.", CharterState)},
    problems=(403, 409),
)
def put_charter(*, body: CharterBody) -> tuple[Any, int]:
    """Each save is a new immutable version; acknowledgements keep the version they read."""
    charter_service.save(
        session=get_session(), actor=current_user(), data=body.model_dump(), now=clock.now()
    )
    return _state(), 200
