"""The triggers of a whole page of experiments in a fixed number of queries.

transitions.triggers_for answers for one experiment in up to four queries; a list of 20 rows
would run 80. This gives the same answers for a page: the actor's team links, chaired boards
and the default boards in one query each, the pilot evidence counts in one grouped query.
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from tracker.models import Board, BoardMember, Experiment, ExperimentMember, JournalEntry, User
from tracker.services.transitions import facts_for_counted
from workflows.experiment import CHAIR, EXPERIMENT, OWNER
from workflows.machine import available_triggers

Triggers = tuple[list[str], dict[str, list[str]]]


def _roles(session: Session, actor: User, rows: Sequence[Experiment]) -> dict[int, set[str]]:
    ids = [int(e.id or 0) for e in rows]
    member_of = set(
        session.exec(
            select(ExperimentMember.experiment_id).where(
                ExperimentMember.user_id == actor.id,
                col(ExperimentMember.experiment_id).in_(ids),
            )
        ).all()
    )
    chaired = set(
        session.exec(
            select(BoardMember.board_id).where(
                BoardMember.user_id == actor.id,
                BoardMember.is_chair == True,  # noqa: E712 (an SQL expression)
            )
        ).all()
    )
    organisations = {e.organisation_id for e in rows if e.board_id is None}
    defaults = dict(
        session.exec(
            select(Board.organisation_id, Board.id).where(
                col(Board.organisation_id).in_(organisations),
                Board.is_default == True,  # noqa: E712
            )
        ).all()
        if organisations
        else []
    )
    roles: dict[int, set[str]] = {}
    for e in rows:
        # The same rules as permissions.is_team and is_chair, read from the loaded sets.
        held = set()
        if e.owner_id == actor.id or (
            e.organisation_id == actor.organisation_id and e.id in member_of
        ):
            held.add(OWNER)
        board_id = e.board_id if e.board_id is not None else defaults.get(e.organisation_id)
        if board_id is not None and board_id in chaired:
            held.add(CHAIR)
        roles[int(e.id or 0)] = held
    return roles


def _pilot_counts(session: Session, rows: Sequence[Experiment]) -> dict[tuple[int, int], int]:
    counted = session.exec(
        select(JournalEntry.experiment_id, JournalEntry.iteration, func.count())
        .where(
            col(JournalEntry.experiment_id).in_([e.id for e in rows]),
            JournalEntry.logged_in_state == "pilot",
        )
        .group_by(col(JournalEntry.experiment_id), col(JournalEntry.iteration))
    ).all()
    return {(experiment_id, iteration): count for experiment_id, iteration, count in counted}


def triggers_for_page(
    *, session: Session, actor: User, experiments: Sequence[Experiment]
) -> dict[int, Triggers]:
    """transitions.triggers_for for each experiment of a page, by experiment id."""
    if not experiments:
        return {}
    if not actor.active:
        return {int(e.id or 0): ([], {}) for e in experiments}
    roles = _roles(session, actor, experiments)
    counts = _pilot_counts(session, experiments)
    answers: dict[int, Triggers] = {}
    for e in experiments:
        key = int(e.id or 0)
        theirs = {
            t.trigger for t in EXPERIMENT.transitions_from(e.state) if roles[key] & set(t.fired_by)
        }
        if not theirs:
            answers[key] = ([], {})
            continue
        facts: dict[str, Any] = facts_for_counted(e, counts.get((key, e.iteration), 0))
        ready, blocked = available_triggers(EXPERIMENT, e.state, facts, theirs)
        answers[key] = (ready, {t: [g.message for g in guards] for t, guards in blocked.items()})
    return answers
