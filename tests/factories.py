"""Test data built through the services, so it obeys the same rules as real data."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from tracker.models import Experiment, Organisation, User
from tracker.services import experiments as experiment_service
from tracker.services import users as user_service

PASSWORD = "correct horse battery"


@dataclass
class World:
    org_a: Organisation
    org_b: Organisation
    agent_a: User
    colleague_a: User
    reviewer_a: User
    admin_a: User
    agent_b: User
    reviewer_b: User
    admin_b: User


def make_user(
    session: Session, organisation: Organisation, email: str, role: str, now: datetime
) -> User:
    """An active account with the shared test password."""
    return user_service.create_user(
        session=session,
        organisation=organisation,
        email=email,
        name=email.split("@")[0].replace(".", " ").title(),
        role=role,
        password=PASSWORD,
        now=now,
    )


def build_world(session: Session, now: datetime) -> World:
    """Two organisations with one account of each role (and a second agent in A)."""
    org_a = user_service.get_or_create_organisation(session=session, name="Préfecture A", now=now)
    org_b = user_service.get_or_create_organisation(session=session, name="Département B", now=now)
    session.commit()
    return World(
        org_a=org_a,
        org_b=org_b,
        agent_a=make_user(session, org_a, "agent@a.example", "agent", now),
        colleague_a=make_user(session, org_a, "colleague@a.example", "agent", now),
        reviewer_a=make_user(session, org_a, "reviewer@a.example", "reviewer", now),
        admin_a=make_user(session, org_a, "admin@a.example", "admin", now),
        agent_b=make_user(session, org_b, "agent@b.example", "agent", now),
        reviewer_b=make_user(session, org_b, "reviewer@b.example", "reviewer", now),
        admin_b=make_user(session, org_b, "admin@b.example", "admin", now),
    )


def ready_fields(**overrides: Any) -> dict[str, Any]:
    """Fields that satisfy every guard of start_prototype and the pilot gate."""
    fields: dict[str, Any] = {
        "title": "Guichet unique des aides",
        "problem": "Les usagers abandonnent leur demande d'aide.",
        "hypothesis": "Un guichet unique réduit les abandons de moitié.",
        "target_users": "Demandeurs d'aides sociales",
        "success_criteria": [
            {
                "indicator": "taux d'abandon",
                "target": "moins de 20 %",
                "method": "suivi des dossiers",
                "target_value": 20,
                "direction": "at_most",
            }
        ],
        "stop_criteria": ["aucune baisse après trois mois"],
        "territory": "Lozère",
    }
    fields.update(overrides)
    return fields


def make_experiment(session: Session, owner: User, now: datetime, **overrides: Any) -> Experiment:
    """A draft experiment with every field a guard needs."""
    return experiment_service.create(
        session=session, actor=owner, data=ready_fields(**overrides), now=now
    )
