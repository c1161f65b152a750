"""Full-text search over lessons: one service, two engines.

SQLite: the FTS5 table `lessons_fts` (unicode61, diacritics removed), filled here on insert,
ranked by bm25 with the title weighing ten times the body; each word also matches as a prefix.
PostgreSQL: the `tracker_french` configuration (French stemming, unaccent when installed)
in a stored tsvector column with a GIN index, ranked by ts_rank with the title as weight A.
Both mark matches in snippets with MARK_START / MARK_END (never HTML: callers escape).
"""

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, get_args

from sqlalchemy import (
    ColumnElement,
    String,
    cast,
    column,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    text,
    union_all,
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
# The lesson columns the facets read and filter on.
FACET_COLUMNS = ("territory", "theme", "outcome", "stop_reason", "cause_tags")
# A stored generated column (migrations 0007 and 0016): title weighted A, body B.
PG_DOCUMENT = "lessons.search_document"
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


def _tags(dialect: str, column: Any) -> Any:
    """The cause tags of a JSON array column, as a table of `value`."""
    elements = "json_each" if dialect == "sqlite" else "json_array_elements_text"
    return getattr(func, elements)(column).table_valued("value")


def _has_tag(dialect: str, column: Any, tag: str) -> ColumnElement[bool]:
    values = _tags(dialect, column)
    return exists(select(literal_column("1")).select_from(values).where(values.c.value == tag))


def _where(
    query: Select, dialect: str, filters: Filters, actor: User, skip: Collection[str] = ()
) -> Select:
    """Visibility, the text match and every filter not in `skip`."""
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
    if filters.kind and "kind" not in skip:
        query = query.where(col(Lesson.kind) == filters.kind)
    columns = {name: getattr(Lesson, name) for name in FACET_COLUMNS}
    return query.where(*_facet_filters(dialect, columns, filters, skip))


def _facet_filters(
    dialect: str, columns: dict[str, Any], filters: Filters, skip: Collection[str]
) -> list[ColumnElement[bool]]:
    """The facet filters chosen, on `columns` (the lessons' own, or a subquery's)."""
    where = []
    for name in ("outcome", "stop_reason", "theme", "territory"):
        value = getattr(filters, name)
        if not value or name in skip:
            continue
        if name in ("territory", "theme"):
            where.append(func.lower(columns[name]) == value.strip().lower())
        else:
            where.append(columns[name] == value)
    if filters.cause_tag and "cause_tag" not in skip:
        where.append(_has_tag(dialect, columns["cause_tags"], filters.cause_tag))
    return where


def _rank(dialect: str, q: str) -> tuple[Any, Any]:
    """(rank expression, lower is better; snippet expression) for a text query."""
    if dialect == "sqlite":
        bm25 = func.bm25(literal_column("lessons_fts"), 10.0, 1.0)
        snippet = func.snippet(literal_column("lessons_fts"), 1, MARK_START, MARK_END, "…", 24)
        return bm25, snippet
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
    """Counts per value of each facet, each under every other filter: one statement.

    The matching lessons are read once (a CTE: visibility, words, kind), then each facet
    groups them under the other facets' filters. One pass over the matches instead of one
    per facet, which is what costs with thousands of matches.
    """
    dialect = _dialect(session)
    names = [*FACET_COLUMNS]
    hits = _where(
        select(*(getattr(Lesson, name) for name in names)), dialect, filters, actor, skip=FACETS
    ).cte("hits")
    columns = {name: hits.c[name] for name in names}
    parts = []
    for name in FACETS:
        if name == "cause_tag":
            values = _tags(dialect, hits.c.cause_tags)
            value: Any = values.c.value
            part = select(literal(name).label("facet"), cast(value, String).label("value"))
            part = part.select_from(hits).join(values, text("true"))
        else:
            value = hits.c[name]
            part = select(literal(name).label("facet"), value.label("value")).where(
                value.is_not(None), value != ""
            )
        part = part.where(*_facet_filters(dialect, columns, filters, skip=(name,)))
        parts.append(select(part.subquery()))
    found = union_all(*parts).subquery()
    rows = session.execute(
        select(found.c.facet, found.c.value, func.count()).group_by(found.c.facet, found.c.value)
    ).all()
    counts: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    for row in rows:
        counts[str(row[0])].append((str(row[1]), int(row[2])))
    for items in counts.values():
        items.sort(key=lambda item: (-item[1], item[0]))
    return counts


def plain(snippet: str) -> str:
    """A snippet without its match marks (for JSON)."""
    return snippet.replace(MARK_START, "").replace(MARK_END, "")
