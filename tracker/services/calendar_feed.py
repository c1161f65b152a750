"""Each user's private calendar feed: gate reviews, meetings, pilot ends, retrospective due dates
and derogation dates, as one iCalendar document behind an unguessable, revocable URL.

The token is `<user id>.<HMAC of the user's calendar nonce>`: the database holds only the nonce,
so a copy of the database without the secret key reveals no feed URL. Revoking draws a new
nonce: the old URL stops working at once and a new one is shown.
"""

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from tracker.models import (
    Board,
    BoardMember,
    Derogation,
    Experiment,
    ExperimentMember,
    Gate,
    Meeting,
    Retrospective,
    User,
)
from tracker.services.errors import NotFound
from tracker.services.users import new_nonce

# How far back the feed reaches: calendars keep what they already have.
HISTORY = timedelta(days=180)
# Each kind of item is capped, so a feed stays small whatever the portfolio's size.
LIMIT = 500


@dataclass(frozen=True)
class Item:
    """One whole-day entry of the feed."""

    uid: str
    day: date
    kind: str  # gate_review | pilot_end | retrospective_due | derogation_expiry | report_due
    title: str  # the experiment's title
    path: str  # the page it links to
    sequence: int = 0


def token(user: User, secret_key: str) -> str | None:
    """The user's feed token, or None while their feed is switched off."""
    if not user.calendar_nonce:
        return None
    mac = hmac.new(
        secret_key.encode(), f"calendar:{user.id}:{user.calendar_nonce}".encode(), hashlib.sha256
    ).digest()
    return f"{user.id}.{base64.urlsafe_b64encode(mac[:24]).decode().rstrip('=')}"


def user_for_token(*, session: Session, plain: str, secret_key: str) -> User:
    """The active user whose current feed token this is; NotFound for anything else."""
    user_id, _, _ = plain.partition(".")
    user = session.get(User, int(user_id)) if user_id.isdigit() and len(user_id) < 12 else None
    expected = token(user, secret_key) if user is not None and user.active else None
    if user is None or expected is None or not hmac.compare_digest(expected, plain):
        raise NotFound()
    return user


def rotate(*, session: Session, actor: User) -> User:
    """Revoke the actor's feed URL and issue a new one (committed)."""
    actor.calendar_nonce = new_nonce()
    session.add(actor)
    session.commit()
    return actor


def _team(user: User) -> Any:
    member = select(ExperimentMember.experiment_id).where(ExperimentMember.user_id == user.id)
    return or_(col(Experiment.owner_id) == user.id, col(Experiment.id).in_(member))


def _boards(user: User) -> Any:
    return select(BoardMember.board_id).where(BoardMember.user_id == user.id)


def items(*, session: Session, user: User, today: date) -> list[Item]:
    """Everything dated for the user from HISTORY ago on, each kind by one query."""
    since = today - HISTORY
    found: list[Item] = []
    gates = session.exec(
        select(Gate, Experiment.title)
        .join(Experiment, col(Experiment.id) == Gate.experiment_id)
        .where(
            Gate.status == "open",
            col(Gate.review_date) >= since,
            or_(_team(user), col(Gate.board_id).in_(_boards(user))),
        )
        .order_by(col(Gate.review_date))
        .limit(LIMIT)
    ).all()
    for gate, title in gates:
        found.append(
            Item(
                f"gate-{gate.id}",
                gate.review_date,
                "gate_review",
                title,
                f"/gates/{gate.id}",
                max(gate.version - 1, 0),
            )
        )
    pilots = session.exec(
        select(col(Experiment.id), col(Experiment.title), col(Experiment.planned_end))
        .where(
            Experiment.state == "pilot",
            col(Experiment.planned_end) >= since,
            _team(user),
        )
        .limit(LIMIT)
    ).all()
    for experiment_id, title, end in pilots:
        if end is None:  # excluded by the query; the type does not know it
            continue
        found.append(
            Item(
                f"pilot-end-{experiment_id}",
                end,
                "pilot_end",
                title,
                f"/experiments/{experiment_id}",
            )
        )
    retrospectives = session.exec(
        select(
            col(Retrospective.id),
            col(Retrospective.due_on),
            col(Experiment.id),
            col(Experiment.title),
        )
        .join(Experiment, col(Experiment.id) == Retrospective.experiment_id)
        .where(Retrospective.state != "published", col(Retrospective.due_on) >= since, _team(user))
        .limit(LIMIT)
    ).all()
    for retrospective_id, due_on, experiment_id, title in retrospectives:
        found.append(
            Item(
                f"retrospective-{retrospective_id}",
                due_on,
                "retrospective_due",
                title,
                f"/experiments/{experiment_id}/retrospective",
            )
        )
    derogations = session.exec(
        select(Derogation, Experiment.title)
        .join(Experiment, col(Experiment.id) == Derogation.experiment_id)
        .where(col(Derogation.expires_on) >= since, _team(user))
        .limit(LIMIT)
    ).all()
    for derogation, title in derogations:
        path = f"/experiments/{derogation.experiment_id}"
        sequence = derogation.version - 1
        found.append(
            Item(
                f"derogation-{derogation.id}-expiry",
                derogation.expires_on,
                "derogation_expiry",
                title,
                path,
                sequence,
            )
        )
        if derogation.report_due_on is not None:
            found.append(
                Item(
                    f"derogation-{derogation.id}-report",
                    derogation.report_due_on,
                    "report_due",
                    title,
                    path,
                    sequence,
                )
            )
    return sorted(found, key=lambda item: (item.day, item.uid))


def meetings(*, session: Session, user: User, now: datetime) -> list[tuple[Meeting, str]]:
    """The meetings of the user's boards from HISTORY ago on, with the board's name."""
    return list(
        session.exec(
            select(Meeting, Board.name)
            .join(Board, col(Board.id) == Meeting.board_id)
            .where(col(Meeting.board_id).in_(_boards(user)), Meeting.starts_at >= now - HISTORY)
            .order_by(col(Meeting.starts_at))
            .limit(LIMIT)
        ).all()
    )
