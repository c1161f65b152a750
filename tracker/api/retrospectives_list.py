"""GET /api/v1/retrospectives: what the /retrospectives page lists, one keyset page at a time."""

from datetime import date, datetime
from typing import Any, Literal

from flask import url_for
from flask_babel import get_timezone
from pydantic import BaseModel, Field

from tracker import clock
from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.db import get_session
from tracker.services import retrospectives_list

RetrospectiveState = Literal["due", "drafting", "submitted", "published"]


class RetrospectiveListQuery(BaseModel):
    """Filters of the list page, and keyset pagination (overdue first, then by due date)."""

    state: RetrospectiveState | None = None
    overdue: bool = Field(default=False, description="Only the overdue ones (due or drafting).")
    limit: int | None = Field(
        default=None,
        ge=1,
        le=retrospectives_list.PAGE_MAX,
        description=f"Page size (default {retrospectives_list.PAGE}).",
    )
    cursor: str | None = Field(
        default=None, max_length=200, description="The cursor of the `Link: rel=next` header."
    )


class RetrospectiveRowOut(BaseModel):
    """One line of the list; the whole retrospective is at its experiment's path."""

    id: int
    experiment_id: int
    experiment_title: str
    state: RetrospectiveState
    due_on: date
    overdue: bool
    stop_reason: str | None
    published_at: datetime | None
    version: int


@operation(
    "GET",
    "/retrospectives",
    summary="The retrospectives you may see",
    tag="retrospectives",
    query=RetrospectiveListQuery,
    replies={
        200: Reply(
            "Overdue ones first, then by due date, one page.",
            list[RetrospectiveRowOut],
            headers={
                "Link": '`<...?cursor=...>; rel="next"` when there are more.',
                "X-Total-Count": "How many match in all.",
            },
        )
    },
    problems=(422,),
)
def list_retrospectives(*, query: RetrospectiveListQuery) -> tuple[Any, int, dict[str, str]]:
    """Those of the experiments you may see, as on the /retrospectives page."""
    page = retrospectives_list.page_visible(
        session=get_session(),
        actor=current_user(),
        state=query.state,
        overdue_only=query.overdue,
        today=clock.now().astimezone(get_timezone()).date(),
        limit=query.limit or retrospectives_list.PAGE,
        cursor=query.cursor,
    )
    headers = {"X-Total-Count": str(page.total)}
    if page.next_cursor:
        args: dict[str, Any] = {"cursor": page.next_cursor}
        if query.limit:
            args["limit"] = query.limit
        if query.state:
            args["state"] = query.state
        if query.overdue:
            args["overdue"] = "true"
        headers["Link"] = f'<{url_for("api.list_retrospectives", **args)}>; rel="next"'
    body = [
        RetrospectiveRowOut(
            id=row.retrospective.id,  # type: ignore[arg-type]
            experiment_id=row.experiment.id,  # type: ignore[arg-type]
            experiment_title=row.experiment.title,
            state=row.retrospective.state,  # type: ignore[arg-type]
            due_on=row.retrospective.due_on,
            overdue=row.overdue,
            stop_reason=row.experiment.stop_reason,
            published_at=row.retrospective.published_at,
            version=row.retrospective.version,
        )
        for row in page.items
    ]
    return body, 200, headers
