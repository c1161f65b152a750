"""Organisation settings (admins): the day thresholds of reminders and retrospectives.

GET answers every key, defaults included; PUT sets the keys it names (the others keep their
value): 403 for non-admins, 422 for an unknown key or anything but a whole number of days
from 1 to 3650.
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from tracker import clock
from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.db import get_session
from tracker.services import organisation_settings as settings_service

TAG = "organisation"
PATH = "/organisation/settings"


class SettingsBody(BaseModel):
    """The thresholds to change, in whole days."""

    model_config = ConfigDict(extra="forbid")

    thresholds: dict[str, StrictInt] = Field(
        max_length=100,
        description="Keys as in GET (e.g. retrospective_due_days); values 1 to 3650.",
        json_schema_extra={"examples": [{"retrospective_due_days": 45}]},
    )


class SettingsOut(BaseModel):
    """Every threshold of the organisation, defaults included."""

    thresholds: dict[str, int]


@operation(
    "GET",
    PATH,
    summary="Your organisation's settings (admins)",
    tag=TAG,
    replies={200: Reply("Every threshold, in days.", SettingsOut)},
    problems=(403,),
)
def get_organisation_settings() -> tuple[Any, int]:
    """The day thresholds of the admin's organisation."""
    values = settings_service.get(session=get_session(), actor=current_user())
    return SettingsOut(thresholds=values), 200


@operation(
    "PUT",
    PATH,
    summary="Change your organisation's settings (admins)",
    tag=TAG,
    body=SettingsBody,
    replies={200: Reply("Every threshold after the change.", SettingsOut)},
    problems=(403,),
)
def update_organisation_settings(*, body: SettingsBody) -> tuple[Any, int]:
    """Keys left out keep their value; an unknown key or a bad number is a 422."""
    values = settings_service.update(
        session=get_session(), actor=current_user(), values=body.thresholds, now=clock.now()
    )
    return SettingsOut(thresholds=values), 200
