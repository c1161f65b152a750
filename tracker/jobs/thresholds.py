"""Reminder thresholds per organisation, grouped so each rule runs once per distinct setting."""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_, true
from sqlmodel import Session, col, select

from tracker.models import Experiment, ReminderSettings
from tracker.notifications.kinds import DEFAULT_THRESHOLDS

# One reading of an organisation's overrides, shared with the settings page and the stop.
from tracker.services.organisation_settings import merged


@dataclass(frozen=True)
class Group:
    """Thresholds, and the SQL condition on experiments of the organisations that use them."""

    days: dict[str, int]
    organisations: ColumnElement[bool]


def groups(session: Session) -> list[Group]:
    """One group per distinct set of thresholds; organisations without settings use defaults."""
    rows = session.exec(select(ReminderSettings)).all()
    by_days: dict[tuple[tuple[str, int], ...], list[int]] = defaultdict(list)
    for row in rows:
        by_days[tuple(sorted(merged(row.thresholds).items()))].append(row.organisation_id)
    custom = [row.organisation_id for row in rows]
    organisation = col(Experiment.organisation_id)
    without: ColumnElement[bool] = organisation.not_in(custom) if custom else true()
    default_key = tuple(sorted(DEFAULT_THRESHOLDS.items()))
    result = []
    for key, ids in by_days.items():
        clause: ColumnElement[bool] = organisation.in_(ids)
        if key == default_key:
            clause = or_(clause, without)
        result.append(Group(dict(key), clause))
    if default_key not in by_days:
        result.append(Group(dict(DEFAULT_THRESHOLDS), without))
    return result
