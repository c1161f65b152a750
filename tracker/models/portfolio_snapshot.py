"""Portfolio dashboards computed ahead of time, one per organisation (and one for all)."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from tracker.models.types import UTCDateTime


class PortfolioSnapshot(SQLModel, table=True):
    """The figures of an unfiltered dashboard, and what the data looked like when computed.

    Derived data: recomputed by the scheduler when the fingerprint moves, overwritten in place.
    """

    __tablename__ = "portfolio_snapshots"

    # "organisation:<id>", or "all" for the instance administrators' view.
    scope: str = Field(primary_key=True, max_length=40)
    # tracker.services.portfolio_cache.fingerprint at computation time, as a JSON list.
    fingerprint: list[Any] = Field(default_factory=list, sa_type=JSON)
    computed_at: datetime = Field(sa_type=UTCDateTime)
    figures: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
