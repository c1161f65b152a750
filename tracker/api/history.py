"""What happened to an experiment: its event timeline and its journal."""

from typing import Any

from flask import url_for
from pydantic import BaseModel, Field

from tracker import clock
from tracker.api import serializers
from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.api.schemas import EventOut, JournalEntryBody, JournalEntryOut
from tracker.db import get_session
from tracker.services import history_pages
from tracker.services import journal as journal_service


class HistoryQuery(BaseModel):
    """Keyset pagination, oldest first."""

    limit: int | None = Field(
        default=None,
        ge=1,
        le=history_pages.PAGE_MAX,
        description=f"Page size (default {history_pages.PAGE}).",
    )
    cursor: str | None = Field(
        default=None, max_length=200, description="The cursor of the `Link: rel=next` header."
    )


def _page_headers(endpoint: str, experiment_id: int, query: HistoryQuery, page: Any) -> dict:
    headers = {"X-Total-Count": str(page.total)}
    if page.next_cursor:
        args = {"cursor": page.next_cursor, **({"limit": query.limit} if query.limit else {})}
        url = url_for(endpoint, experiment_id=experiment_id, **args)
        headers["Link"] = f'<{url}>; rel="next"'
    return headers


def _paged(description: str, schema: Any) -> Reply:
    return Reply(
        description,
        schema,
        headers={
            "Link": '`<...?cursor=...>; rel="next"` when there are more.',
            "X-Total-Count": "How many there are in all.",
        },
    )


@operation(
    "GET",
    "/experiments/{experiment_id}/events",
    summary="The timeline of an experiment",
    tag="history",
    query=HistoryQuery,
    replies={200: _paged("The events, oldest first, one page.", list[EventOut])},
    problems=(404, 422),
)
def list_events(experiment_id: int, *, query: HistoryQuery) -> tuple[Any, int, dict[str, str]]:
    """Creation, edits and state changes: who, when, from, to and why."""
    session = get_session()
    page = history_pages.events(
        session=session,
        actor=current_user(),
        experiment_id=experiment_id,
        limit=query.limit or history_pages.PAGE,
        cursor=query.cursor,
    )
    headers = _page_headers("api.list_events", experiment_id, query, page)
    return serializers.events(session, page.items), 200, headers


@operation(
    "GET",
    "/experiments/{experiment_id}/journal",
    summary="The journal of an experiment",
    tag="history",
    query=HistoryQuery,
    replies={200: _paged("The entries, oldest first, one page.", list[JournalEntryOut])},
    problems=(404, 422),
)
def list_journal(experiment_id: int, *, query: HistoryQuery) -> tuple[Any, int, dict[str, str]]:
    """Notes, observations, measurements, user feedback and incidents."""
    session = get_session()
    page = history_pages.journal(
        session=session,
        actor=current_user(),
        experiment_id=experiment_id,
        limit=query.limit or history_pages.PAGE,
        cursor=query.cursor,
    )
    headers = _page_headers("api.list_journal", experiment_id, query, page)
    return serializers.journal(session, page.items), 200, headers


@operation(
    "POST",
    "/experiments/{experiment_id}/journal",
    summary="Log a journal entry",
    tag="history",
    body=JournalEntryBody,
    replies={201: Reply("The new entry.", JournalEntryOut)},
    problems=(403, 404),
)
def add_journal_entry(experiment_id: int, *, body: JournalEntryBody) -> tuple[Any, int]:
    """Entries are never edited nor deleted; the team logs, everyone who can see reads."""
    session = get_session()
    entry = journal_service.add_entry(
        session=session,
        actor=current_user(),
        experiment_id=experiment_id,
        data=body.model_dump(exclude_unset=True),
        now=clock.now(),
    )
    return serializers.journal(session, [entry])[0], 201
