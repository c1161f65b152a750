"""A user's email preferences: immediate or weekly digest, and muted reminders."""

from datetime import datetime

from sqlmodel import Session

from tracker.models import DELIVERIES, NotificationPreference, User
from tracker.notifications.kinds import REMINDERS
from tracker.services.errors import Invalid
from workflows.definition import N_


def get(*, session: Session, user: User) -> NotificationPreference:
    """The user's preferences (the defaults when never saved; not added to the session)."""
    saved = session.get(NotificationPreference, user.id)
    return saved or NotificationPreference(user_id=user.id or 0)


def update(
    *, session: Session, actor: User, delivery: str, muted: list[str], now: datetime
) -> NotificationPreference:
    """Save the actor's own choice; escalations to a chair are not reminders and stay on."""
    errors: dict[str, list[str]] = {}
    if delivery not in DELIVERIES:
        errors["delivery"] = [N_("Choose immediate emails or a weekly digest.")]
    if any(kind not in REMINDERS for kind in muted):
        errors["muted"] = [N_("Only reminders can be muted.")]
    if errors:
        raise Invalid(errors=errors)
    row = session.get(NotificationPreference, actor.id) or NotificationPreference(
        user_id=actor.id or 0
    )
    row.delivery = delivery
    row.muted = sorted(set(muted))
    row.updated_at = now
    session.add(row)
    session.commit()
    return row
