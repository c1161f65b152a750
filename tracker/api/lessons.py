"""Lessons: search the library, read one, ask or decide its publication, mark it applied.

404 for a lesson you cannot read (another organisation's internal one), 403 for a step that is
not yours, 409 for a publication step the lesson's state does not allow, 422 for bad input.
"""

from typing import Any

from flask import current_app
from sqlmodel import Session

from tracker import clock
from tracker.api.auth import current_user
from tracker.api.lesson_schemas import (
    AppliedLessonBody,
    AppliedLessonsOut,
    LessonOut,
    LessonPage,
    LessonQuery,
    PublicationBody,
)
from tracker.api.registry import Reply, operation
from tracker.db import get_session
from tracker.models import Lesson
from tracker.services import lessons as lesson_service
from tracker.services import lessons_publication, lessons_reuse
from tracker.services import lessons_search as search_service

TAG = "lessons"


def lessons_out(session: Session, rows: list[Lesson], snippets: list[str] | None = None):
    """Lessons with their reuse counts (one GROUP BY for the page)."""
    counts = lesson_service.reuse_counts(session, [row.id for row in rows if row.id])
    outs = []
    for index, row in enumerate(rows):
        snippet = None
        if snippets is not None:
            snippet = search_service.plain(snippets[index])
        outs.append(
            LessonOut.model_validate(
                {**row.model_dump(), "reuse_count": counts.get(row.id or 0, 0), "snippet": snippet}
            )
        )
    return outs


@operation(
    "GET",
    "/lessons",
    summary="Search the lessons library",
    tag=TAG,
    query=LessonQuery,
    replies={200: Reply("A page of lessons, best match (or newest) first.", LessonPage)},
    problems=(422,),
)
def list_lessons(*, query: LessonQuery) -> tuple[Any, int]:
    """Your organisation's lessons and every public one, filtered, with cursor pagination."""
    session, actor = get_session(), current_user()
    limit = query.limit or current_app.config["TRACKER"]["PAGE_SIZE"]
    filters = search_service.Filters(
        **query.model_dump(exclude={"limit", "cursor"}, exclude_none=True)
    )
    page = search_service.search(
        session=session, actor=actor, filters=filters, limit=limit, cursor=query.cursor
    )
    rows = [hit.lesson for hit in page.items]
    items = lessons_out(session, rows, [hit.snippet for hit in page.items])
    return LessonPage(items=items, next_cursor=page.next_cursor), 200


@operation(
    "GET",
    "/lessons/{lesson_id}",
    summary="Read a lesson",
    tag=TAG,
    replies={200: Reply("The lesson.", LessonOut)},
    problems=(404,),
)
def get_lesson(lesson_id: int) -> tuple[Any, int]:
    """Another organisation's internal lesson is 404, as if it did not exist."""
    session, actor = get_session(), current_user()
    lesson = lesson_service.get(session=session, actor=actor, lesson_id=lesson_id)
    return lessons_out(session, [lesson])[0], 200


@operation(
    "POST",
    "/lessons/{lesson_id}/publication",
    summary="Ask to publish a lesson, or approve or decline the request",
    tag=TAG,
    body=PublicationBody,
    replies={200: Reply("The lesson after the step.", LessonOut)},
    problems=(403, 404, 409),
)
def lesson_publication(lesson_id: int, *, body: PublicationBody) -> tuple[Any, int]:
    """`request`: the experiment's owner or team (from none or declined); `approve` (the
    lesson becomes public) or `decline`: a chair of the experiment's board, not on its team.
    Each step is an event on the experiment's timeline."""
    session, actor = get_session(), current_user()
    lesson = lessons_publication.act(
        session=session, actor=actor, lesson_id=lesson_id, action=body.action, now=clock.now()
    )
    return lessons_out(session, [lesson])[0], 200


@operation(
    "POST",
    "/experiments/{experiment_id}/applied-lessons",
    summary="Mark a lesson as applied by this experiment",
    tag=TAG,
    body=AppliedLessonBody,
    replies={
        201: Reply("Marked; the lessons the experiment applied.", AppliedLessonsOut),
        200: Reply("It was already marked; the lessons the experiment applied.", AppliedLessonsOut),
    },
    problems=(403, 404),
)
def apply_lesson(experiment_id: int, *, body: AppliedLessonBody) -> tuple[Any, int]:
    """The owner or team marks a lesson they can read (not one of this experiment's own);
    the lesson's reuse_count counts each experiment once."""
    session, actor = get_session(), current_user()
    _reuse, created = lessons_reuse.mark(
        session=session,
        actor=actor,
        experiment_id=experiment_id,
        lesson_id=body.lesson_id,
        now=clock.now(),
    )
    applied = lessons_reuse.applied_ids(session, [experiment_id])[experiment_id]
    out = AppliedLessonsOut(experiment_id=experiment_id, applied_lesson_ids=applied)
    return out, 201 if created else 200
