"""Review boards: creation by admins, chairs and members, the default board, is_chair."""

import pytest
from sqlmodel import select

from tests.conftest import NOW
from tests.factories import make_experiment
from tracker.models import DEFAULT_SCORECARD, Board
from tracker.services import boards as board_service
from tracker.services.errors import Forbidden, Invalid, NotFound
from tracker.services.permissions import board_id_for, is_chair


def _create(session, actor, **overrides):
    data = {"name": "Comité d'innovation", "chairs": ["reviewer@a.example"]}
    data.update(overrides)
    return board_service.create_board(session=session, actor=actor, data=data, now=NOW)


def test_first_board_is_the_default_with_the_default_scorecard(session, world):
    board = _create(session, world.admin_a, members=["colleague@a.example"])
    assert board.is_default and board.quorum == 2
    assert board.scorecard == DEFAULT_SCORECARD
    assert {item["kind"] for item in board.scorecard} == {"knockout", "scored"}
    assert board.evidence_levels == {"pilot": 1, "decision": 3}
    members = board_service.members(session=session, board=board)
    assert [(user.email, chair) for user, chair in members] == [
        ("reviewer@a.example", True),
        ("colleague@a.example", False),
    ]


def test_a_second_board_is_not_default_unless_asked(session, world):
    first = _create(session, world.admin_a, members=["colleague@a.example"])
    second = _create(session, world.admin_a, name="Comité social", members=["admin@a.example"])
    assert not second.is_default
    third = _create(
        session,
        world.admin_a,
        name="Comité numérique",
        members=["admin@a.example"],
        is_default=True,
    )
    session.refresh(first)
    assert third.is_default and not first.is_default
    defaults = session.exec(select(Board).where(Board.is_default == True)).all()  # noqa: E712
    assert [board.id for board in defaults] == [third.id]


def test_only_an_admin_creates_a_board(session, world):
    with pytest.raises(Forbidden):
        _create(session, world.reviewer_a, members=["colleague@a.example"])


def test_chairs_and_members_come_from_the_organisation(session, world):
    with pytest.raises(Invalid) as refused:
        _create(session, world.admin_a, members=["agent@b.example"])
    assert "agent@b.example" in refused.value.errors["members"][0]


def test_a_board_needs_a_chair(session, world):
    with pytest.raises(Invalid) as refused:
        _create(session, world.admin_a, chairs=[], members=["colleague@a.example"])
    assert "chairs" in refused.value.errors


@pytest.mark.parametrize("quorum", [0, 3])
def test_quorum_is_at_least_one_and_reachable(session, world, quorum):
    with pytest.raises(Invalid) as refused:
        _create(session, world.admin_a, members=["colleague@a.example"], quorum=quorum)
    assert "quorum" in refused.value.errors


def test_scorecard_keys_are_unique_identifiers(session, world):
    item = {"key": "impact", "label": "Impact", "kind": "scored"}
    with pytest.raises(Invalid) as refused:
        _create(session, world.admin_a, members=["colleague@a.example"], scorecard=[item, item])
    assert "scorecard" in refused.value.errors
    with pytest.raises(Invalid) as refused:
        _create(
            session,
            world.admin_a,
            members=["colleague@a.example"],
            scorecard=[{"key": "Bad key", "label": "x", "kind": "scored"}],
        )
    assert "scorecard.0.key" in refused.value.errors


def test_board_names_are_unique_in_an_organisation(session, world):
    _create(session, world.admin_a, members=["colleague@a.example"])
    with pytest.raises(Invalid) as refused:
        _create(session, world.admin_a, members=["colleague@a.example"])
    assert "name" in refused.value.errors


def test_boards_of_another_organisation_are_not_found(session, world):
    board = _create(session, world.admin_a, members=["colleague@a.example"])
    with pytest.raises(NotFound):
        board_service.get(session=session, actor=world.admin_b, board_id=board.id)
    assert board_service.list_(session=session, actor=world.agent_b) == []
    assert [b.id for b in board_service.list_(session=session, actor=world.agent_a)] == [board.id]


def test_add_member_then_promote_to_chair(session, world):
    board = _create(session, world.admin_a, members=["colleague@a.example"])
    link = board_service.add_member(
        session=session,
        actor=world.admin_a,
        board_id=board.id,
        email="admin@a.example",
        chair=False,
        now=NOW,
    )
    assert not link.is_chair
    link = board_service.add_member(
        session=session,
        actor=world.admin_a,
        board_id=board.id,
        email="admin@a.example",
        chair=True,
        now=NOW,
    )
    assert link.is_chair


def test_is_chair_follows_the_default_board_or_the_experiments_own(session, world):
    experiment = make_experiment(session, world.agent_a, NOW)
    assert board_id_for(session, experiment) is None
    assert not is_chair(session, world.reviewer_a, experiment)
    default = _create(session, world.admin_a, members=["colleague@a.example"])
    assert board_id_for(session, experiment) == default.id
    assert is_chair(session, world.reviewer_a, experiment)
    assert not is_chair(session, world.colleague_a, experiment)
    other = _create(
        session, world.admin_a, name="Comité social", chairs=["admin@a.example"], quorum=1
    )
    board_service.assign_experiment(
        session=session,
        actor=world.agent_a,
        experiment_id=experiment.id,
        board_id=other.id,
        version=experiment.version,
        now=NOW,
    )
    assert experiment.board_id == other.id and experiment.version == 2
    assert is_chair(session, world.admin_a, experiment)
    assert not is_chair(session, world.reviewer_a, experiment)


def test_an_experiment_cannot_be_assigned_another_organisations_board(session, world):
    foreign = _create(session, world.admin_b, chairs=["reviewer@b.example"], quorum=1)
    experiment = make_experiment(session, world.agent_a, NOW)
    with pytest.raises(Invalid) as refused:
        board_service.assign_experiment(
            session=session,
            actor=world.agent_a,
            experiment_id=experiment.id,
            board_id=foreign.id,
            version=experiment.version,
            now=NOW,
        )
    assert "board_id" in refused.value.errors
    with pytest.raises(Forbidden):
        board_service.assign_experiment(
            session=session,
            actor=world.reviewer_a,
            experiment_id=experiment.id,
            board_id=None,
            version=experiment.version,
            now=NOW,
        )
