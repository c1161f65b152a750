"""Shared helpers of the territory and partner inventories: keyset pages by name, archive events."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import ValidationError
from sqlalchemy import and_, insert, literal, or_, select
from sqlmodel import Session, col

from tracker.models import Event, Experiment, User
from tracker.services import cursors
from tracker.services.errors import Forbidden, Invalid
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
