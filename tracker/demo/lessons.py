"""Demo lessons: the published retrospectives and the adapt and scale decisions already wrote
them (through the services); here some are made public and one is reused across organisations."""

from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from tracker.models import Board, BoardMember, Event, Experiment, Lesson, Organisation, User
from tracker.services import lessons_publication, lessons_reuse
from tracker.services.permissions import is_team

# How many lessons of each organisation are made public (the oldest first).
PUBLIC_PER_ORGANISATION = 2


def _chair(session: Session, experiment: Experiment) -> User | None:
    """A chair of the organisation's board who is not on the experiment's team."""
    chairs = session.exec(
        select(User)
        .join(BoardMember, col(BoardMember.user_id) == User.id)
        .join(Board, col(Board.id) == BoardMember.board_id)
        .where(Board.organisation_id == experiment.organisation_id, BoardMember.is_chair == True)  # noqa: E712
        .order_by(col(User.id))
    ).all()
    return next((chair for chair in chairs if not is_team(session, chair, experiment)), None)


def _publish(session: Session, organisation: Organisation, now: datetime) -> list[Lesson]:
    lessons = session.exec(
        select(Lesson)
        .where(Lesson.organisation_id == organisation.id)
        .order_by(col(Lesson.id))
        .limit(PUBLIC_PER_ORGANISATION)
    ).all()
    published = []
    for lesson in lessons:
        experiment = session.get(Experiment, lesson.experiment_id)
        assert experiment is not None
        owner, chair = session.get(User, experiment.owner_id), _chair(session, experiment)
        if owner is None or chair is None:
            continue
        # After everything already on the experiment's timeline, so its history stays in order.
        last = session.exec(
            select(func.max(Event.at)).where(Event.experiment_id == experiment.id)
        ).one()
        asked = max(now - timedelta(days=6), last + timedelta(minutes=1)) if last else now
        for actor, action, later in ((owner, "request", 0), (chair, "approve", 1)):
            lessons_publication.act(
                session=session,
                actor=actor,
                lesson_id=lesson.id or 0,
                action=action,
                now=asked + timedelta(hours=later),
            )
        published.append(lesson)
    return published


def build(session: Session, names: list[str], now: datetime) -> None:
    """Make some lessons of each organisation public; the last organisation's first open
    experiment marks a public lesson of the first organisation as applied."""
    organisations = [
        session.exec(select(Organisation).where(Organisation.name == name)).one() for name in names
    ]
    public = {row.id: _publish(session, row, now) for row in organisations}
    giver, taker = organisations[0], organisations[-1]
    experiment = session.exec(
        select(Experiment)
        .where(
            Experiment.organisation_id == taker.id,
            col(Experiment.state).not_in(("scaled", "stopped")),
        )
        .order_by(col(Experiment.id))
    ).first()
    if experiment is None or not public[giver.id]:
        return
    owner = session.get(User, experiment.owner_id)
    assert owner is not None
    lessons_reuse.mark(
        session=session,
        actor=owner,
        experiment_id=experiment.id or 0,
        lesson_id=public[giver.id][0].id or 0,
        now=now - timedelta(days=2),
    )
