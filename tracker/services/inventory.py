"""Shared helpers of the territory and partner inventories: keyset pages by name, reads,
versioned edits, unique keys, and archiving with its events on the linked experiments.

Who may write differs (admins for territories, the recording organisation for partners): the
callers check it, in their own order, before calling these.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import ValidationError
from sqlalchemy import and_, insert, literal, or_, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col
from sqlmodel import select as select_rows

from tracker.models import Event, Experiment, User
from tracker.services import cursors
from tracker.services.errors import Conflict, Forbidden, Invalid, NotFound
from workflows.definition import N_

Row = TypeVar("Row")
MAX_LIMIT = 100


@dataclass
class NamePage(Generic[Row]):
    items: list[Row]
    next_cursor: str | None


def require_active(actor: User) -> None:
    """Inventories are read and written by signed-in, active accounts."""
    if not actor.active:
        raise Forbidden(N_("You are not allowed to do this."))


def get_row(session: Session, actor: User, model: type[Row], row_id: int, not_found: str) -> Row:
    """The row of that id, for an active actor; NotFound with the inventory's message."""
    require_active(actor)
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(not_found)
    return row


def live_by_name(session: Session, model: type[Row]) -> list[Row]:
    """The rows not archived, by name (the pickers of the forms)."""
    return list(
        session.exec(
            select_rows(model)
            .where(col(model.archived_at).is_(None))  # type: ignore[attr-defined]
            .order_by(col(model.name), col(model.id))  # type: ignore[attr-defined]
        ).all()
    )


def flush_unique(session: Session, field: str, message: str) -> None:
    """Flush; a unique key already taken rolls back and is Invalid on `field`."""
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Invalid(errors={field: [message]}) from None


def validate(model: Any, data: dict[str, Any]) -> Any:
    """The input model, or Invalid with one message per field."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise Invalid.from_validation(error) from None


def check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise Invalid(errors={"limit": [N_("The limit must be between 1 and 100.")]})


def encode_cursor(name: str, row_id: int) -> str:
    return cursors.encode(name, row_id)


def decode_cursor(cursor: str) -> tuple[str, int]:
    name, row_id = cursors.decode(cursor, str, int)
    if row_id >= 2**31:  # ids are 32-bit columns
        raise Invalid(errors={"cursor": [N_("This cursor is not valid.")]})
    return name, row_id


def name_page(session: Session, query: Any, model: Any, limit: int, cursor: str | None) -> Any:
    """One page of `query` ordered by (name, id), after the cursor."""
    check_limit(limit)
    if cursor:
        name, after_id = decode_cursor(cursor)
        query = query.where(
            or_(
                col(model.name) > name,
                and_(col(model.name) == name, col(model.id) > after_id),
            )
        )
    rows = list(session.exec(query.order_by(col(model.name), col(model.id)).limit(limit + 1)))
    items = rows[:limit]
    next_cursor = encode_cursor(items[-1].name, items[-1].id) if len(rows) > limit else None
    return NamePage(items=items, next_cursor=next_cursor)


def like_pattern(text: str) -> str:
    """What people type is text, not a LIKE pattern."""
    literal_text = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{literal_text}%"


def record_on_experiments(
    session: Session,
    experiment_ids: Any,
    *,
    trigger: str,
    actor: User,
    reason: str,
    data: dict[str, Any],
    now: datetime,
) -> None:
    """One event on each experiment that `experiment_ids` selects (one INSERT ... SELECT)."""
    source = select(
        col(Experiment.id),
        literal(trigger),
        col(Experiment.state),
        col(Experiment.state),
        literal(actor.id),
        literal(reason),
        literal(data, type_=Event.__table__.c.data.type),  # type: ignore[attr-defined]
        literal(now, type_=Event.__table__.c.at.type),  # type: ignore[attr-defined]
    ).where(col(Experiment.id).in_(experiment_ids))
    columns = ["experiment_id", "trigger", "from_state", "to_state", "actor_id", "reason", "data"]
    session.execute(insert(Event).from_select([*columns, "at"], source))


def update_row(
    row: Any,
    input_model: Any,
    *,
    version: int | None,
    changes: dict[str, Any],
    stale: str,
    now: datetime,
    check: Callable[[Any], None] | None = None,
) -> dict[str, Any] | None:
    """Apply `changes` (checked by the input model, then by `check`) at the version read.

    Returns the former values, or None when nothing changed (the row is left as it was);
    the caller flushes and commits.
    """
    if version is None:
        raise Invalid(errors={"version": [N_("The version you saw is required.")]})
    if row.version != version:
        raise Conflict(stale, current_version=row.version)
    current = {name: getattr(row, name) for name in input_model.model_fields}
    unknown = set(changes) - set(current)
    if unknown:
        raise Invalid(errors={name: [N_("Unknown field.")] for name in sorted(unknown)})
    fields = validate(input_model, {**current, **changes})
    if check is not None:
        check(fields)
    values = fields.model_dump()
    if values == current:
        return None
    for name, value in values.items():
        setattr(row, name, value)
    row.version += 1
    row.updated_at = now
    return current


def set_archived(
    session: Session,
    row: Any,
    *,
    archived: bool,
    linked: Any,
    trigger: str,
    data: dict[str, Any],
    actor: User,
    now: datetime,
) -> None:
    """Archive or restore `row`, with an event on each experiment `linked` selects; commits.

    Nothing happens when the row is already so.
    """
    if (row.archived_at is not None) == archived:
        return
    row.archived_at = now if archived else None
    row.version += 1
    row.updated_at = now
    record_on_experiments(
        session, linked, trigger=trigger, actor=actor, reason=row.name, data=data, now=now
    )
    session.commit()
