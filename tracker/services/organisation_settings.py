"""An organisation's day thresholds: reminder delays, the retrospective due delay, and the like.

Stored as overrides in ReminderSettings.thresholds; every key of DEFAULT_THRESHOLDS that an
organisation has not set takes its default, so a key added in code needs no migration.
"""

from datetime import datetime
from typing import Any

from sqlmodel import Session

from tracker.models import ReminderSettings, User
from tracker.notifications.kinds import DEFAULT_THRESHOLDS
from tracker.services.errors import Invalid
from tracker.services.permissions import require_admin
from workflows.definition import N_

# Ten years: beyond that a threshold is a typing mistake, not a policy.
MAX_DAYS = 3650
NOT_DAYS = N_("Enter a whole number of days between 1 and 3650.")
UNKNOWN = N_("Unknown setting.")


def merged(overrides: dict[str, Any]) -> dict[str, int]:
    """The defaults with an organisation's valid overrides (positive whole days)."""
    days = dict(DEFAULT_THRESHOLDS)
    for key, value in overrides.items():
        if key in days and _valid(value):
            days[key] = value
    return days


def _valid(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_DAYS


def thresholds(session: Session, organisation_id: int) -> dict[str, int]:
    """The organisation's thresholds, defaults included (no permission: used by the rules)."""
    row = session.get(ReminderSettings, organisation_id)
    return merged(row.thresholds if row is not None else {})


def get(*, session: Session, actor: User) -> dict[str, int]:
    """The admin's organisation's thresholds, every key present."""
    require_admin(actor)
    return thresholds(session, actor.organisation_id)


def update(
    *, session: Session, actor: User, values: dict[str, Any], now: datetime
) -> dict[str, int]:
    """Set some thresholds of the admin's organisation; keys left out keep their value."""
    require_admin(actor)
    errors = {
        key: [UNKNOWN if key not in DEFAULT_THRESHOLDS else NOT_DAYS]
        for key, value in values.items()
        if key not in DEFAULT_THRESHOLDS or not _valid(value)
    }
    if errors:
        raise Invalid(errors=errors)
    row = session.get(ReminderSettings, actor.organisation_id)
    if row is None:
        row = ReminderSettings(organisation_id=actor.organisation_id, thresholds={})
    # A new dict: the JSON column only notices a replaced value, not one changed in place.
    row.thresholds = {**row.thresholds, **values}
    row.updated_at = now
    session.add(row)
    session.commit()
    return merged(row.thresholds)
