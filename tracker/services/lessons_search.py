"""Full-text search over lessons: one service, two engines.

SQLite: the FTS5 table `lessons_fts` (unicode61, diacritics removed), filled here on insert,
ranked by bm25 with the title weighing ten times the body; each word also matches as a prefix.
PostgreSQL: the `tracker_french` configuration (French stemming, unaccent when installed)
over a GIN expression index, ranked by ts_rank with the title as weight A.
Both mark matches in snippets with MARK_START / MARK_END (never HTML: callers escape).
"""

import re
from dataclasses import dataclass, field
from typing import Any, get_args

from sqlalchemy import (
    ColumnElement,
    column,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.sql import Select
from sqlmodel import Session, col

from tracker.models import Lesson, User
from tracker.models.lesson import LESSON_KINDS, LESSON_OUTCOMES
from tracker.models.retrospective import CauseTag
from tracker.services import cursors
from tracker.services.errors import Invalid
from workflows.definition import N_
from workflows.experiment import STOP_REASONS

CAUSE_TAGS = get_args(CauseTag)
MARK_START, MARK_END = "\ue000", "\ue001"
MAX_LIMIT = 100
FACETS = ("territory", "theme", "outcome", "stop_reason", "cause_tag")
# Same expression as the index of migration 0007, or PostgreSQL cannot use the index.
PG_DOCUMENT = (
    "(setweight(to_tsvector('tracker_french'::regconfig, lessons.title), 'A') || "
    "setweight(to_tsvector('tracker_french'::regconfig, lessons.body), 'B'))"
)
PG_HEADLINE = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12"
_fts = table("lessons_fts", column("rowid"), column("title"), column("body"))
_CONFIG: Any = literal_column("'tracker_french'::regconfig")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Filters:
    q: str = ""
    outcome: str | None = None
    stop_reason: str | None = None
    territory: str | None = None
    theme: str | None = None
    cause_tag: str | None = None
    kind: str | None = None


@dataclass
class Hit:
    lesson: Lesson
    snippet: str


@dataclass
class Page:
    items: list[Hit]
    next_cursor: str | None
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def visible_clause(actor: User) -> ColumnElement[bool]:
    """Lessons the actor may read: their organisation's, and public ones."""
    return or_(
        col(Lesson.organisation_id) == actor.organisation_id,
        col(Lesson.visibility) == "public",
    )


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def index(session: Session, lesson: Lesson) -> None:
    """Add a new lesson to the SQLite index (PostgreSQL indexes the expression itself)."""
    if _dialect(session) == "sqlite":
        session.execute(
            text("INSERT INTO lessons_fts (rowid, title, body) VALUES (:id, :title, :body)"),
            {"id": lesson.id, "title": lesson.title, "body": lesson.body},
        )


def _fts5_query(q: str) -> str:
    # Words only, each quoted (FTS5 operators in what people type are text) and a prefix.
    return " ".join(f'"{word}"*' for word in _WORD.findall(q))


def _validate(filters: Filters, limit: int) -> None:
    errors: dict[str, list[str]] = {}
    if filters.outcome and filters.outcome not in LESSON_OUTCOMES:
        errors["outcome"] = [N_("Unknown outcome.")]
    if filters.kind and filters.kind not in LESSON_KINDS:
        errors["kind"] = [N_("Unknown kind.")]
    if filters.stop_reason and filters.stop_reason not in STOP_REASONS:
        errors["stop_reason"] = [N_("Unknown stop reason.")]
    if filters.cause_tag and filters.cause_tag not in CAUSE_TAGS:
        errors["cause_tag"] = [N_("Unknown contributing condition.")]
    if len(filters.q) > 500:
        errors["q"] = [N_("The search is too long (500 characters at most).")]
    if not 1 <= limit <= MAX_LIMIT:
        errors["limit"] = [N_("The limit must be between 1 and 100.")]
    if errors:
        raise Invalid(errors=errors)


def _has_tag(dialect: str, tag: str) -> ColumnElement[bool]:
    elements = "json_each" if dialect == "sqlite" else "json_array_elements_text"
    values = getattr(func, elements)(col(Lesson.cause_tags)).table_valued("value")
    return exists(select(literal_column("1")).select_from(values).where(values.c.value == tag))


def _where(query: Select, dialect: str, filters: Filters, actor: User, skip: str = "") -> Select:
    """Visibility, the text match and every filter but `skip` (a facet counts without its own)."""
    query = query.where(visible_clause(actor))
    words = _WORD.findall(filters.q)
    if words and dialect == "sqlite":
        query = query.join(_fts, _fts.c.rowid == Lesson.id).where(
            literal_column("lessons_fts").op("MATCH")(_fts5_query(filters.q))
        )
    elif words:
        tsquery = func.websearch_to_tsquery(
            literal_column("'tracker_french'::regconfig"), filters.q
        )
        query = query.where(literal_column(PG_DOCUMENT).op("@@")(tsquery))
    for name in ("outcome", "stop_reason", "kind", "theme", "territory"):
        value = getattr(filters, name)
        if value and name != skip:
            column_ = getattr(Lesson, name)
            if name in ("territory", "theme"):
                query = query.where(func.lower(column_) == value.strip().lower())
            else:
                query = query.where(column_ == value)
    if filters.cause_tag and skip != "cause_tag":
        query = query.where(_has_tag(dialect, filters.cause_tag))
    return query


def _rank(dialect: str, q: str) -> tuple[Any, Any]:
    """(rank expression, lower is better; snippet expression) for a text query."""
    if dialect == "sqlite":
        rank = func.bm25(literal_column("lessons_fts"), 10.0, 1.0)
        snippet = func.snippet(literal_column("lessons_fts"), 1, MARK_START, MARK_END, "…", 24)
        return rank, snippet
    tsquery = func.websearch_to_tsquery(_CONFIG, q)
    rank = -func.ts_rank(literal_column(PG_DOCUMENT), tsquery)
    return rank, func.ts_headline(_CONFIG, col(Lesson.body), tsquery, PG_HEADLINE)


def _ranked(dialect: str, filters: Filters, actor: User, offset: int, limit: int) -> Select:
    """The page of best matches, each with its snippet.

    Ranked first on ids alone, then snippets made for that page only: in one query, SQLite
    would build a snippet for every match before sorting (24,000 of them at 100,000
    experiments, most of the page's time).
    """
    rank, snippet = _rank(dialect, filters.q)
    best = (
        _where(select(col(Lesson.id).label("id"), rank.label("rank")), dialect, filters, actor)
        .order_by(rank, col(Lesson.id).desc())
        .offset(offset)
        .limit(limit + 1)
        .subquery()
    )
    query = select(Lesson, snippet).join(best, best.c.id == col(Lesson.id))
    if dialect == "sqlite":
        # snippet() reads the match: the page's rows are matched again, by rowid.
        query = query.join(_fts, _fts.c.rowid == Lesson.id).where(
            literal_column("lessons_fts").op("MATCH")(_fts5_query(filters.q))
        )
    return query.order_by(best.c.rank, col(Lesson.id).desc())


def _encode(offset: int) -> str:
    return cursors.encode(offset)


def _decode(cursor: str | None) -> int:
    if not cursor:
        return 0
    (offset,) = cursors.decode(cursor, int)
    if offset >= 2**31:
        raise Invalid(errors={"cursor": [N_("This cursor is not valid.")]})
    return offset


def search(
    *,
    session: Session,
    actor: User,
    filters: Filters,
    limit: int = 20,
    cursor: str | None = None,
    with_facets: bool = False,
) -> Page:
    """Lessons the actor may read that match, best first (newest first without words)."""
    filters.q = (filters.q or "").strip()
    _validate(filters, limit)
    offset = _decode(cursor)
    dialect = _dialect(session)
    if _WORD.findall(filters.q):
        query = _ranked(dialect, filters, actor, offset, limit)
    else:
        query = select(Lesson, func.substr(col(Lesson.body), 1, 240)).order_by(
            col(Lesson.created_at).desc(), col(Lesson.id).desc()
        )
        query = _where(query, dialect, filters, actor).offset(offset).limit(limit + 1)
    rows = list(session.execute(query).all())
    items = [Hit(lesson=row[0], snippet=row[1] or "") for row in rows[:limit]]
    next_cursor = _encode(offset + limit) if len(rows) > limit else None
    page = Page(items=items, next_cursor=next_cursor)
    if with_facets:
        page.facets = facets(session=session, actor=actor, filters=filters)
    return page


def facets(*, session: Session, actor: User, filters: Filters) -> dict[str, list[tuple[str, int]]]:
    """Counts per value of each facet, by SQL GROUP BY, under every other filter."""
    dialect = _dialect(session)
    counts: dict[str, list[tuple[str, int]]] = {}
    for name in FACETS:
        if name == "cause_tag":
            elements = "json_each" if dialect == "sqlite" else "json_array_elements_text"
            values = getattr(func, elements)(col(Lesson.cause_tags)).table_valued("value")
            value = values.c.value
            query = select(value, func.count()).select_from(Lesson).join(values, text("true"))
        else:
            value = getattr(Lesson, name)
            query = select(value, func.count()).select_from(Lesson)
            query = query.where(value.is_not(None), value != "")
        query = _where(query, dialect, filters, actor, skip=name)
        query = query.group_by(value).order_by(func.count().desc(), value)
        counts[name] = [(str(row[0]), int(row[1])) for row in session.execute(query).all()]
    return counts


def plain(snippet: str) -> str:
    """A snippet without its match marks (for JSON)."""
    return snippet.replace(MARK_START, "").replace(MARK_END, "")
