"""triggers_for_page gives, for a page of experiments, exactly what triggers_for gives for each."""

from sqlalchemy import update
from sqlmodel import Session, col, select

from tests.conftest import NOW
from tracker.db import get_engine
from tracker.demo import bulk
from tracker.models import Experiment, User
from tracker.services import boards as board_service
from tracker.services import transitions
from tracker.services.transitions_page import triggers_for_page


def test_a_page_gets_the_same_triggers_as_each_experiment_alone(app, session: Session, world):
    engine = get_engine(app)
    cast = bulk.prepare_cast(session, NOW)
    bulk.generate(engine, cast, 60, NOW)
    admin = session.get(User, cast.people["admin"])
    other = board_service.create_board(
        session=session,
        actor=admin,
        data={"name": "Autre comité", "quorum": 1, "chairs": [admin.email]},
        now=NOW,
    )
    # A third of the experiments go to a board the admin chairs: both board paths are read.
    session.execute(update(Experiment).where(col(Experiment.id) % 3 == 0).values(board_id=other.id))
    session.commit()
    rows = session.exec(select(Experiment).order_by(col(Experiment.id))).all()
    readers = [session.get(User, user_id) for user_id in cast.people.values()]
    readers.append(world.agent_b)  # another organisation: only public rows, no roles
    acting = 0
    for reader in readers:
        page = triggers_for_page(session=session, actor=reader, experiments=rows)
        for experiment in rows:
            alone = transitions.triggers_for(session=session, actor=reader, experiment=experiment)
            assert page[experiment.id] == alone, (reader.email, experiment.id, experiment.state)
            acting += bool(alone[0] or alone[1])
    assert acting > 0  # some readers may act on some rows: the comparison is not all empty
