"""Your email preferences (what /profile/notifications does): immediate or weekly digest,
and the reminders you mute. Escalations to a chair cannot be muted (422)."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tracker import clock
from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.db import get_session
from tracker.models import DELIVERIES, NotificationPreference
from tracker.notifications import preferences as preference_service
from tracker.notifications.kinds import REMINDERS

TAG = "me"
PATH = "/me/notifications"
Delivery = Literal[DELIVERIES]  # type: ignore[valid-type]


class PreferencesBody(BaseModel):
    """Your whole choice: the delivery, and every reminder to mute."""

    model_config = ConfigDict(extra="forbid")

    delivery: Delivery
    muted: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="Reminder kinds to mute: " + ", ".join(REMINDERS) + ".",
        json_schema_extra={"examples": [["stale"]]},
    )


class PreferencesOut(BaseModel):
    delivery: Delivery
    muted: list[str]
    updated_at: datetime | None


def _out(row: NotificationPreference, saved: bool) -> PreferencesOut:
    return PreferencesOut(
        delivery=row.delivery, muted=list(row.muted), updated_at=row.updated_at if saved else None
    )


@operation(
    "GET",
    PATH,
    summary="Your email preferences",
    tag=TAG,
    replies={
        200: Reply("Your choice (immediate, nothing muted, when never saved).", PreferencesOut)
    },
)
def get_notification_preferences() -> tuple[Any, int]:
    """`updated_at` is null while you never saved a choice."""
    session, user = get_session(), current_user()
    row = preference_service.get(session=session, user=user)
    return _out(row, saved=session.get(NotificationPreference, user.id) is not None), 200


@operation(
    "PUT",
    PATH,
    summary="Change your email preferences",
    tag=TAG,
    body=PreferencesBody,
    replies={200: Reply("Your choice after the change.", PreferencesOut)},
    description="Only reminders can be muted: an escalation or an unknown kind is a 422.",
)
def put_notification_preferences(*, body: PreferencesBody) -> tuple[Any, int]:
    """Replaces the whole choice."""
    row = preference_service.update(
        session=get_session(),
        actor=current_user(),
        delivery=body.delivery,
        muted=body.muted,
        now=clock.now(),
    )
    return _out(row, saved=True), 200
