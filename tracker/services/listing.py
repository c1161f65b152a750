"""Experiment lists with keyset pagination (by last activity, newest first)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, func, or_, union_all
from sqlmodel import Session, col, select

from tracker.models import Experiment, ExperimentMember, ExperimentTerritory, Territory, User
from tracker.models.themes import THEMES
from tracker.services import cursors
from tracker.services.errors import Invalid
from tracker.services.permissions import visible_clause
from workflows.definition import N_
from workflows.experiment import STATES

Scope = Literal["visible", "organisation", "mine"]
MAX_LIMIT = 100


@dataclass
class Page:
    items: list[Experiment]
    next_cursor: str | None


def after_cursor(cursor: str) -> ColumnElement[bool]:
    """Rows after the cursor in the lists' order (newest activity first, then highest id)."""
    at, after_id = cursors.decode(cursor, datetime, int)
    return or_(
        col(Experiment.last_activity_at) < at,
        and_(col(Experiment.last_activity_at) == at, col(Experiment.id) < after_id),
    )


def page_of(rows: list[Experiment], limit: int) -> Page:
    """A page of the first `limit` rows; its cursor points after the last when more follow."""
    items = rows[:limit]
    last = items[-1] if len(rows) > limit else None
    next_cursor = cursors.encode(last.last_activity_at, last.id) if last else None
    return Page(items=items, next_cursor=next_cursor)


def list_(
    *,
    session: Session,
    actor: User,
    scope: Scope = "visible",
    state: str | None = None,
    territory: str | None = None,
    q: str | None = None,
    theme: str | None = None,
    limit: int = 20,
    cursor: str | None = None,
) -> Page:
    """Experiments the actor may see, filtered, newest activity first."""
    if scope not in ("visible", "organisation", "mine"):
        raise Invalid(errors={"scope": [N_("Unknown list.")]})
    if state and state not in STATES:
        raise Invalid(errors={"state": [N_("Unknown state.")]})
    theme = (theme or "").strip().lower() or None
    if theme and theme not in THEMES:
        raise Invalid(errors={"theme": [N_("Unknown theme.")]})
    if not 1 <= limit <= MAX_LIMIT:
        raise Invalid(errors={"limit": [N_("The limit must be between 1 and 100.")]})
    query = select(Experiment).where(visible_clause(actor))
    if scope == "organisation":
        query = query.where(Experiment.organisation_id == actor.organisation_id)
    elif scope == "mine":
        member_of = select(ExperimentMember.experiment_id).where(
            ExperimentMember.user_id == actor.id
        )
        query = query.where(
            or_(col(Experiment.owner_id) == actor.id, col(Experiment.id).in_(member_of))
        )
    if state:
        query = query.where(Experiment.state == state)
    if territory and territory.strip():
        query = query.where(col(Experiment.id).in_(in_territory(territory)))
    if theme:
        query = query.where(Experiment.theme == theme)
    if q and q.strip():
        # What people type is text, not a LIKE pattern: "100%" must not match everything.
        literal = q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{literal}%"
        query = query.where(
            or_(
                col(Experiment.title).ilike(pattern, escape="\\"),
                col(Experiment.problem).ilike(pattern, escape="\\"),
                col(Experiment.hypothesis).ilike(pattern, escape="\\"),
            )
        )
    if cursor:
        query = query.where(after_cursor(cursor))
    order = (col(Experiment.last_activity_at).desc(), col(Experiment.id).desc())
    if scope == "visible":
        query = _visible_halves(query, actor, order, limit)
    query = query.order_by(*order).limit(limit + 1)
    return page_of(list(session.exec(query).all()), limit)


def in_territory(territory: str) -> Any:
    """The ids of experiments linked to the territory named (any case) or coded `territory`."""
    wanted = " ".join(territory.split())
    return (
        select(ExperimentTerritory.experiment_id)
        .join(Territory, col(Territory.id) == ExperimentTerritory.territory_id)
        .where(
            or_(
                func.lower(Territory.name) == wanted.lower(),
                col(Territory.code) == wanted.upper(),
            )
        )
    )


def _visible_halves(query: Any, actor: User, order: tuple[Any, ...], limit: int) -> Any:
    """The visible list as its two index-ordered halves, each cut to one page, then merged.

    With one OR (own organisation or public), SQLite reads both indexes and sorts every
    visible row to return one page: 300 ms at 100,000 experiments. Each half here walks its
    own index (organisation, activity) or (visibility, activity) and stops after a page.
    """
    own = query.where(col(Experiment.organisation_id) == actor.organisation_id)
    # Public rows of the own organisation may come twice: the IN below keeps each once.
    public = query.where(col(Experiment.visibility) == "public")
    halves = [
        half.with_only_columns(col(Experiment.id)).order_by(*order).limit(limit + 1).subquery()
        for half in (own, public)
    ]
    ids = union_all(*(select(half.c.id) for half in halves))
    return select(Experiment).where(col(Experiment.id).in_(ids))
