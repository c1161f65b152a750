"""The failure page as JSON: stops, published retrospectives, reuse and silent deaths."""

from datetime import date
from typing import Any, Literal

from flask import current_app
from pydantic import BaseModel, ConfigDict, Field

from tracker import clock
from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.db import get_session
from tracker.services import failures as failure_service
from tracker.services.portfolio_scope import parse_admins

TAG = "failures"


class FailuresQuery(BaseModel):
    """Your organisation by default; `all` is for instance administrators."""

    model_config = ConfigDict(extra="forbid")

    organisation: Literal["all"] | None = Field(
        default=None,
        description="`all`: every organisation (instance administrators only); default: yours.",
    )


class CountOut(BaseModel):
    key: str = Field(description="A stop reason or an experiment state.")
    count: int


class LateOut(BaseModel):
    experiment_id: int
    title: str
    state: str
    since: date = Field(description="The date that makes it late (stop or last activity).")


class FailuresOut(BaseModel):
    organisation_id: int | None = Field(description="None: every organisation.")
    stops: int
    stops_by_reason: list[CountOut]
    stops_by_stage: list[CountOut]
    published: int = Field(description="Stopped experiments with a published retrospective.")
    median_days_to_publish: float | None
    overdue_count: int = Field(description="Retrospectives past their due date, in all.")
    overdue: list[LateOut] = Field(description=f"At most {failure_service.LIST_LIMIT}.")
    lessons_reused: int
    reuses: int
    silent_days: int | None = Field(
        description="Days without activity that make a silent death (None for every organisation)."
    )
    silent_count: int
    silent_by_stage: list[CountOut]
    silent: list[LateOut] = Field(description=f"At most {failure_service.LIST_LIMIT}.")


def _counts(pairs: list[tuple[str, int]]) -> list[CountOut]:
    return [CountOut(key=key, count=count) for key, count in pairs]


def _late(rows: list[failure_service.Late]) -> list[LateOut]:
    return [LateOut(**row.__dict__) for row in rows]


@operation(
    "GET",
    "/failures",
    summary="The failure page's figures",
    tag=TAG,
    query=FailuresQuery,
    replies={200: Reply("The figures of the failure page.", FailuresOut)},
    problems=(403, 422),
    description=(
        "Stops by reason and by stage, retrospectives published and the median days to "
        "publish, overdue retrospectives, lessons reused, and silent deaths (experiments "
        "without activity for the organisation's threshold). `organisation=all` is for "
        "instance administrators (TRACKER_INSTANCE_ADMINS), 403 for others."
    ),
)
def get_failures(*, query: FailuresQuery) -> tuple[Any, int]:
    """The same SQL aggregates as the /failures page."""
    session = get_session()
    organisation_id = failure_service.scope_of(
        current_user(),
        everything=query.organisation == "all",
        instance_admins=parse_admins(current_app.config["TRACKER"]["INSTANCE_ADMINS"]),
    )
    figures = failure_service.figures(
        session=session, organisation_id=organisation_id, now=clock.now()
    )
    return FailuresOut(
        organisation_id=organisation_id,
        stops=figures.stops,
        stops_by_reason=_counts(figures.stops_by_reason),
        stops_by_stage=_counts(figures.stops_by_stage),
        published=figures.published,
        median_days_to_publish=figures.median_days_to_publish,
        overdue_count=figures.overdue_count,
        overdue=_late(figures.overdue),
        lessons_reused=figures.lessons_reused,
        reuses=figures.reuses,
        silent_days=figures.silent_days,
        silent_count=figures.silent_count,
        silent_by_stage=_counts(figures.silent_by_stage),
        silent=_late(figures.silent),
    ), 200
