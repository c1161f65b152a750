"""Who sees which portfolio, and the filters every figure of the dashboard shares.

Every member of an organisation sees its portfolio (aggregates of experiments they may already
read). The view across organisations, or of another organisation, counts internal experiments
of others: it is for the instance's administrators, i.e. active admins whose email is listed
in the TRACKER_INSTANCE_ADMINS setting (there is no instance-wide role in ROLES).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from tracker.models import Board, Experiment, Organisation, User
from tracker.models.territory import ExperimentTerritory
from tracker.models.themes import THEMES
from tracker.services.errors import Forbidden, Invalid, NotFound
from workflows.definition import N_


@dataclass(frozen=True)
class Filters:
    """The dashboard's filters; None means all. The period selects experiments by creation."""

    organisation_id: int | None = None  # None: every organisation (instance admins only)
    territory_id: int | None = None
    theme: str | None = None
    board_id: int | None = None
    start: date | None = None
    end: date | None = None


def parse_admins(setting: str | Iterable[str]) -> frozenset[str]:
    """The instance administrators' emails from the setting (comma-separated), lower-cased."""
    items = setting.split(",") if isinstance(setting, str) else setting
    return frozenset(item.strip().lower() for item in items if item and item.strip())


def is_instance_admin(actor: User, instance_admins: frozenset[str]) -> bool:
    """An active admin named in TRACKER_INSTANCE_ADMINS."""
    return actor.active and actor.role == "admin" and actor.email.lower() in instance_admins


def resolve(
    *,
    session: Session,
    actor: User,
    requested: Filters,
    all_organisations: bool,
    instance_admins: frozenset[str],
) -> Filters:
    """The filters the actor may use: their organisation unless granted the instance view."""
    if not actor.active:
        raise Forbidden()
    wanted = None if all_organisations else (requested.organisation_id or actor.organisation_id)
    if wanted != actor.organisation_id:
        if not is_instance_admin(actor, instance_admins):
            raise Forbidden(N_("Only the instance's administrators see other organisations."))
        if wanted is not None and session.get(Organisation, wanted) is None:
            raise NotFound(N_("Organisation not found."))
    theme = (requested.theme or "").strip().lower() or None
    if theme is not None and theme not in THEMES:
        raise Invalid(errors={"theme": [N_("Unknown theme.")]})
    return Filters(
        organisation_id=wanted,
        territory_id=requested.territory_id,
        theme=theme,
        board_id=requested.board_id,
        start=requested.start,
        end=requested.end,
    )


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def reviewing_board() -> ColumnElement[int]:
    """The board reviewing each experiment: its own, else its organisation's default."""
    default = (
        select(col(Board.id))
        .where(col(Board.organisation_id) == col(Experiment.organisation_id), col(Board.is_default))
        .correlate(Experiment)
        .scalar_subquery()
    )
    return func.coalesce(col(Experiment.board_id), default)


def conditions(filters: Filters) -> list[ColumnElement[bool]]:
    """WHERE clauses on `experiments` for the filters (join experiments to use them)."""
    where: list[ColumnElement[bool]] = []
    if filters.organisation_id is not None:
        where.append(col(Experiment.organisation_id) == filters.organisation_id)
    if filters.territory_id is not None:
        where.append(
            select(col(ExperimentTerritory.experiment_id))
            .where(
                col(ExperimentTerritory.experiment_id) == col(Experiment.id),
                col(ExperimentTerritory.territory_id) == filters.territory_id,
            )
            .correlate(Experiment)
            .exists()
        )
    if filters.theme:
        where.append(col(Experiment.theme) == filters.theme)
    if filters.board_id is not None:
        where.append(reviewing_board() == filters.board_id)
    if filters.start is not None:
        where.append(col(Experiment.created_at) >= _start_of(filters.start))
    if filters.end is not None:
        where.append(col(Experiment.created_at) < _start_of(filters.end + timedelta(days=1)))
    return where
