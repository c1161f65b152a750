"""Demo trainings: recorded by the admin through the service, dated before today."""

from datetime import timedelta

from sqlmodel import Session, select

from tests.conftest import NOW
from tests.factories import World
from tracker.demo import trainings as demo_trainings
from tracker.demo.builder import HISTORY_DAYS
from tracker.models import Training


def test_the_first_agent_and_the_reviewer_are_trained(session: Session, world: World) -> None:
    people = {
        "agent": world.agent_a,
        "agent2": world.colleague_a,
        "reviewer": world.reviewer_a,
        "admin": world.admin_a,
    }
    demo_trainings.record(session, people, NOW - timedelta(days=HISTORY_DAYS))
    rows = session.exec(select(Training)).all()
    by_user = {
        user.id: {row.kind for row in rows if row.user_id == user.id} for user in people.values()
    }
    assert by_user[world.agent_a.id] == {"prototyping", "user_research", "evaluation"}
    assert by_user[world.reviewer_a.id] == {"intrapreneurship"}
    assert by_user[world.colleague_a.id] == set()
    assert all(
        row.followed_on <= NOW.date() and row.recorded_by == world.admin_a.id for row in rows
    )
