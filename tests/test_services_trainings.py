"""Agents' trainings: admins record them for their colleagues; each agent reads their own."""

from datetime import date

import pytest
from sqlmodel import Session

from tests.conftest import NOW
from tests.factories import World
from tracker.services import trainings as training_service
from tracker.services.errors import Forbidden, Invalid, NotFound


def _record(session: Session, world: World, **data) -> object:
    return training_service.record(
        session=session,
        actor=world.admin_a,
        user_id=world.agent_a.id,
        data={"kind": "prototyping", "followed_on": date(2026, 3, 2), **data},
        now=NOW,
    )


def test_an_admin_records_a_training_the_agent_then_reads(session: Session, world: World) -> None:
    _record(session, world, provider="  Campus de la transformation  ")
    _record(session, world, kind="evaluation", followed_on=date(2026, 6, 1))
    rows = training_service.list_for(session=session, actor=world.agent_a, user_id=world.agent_a.id)
    assert [(row.kind, row.followed_on, row.provider) for row in rows] == [
        ("evaluation", date(2026, 6, 1), ""),
        ("prototyping", date(2026, 3, 2), "Campus de la transformation"),
    ]
    assert {row.recorded_by for row in rows} == {world.admin_a.id}


def test_an_unknown_kind_or_a_future_date_is_invalid(session: Session, world: World) -> None:
    with pytest.raises(Invalid) as unknown:
        _record(session, world, kind="yoga")
    assert "kind" in unknown.value.errors
    with pytest.raises(Invalid) as future:
        _record(session, world, followed_on=date(2026, 12, 1))
    assert "followed_on" in future.value.errors


def test_only_admins_record(session: Session, world: World) -> None:
    with pytest.raises(Forbidden):
        training_service.record(
            session=session,
            actor=world.agent_a,
            user_id=world.agent_a.id,
            data={"kind": "prototyping", "followed_on": date(2026, 3, 2)},
            now=NOW,
        )


def test_other_organisations_do_not_see_the_user(session: Session, world: World) -> None:
    _record(session, world)
    with pytest.raises(NotFound):
        training_service.list_for(session=session, actor=world.admin_b, user_id=world.agent_a.id)
    with pytest.raises(Forbidden):
        training_service.list_for(
            session=session, actor=world.colleague_a, user_id=world.agent_a.id
        )
    seen = training_service.list_for(session=session, actor=world.admin_a, user_id=world.agent_a.id)
    assert len(seen) == 1
