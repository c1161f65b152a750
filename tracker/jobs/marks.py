"""Up to when each rule has run: rules that fire when a moment crosses a threshold read only
the moments that crossed it since their last committed pass.

The mark is kept per rule and per set of thresholds, written in the transaction that
enqueues the rule's reminders. No mark (a first pass, new thresholds) or a mark later than
`now` (a pass run for an earlier time) means a full look; the dedup keys still guard every
overlap. What the window does not bring back: a reminder that was not due at its moment
(an inactive account, a muted kind) is not offered again later.
"""

import hashlib
from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from tracker.jobs.thresholds import Group
from tracker.models import PlannerMark


def scope_of(group: Group) -> str:
    """A digest of the group's thresholds (64 hex characters)."""
    text = ",".join(f"{name}={days}" for name, days in sorted(group.days.items()))
    return hashlib.sha256(text.encode()).hexdigest()


def previous(session: Session, rule: str, group: Group, now: datetime) -> datetime | None:
    """The `now` of the rule's last committed pass with these thresholds, if not after `now`."""
    mark = session.get(PlannerMark, (rule, scope_of(group)))
    if mark is None or mark.through > now:
        return None
    return mark.through


def record(session: Session, rule: str, group: Group, now: datetime) -> None:
    """Move the rule's mark forward to `now` (never back); the caller commits."""
    table = PlannerMark.__table__  # type: ignore[attr-defined]
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(
        module.insert(table)
        .values(rule=rule, scope=scope_of(group), through=now)
        .on_conflict_do_update(
            index_elements=["rule", "scope"],
            set_={"through": now},
            where=table.c.through < now,
        )
    )
