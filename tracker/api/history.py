"""What happened to an experiment: its event timeline and its journal."""

from typing import Any

from tracker import clock
from tracker.api import serializers
from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.api.schemas import EventOut, JournalEntryBody, JournalEntryOut
from tracker.db import get_session
from tracker.services import experiments as experiment_service
from tracker.services import journal as journal_service


@operation(
    "GET",
    "/experiments/{experiment_id}/events",
    summary="The timeline of an experiment",
    tag="history",
    replies={200: Reply("Every event, oldest first.", list[EventOut])},
    problems=(404,),
)
def list_events(experiment_id: int) -> tuple[Any, int]:
    """Creation, edits and state changes: who, when, from, to and why."""
    session = get_session()
    rows = experiment_service.events(
        session=session, actor=current_user(), experiment_id=experiment_id
    )
    return serializers.events(session, rows), 200


@operation(
    "GET",
    "/experiments/{experiment_id}/journal",
    summary="The journal of an experiment",
    tag="history",
    replies={200: Reply("Every entry, oldest first.", list[JournalEntryOut])},
    problems=(404,),
)
def list_journal(experiment_id: int) -> tuple[Any, int]:
    """Notes, observations, measurements, user feedback and incidents."""
    session = get_session()
    rows = journal_service.entries(
        session=session, actor=current_user(), experiment_id=experiment_id
    )
    return serializers.journal(session, rows), 200


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
