"""The one place that says who may see and do what on an experiment."""

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, event, or_
from sqlmodel import Session, col, select

from tracker.models import Board, BoardMember, Experiment, ExperimentMember, User
from tracker.services.errors import Forbidden, NotFound
from workflows.definition import N_
from workflows.experiment import CHAIR, OWNER

T = TypeVar("T")
MEMO = "permission_facts"


def _remembered(session: Session, key: Hashable, look_up: Callable[[], T]) -> T:
    """A fact looked up once per session while nothing is written.

    A page asks the same questions (is this agent on the team, which board reviews, is this
    reviewer its chair) from several panels; each answer is kept until the session writes.
    Pending changes bypass and clear the memo: a query would autoflush them first.
    """
    memo: dict[Hashable, Any] = session.info.setdefault(MEMO, {})
    if session.new or session.dirty or session.deleted:
        memo.clear()
        return look_up()
    if key not in memo:
        memo[key] = look_up()
    return memo[key]


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, *_args: object) -> None:
    session.info.pop(MEMO, None)


def can_view(actor: User, experiment: Experiment) -> bool:
    """Members of the organisation see everything of theirs; others only public experiments."""
    return experiment.organisation_id == actor.organisation_id or experiment.visibility == "public"


def visible_clause(actor: User) -> ColumnElement[bool]:
    """The SQL form of can_view, for lists."""
    return or_(
        col(Experiment.organisation_id) == actor.organisation_id,
        col(Experiment.visibility) == "public",
    )


def is_team(session: Session, actor: User, experiment: Experiment) -> bool:
    """The owner or a team member of the experiment."""
    if experiment.owner_id == actor.id:
        return True
    if experiment.organisation_id != actor.organisation_id:
        return False
    query = select(ExperimentMember.user_id).where(
        ExperimentMember.experiment_id == experiment.id,
        ExperimentMember.user_id == actor.id,
    )
    key = ("team", experiment.id, actor.id)
    return _remembered(session, key, lambda: session.exec(query).first() is not None)


def board_id_for(session: Session, experiment: Experiment) -> int | None:
    """The board reviewing the experiment: its own, else its organisation's default."""
    if experiment.board_id is not None:
        return experiment.board_id
    query = select(Board.id).where(
        Board.organisation_id == experiment.organisation_id,
        Board.is_default == True,  # noqa: E712 (an SQL expression)
    )
    key = ("default_board", experiment.organisation_id)
    return _remembered(session, key, lambda: session.exec(query).first())


def is_board_member(
    session: Session, actor: User, board_id: int | None, *, chair: bool = False
) -> bool:
    """An active member (with chair, a chair) of this board."""
    if board_id is None or not actor.active:
        return False
    query = select(BoardMember.user_id).where(
        BoardMember.board_id == board_id, BoardMember.user_id == actor.id
    )
    if chair:
        query = query.where(BoardMember.is_chair == True)  # noqa: E712
    key = ("board_member", board_id, actor.id, chair)
    return _remembered(session, key, lambda: session.exec(query).first() is not None)


def is_chair(session: Session, actor: User, experiment: Experiment) -> bool:
    """A chair of the board reviewing the experiment."""
    return is_board_member(session, actor, board_id_for(session, experiment), chair=True)


def roles_on(session: Session, actor: User, experiment: Experiment) -> set[str]:
    """The workflow roles (`fired_by` values) this actor holds on the experiment."""
    roles: set[str] = set()
    if not actor.active:
        return roles
    if is_team(session, actor, experiment):
        roles.add(OWNER)
    if is_chair(session, actor, experiment):
        roles.add(CHAIR)
    return roles


def require_view(actor: User, experiment: Experiment | None) -> Experiment:
    """The experiment if the actor may see it; NotFound otherwise (no existence leak)."""
    if experiment is None or not can_view(actor, experiment):
        raise NotFound(N_("Experiment not found."))
    return experiment


def require_team(session: Session, actor: User, experiment: Experiment) -> None:
    """Only the owner and team members may change an experiment."""
    if not actor.active or not is_team(session, actor, experiment):
        raise Forbidden(N_("Only the owner and the team can change this experiment."))


def require_admin(actor: User) -> None:
    """Organisation administration is for admins."""
    if not actor.active or actor.role != "admin":
        raise Forbidden(N_("Only an administrator can do this."))
