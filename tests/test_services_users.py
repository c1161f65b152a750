"""Accounts and organisations: creation, validation, roles and deactivation by admins."""

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from tests.conftest import NOW
from tests.factories import PASSWORD, make_user
from tracker.db import get_engine
from tracker.models import Organisation, User
from tracker.services import users as user_service
from tracker.services.errors import Conflict, Forbidden, Invalid, NotFound
from tracker.services.passwords import verify_password


def create(session, organisation, **overrides):
    fields = {
        "email": "new.agent@a.example",
        "name": "New Agent",
        "role": "agent",
        "password": PASSWORD,
    }
    fields.update(overrides)
    return user_service.create_user(session=session, organisation=organisation, now=NOW, **fields)


def test_create_user_stores_a_normalised_active_account(session, world):
    user = create(session, world.org_a, email="  New.Agent@A.Example ", name="  Nouvelle  ")
    stored = session.get(User, user.id)
    assert stored.email == "new.agent@a.example" and stored.name == "Nouvelle"
    assert stored.active and stored.role == "agent" and stored.organisation_id == world.org_a.id
    assert stored.password_hash != PASSWORD and verify_password(stored.password_hash, PASSWORD)
    assert len(stored.session_nonce) == 32 and stored.created_at == NOW


def test_create_user_without_password_cannot_sign_in(session, world):
    user = create(session, world.org_a, password=None)
    assert user.password_hash is None and not verify_password(user.password_hash, "")


def test_duplicate_email_is_a_conflict_whatever_the_case(session, world):
    with pytest.raises(Conflict):
        create(session, world.org_b, email="AGENT@a.example")
    count = len(session.exec(select(User).where(User.email == "agent@a.example")).all())
    assert count == 1


INVALID = [
    ({"role": "superuser"}, "role"),
    ({"password": "short"}, "password"),
    ({"email": "not an email"}, "email"),
    ({"name": "   "}, "name"),
]


def test_invalid_fields_are_named(session, world):
    for overrides, field in INVALID:
        with pytest.raises(Invalid) as refused:
            create(session, world.org_a, **overrides)
        assert list(refused.value.errors) == [field], overrides


def test_every_invalid_field_is_named_at_once(session, world):
    with pytest.raises(Invalid) as refused:
        create(session, world.org_a, email="x", name="", role="boss", password="123")
    assert set(refused.value.errors) == {"email", "name", "role", "password"}


def test_get_or_create_organisation_is_idempotent(session, world):
    again = user_service.get_or_create_organisation(session=session, name=" Préfecture A ", now=NOW)
    assert again.id == world.org_a.id
    created = user_service.get_or_create_organisation(session=session, name="Commune C", now=NOW)
    session.commit()
    assert created.id not in (world.org_a.id, world.org_b.id)
    with pytest.raises(Invalid) as refused:
        user_service.get_or_create_organisation(session=session, name="  ", now=NOW)
    assert "organisation" in refused.value.errors
    assert len(session.exec(select(Organisation)).all()) == 3


def test_admin_creates_a_colleague_in_their_own_organisation(session, world):
    user = user_service.admin_create_user(
        session=session,
        actor=world.admin_a,
        email="recrue@a.example",
        name="Recrue",
        role="reviewer",
        password=PASSWORD,
        now=NOW,
    )
    assert user.organisation_id == world.org_a.id and user.role == "reviewer"


@pytest.mark.parametrize("who", ["agent_a", "reviewer_a"])
def test_only_admins_manage_users(session, world, who):
    actor = getattr(world, who)
    with pytest.raises(Forbidden):
        user_service.admin_create_user(
            session=session,
            actor=actor,
            email="recrue@a.example",
            name="Recrue",
            role="admin",
            password=PASSWORD,
            now=NOW,
        )
    with pytest.raises(Forbidden):
        user_service.list_users(session=session, actor=actor)
    with pytest.raises(Forbidden):
        user_service.set_role(session=session, actor=actor, user_id=actor.id, role="admin")
    with pytest.raises(Forbidden):
        user_service.set_active(
            session=session, actor=actor, user_id=world.agent_a.id, active=False
        )
    assert session.get(User, actor.id).role == who.split("_")[0]


def test_list_users_shows_the_admins_organisation_only(session, world):
    listed = user_service.list_users(session=session, actor=world.admin_b)
    assert [u.email for u in listed] == ["admin@b.example", "agent@b.example", "reviewer@b.example"]


def test_admin_sets_a_colleagues_role(session, world):
    user_service.set_role(
        session=session, actor=world.admin_a, user_id=world.agent_a.id, role="reviewer"
    )
    assert session.get(User, world.agent_a.id).role == "reviewer"
    with pytest.raises(Invalid):
        user_service.set_role(
            session=session, actor=world.admin_a, user_id=world.agent_a.id, role="boss"
        )


def test_admin_cannot_touch_another_organisations_users(session, world):
    with pytest.raises(NotFound):
        user_service.set_role(
            session=session, actor=world.admin_a, user_id=world.agent_b.id, role="admin"
        )
    with pytest.raises(NotFound):
        user_service.set_active(
            session=session, actor=world.admin_a, user_id=world.agent_b.id, active=False
        )
    with pytest.raises(NotFound):
        user_service.set_role(session=session, actor=world.admin_a, user_id=999_999, role="agent")
    agent_b = session.get(User, world.agent_b.id)
    assert agent_b.role == "agent" and agent_b.active


def test_admin_cannot_demote_or_deactivate_themselves(session, world):
    with pytest.raises(Conflict):
        user_service.set_role(
            session=session, actor=world.admin_a, user_id=world.admin_a.id, role="agent"
        )
    with pytest.raises(Conflict):
        user_service.set_active(
            session=session, actor=world.admin_a, user_id=world.admin_a.id, active=False
        )
    admin = session.get(User, world.admin_a.id)
    assert admin.role == "admin" and admin.active


def test_deactivation_rotates_the_session_nonce(session, world):
    before = world.agent_a.get_id()
    user_service.set_active(
        session=session, actor=world.admin_a, user_id=world.agent_a.id, active=False
    )
    stored = session.get(User, world.agent_a.id)
    assert not stored.active and not stored.is_active
    assert stored.get_id() != before
    user_service.set_active(
        session=session, actor=world.admin_a, user_id=world.agent_a.id, active=True
    )
    assert session.get(User, world.agent_a.id).active


def test_a_deactivated_admin_can_no_longer_administer(session, world):
    second = create(session, world.org_a, email="second.admin@a.example", role="admin")
    user_service.set_active(session=session, actor=second, user_id=world.admin_a.id, active=False)
    with pytest.raises(Forbidden):
        user_service.list_users(session=session, actor=session.get(User, world.admin_a.id))


def test_an_account_created_meanwhile_with_the_same_email_is_a_conflict(app, session, world):
    """The unique index settles a race the pre-check cannot see: Conflict, not a 500."""
    competitor = Session(get_engine(app))

    @event.listens_for(session, "before_flush", once=True)
    def _created_meanwhile(*_args: object) -> None:
        make_user(competitor, world.org_a, "race@a.example", "agent", NOW)

    with pytest.raises(Conflict):
        user_service.create_user(
            session=session,
            organisation=world.org_a,
            email="race@a.example",
            name="Race",
            role="agent",
            password=PASSWORD,
            now=NOW,
        )
    competitor.close()
    assert session.exec(select(User).where(User.email == "race@a.example")).one().name == "Race"
