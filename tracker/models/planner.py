"""The planner's bookkeeping: up to when each rule has run, per set of thresholds."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from tracker.models.types import UTCDateTime


class PlannerMark(SQLModel, table=True):
    """The `now` of a rule's latest committed pass for one set of thresholds.

    A rule whose reminders fall due when a moment crosses a threshold only looks at the
    moments that crossed it since this mark; the dedup keys still guard against overlaps.
    """

    __tablename__ = "planner_marks"

    rule: str = Field(primary_key=True, max_length=60)
    # A digest of the thresholds the pass used: new thresholds start without a mark.
    scope: str = Field(primary_key=True, max_length=64)
    through: datetime = Field(sa_type=UTCDateTime)
