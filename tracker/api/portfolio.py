"""The portfolio dashboard as JSON: the same figures and filters as the /portfolio page."""

from datetime import date
from typing import Any, Literal

from flask import current_app
from pydantic import BaseModel, ConfigDict, Field, model_validator

from tracker import clock
from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.api.schemas import Theme
from tracker.db import get_session
from tracker.services import portfolio as portfolio_service
from tracker.services.portfolio_rows import Dashboard
from tracker.services.portfolio_scope import Filters, parse_admins
from tracker.views.portfolio import dashboard_cache, snapshot_max_age

TAG = "portfolio"


class PortfolioQuery(BaseModel):
    """Filters; the period selects experiments by their creation date (inclusive)."""

    model_config = ConfigDict(extra="forbid")

    organisation: Literal["all"] | int | None = Field(
        default=None,
        description="An organisation id, or `all` (instance administrators only); default: yours.",
    )
    territory_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    theme: Theme | None = Field(default=None, description="An experiment theme.")
    board_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    start: date | None = None
    end: date | None = None

    @model_validator(mode="after")
    def _period_in_order(self) -> "PortfolioQuery":
        if self.start and self.end and self.end < self.start:
            raise ValueError("end must not be before start")
        return self


class FiltersOut(BaseModel):
    organisation_id: int | None = Field(description="None: every organisation.")
    territory_id: int | None
    theme: str | None
    board_id: int | None
    start: date | None
    end: date | None


class PortfolioOut(Dashboard):
    filters: FiltersOut


@operation(
    "GET",
    "/portfolio",
    summary="The portfolio dashboard's figures",
    tag=TAG,
    query=PortfolioQuery,
    replies={200: Reply("Every figure for the filters applied.", PortfolioOut)},
    problems=(403, 404, 422),
    description=(
        "Experiments per state (now and ever reached), outcomes per quarter, median days per "
        "stage (completed stays), open and overdue gates per board, experiments per territory, "
        "verdict × decision at decision gates, commons totals, and experiments by the owner's "
        "training. Your organisation by default; `organisation=all` or another organisation's "
        "id is for instance administrators (TRACKER_INSTANCE_ADMINS), 403 for others."
    ),
)
def get_portfolio(*, query: PortfolioQuery) -> tuple[Any, int]:
    """Computed with SQL aggregates: the same number of queries whatever the portfolio's size."""
    organisation = query.organisation
    applied, board = portfolio_service.dashboard(
        session=get_session(),
        actor=current_user(),
        filters=Filters(
            organisation_id=organisation if isinstance(organisation, int) else None,
            territory_id=query.territory_id,
            theme=query.theme,
            board_id=query.board_id,
            start=query.start,
            end=query.end,
        ),
        all_organisations=organisation == "all",
        instance_admins=parse_admins(current_app.config["TRACKER"]["INSTANCE_ADMINS"]),
        cache=dashboard_cache(),
        snapshot_max_age=snapshot_max_age(),
        now=clock.now(),
    )
    filters = FiltersOut(**applied.__dict__)
    return PortfolioOut(filters=filters, **board.model_dump()), 200
