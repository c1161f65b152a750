"""Gate meeting pages: a board's meetings, scheduling one (chairs), the meeting with its agenda,
minutes and calendar file, rescheduling and cancelling (chairs)."""

from typing import Any, NoReturn

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from tracker import clock
from tracker.api.meetings import calendar_response
from tracker.db import get_session
from tracker.forms.meetings import CancelMeetingForm, MeetingForm, RescheduleForm, agenda_order
from tracker.forms.service_errors import translate
from tracker.models import Board, Experiment, Gate, Meeting, User
from tracker.models.base import pk
from tracker.services import boards as board_service
from tracker.services import meetings as meeting_service
from tracker.services.errors import Conflict, Forbidden, Invalid, NotFound, ServiceError
from tracker.services.permissions import is_board_member

bp = Blueprint("meetings", __name__, url_prefix="/meetings")

Rendered = str | tuple[str, int]


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every meeting page is for signed-in users."""


def _actor() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined,no-any-return]


def _refuse(error: ServiceError) -> NoReturn:
    abort(404 if isinstance(error, NotFound) else 403)


def _board(board_id: int) -> Board:
    try:
        return board_service.get(session=get_session(), actor=_actor(), board_id=board_id)
    except NotFound:
        abort(404)


def _meeting(meeting_id: int) -> Meeting:
    try:
        return meeting_service.get(session=get_session(), actor=_actor(), meeting_id=meeting_id)
    except (NotFound, Forbidden) as refused:
        _refuse(refused)


@bp.get("/boards/<int:board_id>")
def index(board_id: int) -> str:
    """A board's meetings that I may see, soonest first."""
    session = get_session()
    board = _board(board_id)
    meetings = meeting_service.for_board(session=session, actor=_actor(), board_id=board_id)
    chair = is_board_member(session, _actor(), board.id, chair=True)
    return render_template("meetings/list.html", board=board, meetings=meetings, is_chair=chair)


def _open_gates(board: Board) -> list[tuple[Gate, Experiment]]:
    try:
        return meeting_service.open_gates(session=get_session(), actor=_actor(), board_id=pk(board))
    except (NotFound, Forbidden) as refused:
        _refuse(refused)


def _render_form(
    board: Board, form: MeetingForm, gates: list, chosen: list[int], status: int = 200
) -> Rendered:
    body = render_template("meetings/form.html", board=board, form=form, gates=gates, chosen=chosen)
    return body if status == 200 else (body, status)


@bp.route("/boards/<int:board_id>/new", methods=["GET", "POST"])
def schedule(board_id: int) -> Rendered | Response:
    """The scheduling form (GET) and the scheduling (POST), for the board's chairs."""
    board = _board(board_id)
    gates = _open_gates(board)
    form = MeetingForm()
    if not form.is_submitted():
        return _render_form(board, form, gates, [])
    chosen = agenda_order(request.form, [pk(gate) for gate, _experiment in gates])
    if not form.validate():
        return _render_form(board, form, gates, chosen, 422)
    try:
        meeting = meeting_service.schedule(
            session=get_session(), actor=_actor(), board_id=board_id,
            data=form.to_data(chosen), now=clock.now(),
        )  # fmt: skip
    except (NotFound, Forbidden) as refused:
        _refuse(refused)
    except Invalid as refused:
        form.apply_errors({k: v for k, v in refused.errors.items() if k != "gate_ids"})
        form.form_errors.extend(translate(m) for m in refused.errors.get("gate_ids", []))
        return _render_form(board, form, gates, chosen, 422)
    flash(_("The meeting was scheduled."), "success")
    return redirect(url_for(".detail", meeting_id=meeting.id), 303)


def _render_detail(meeting: Meeting, status: int = 200, **forms: Any) -> Rendered:
    session = get_session()
    body = render_template(
        "meetings/detail.html",
        meeting=meeting,
        board=session.get(Board, meeting.board_id),
        agenda=meeting_service.agenda(session=session, meeting=meeting),
        is_chair=meeting_service.is_chair_of(session=session, actor=_actor(), meeting=meeting),
        reschedule_form=forms.get("reschedule_form") or RescheduleForm(formdata=None),
        cancel_form=forms.get("cancel_form") or CancelMeetingForm(formdata=None),
        problem=forms.get("problem", []),
    )
    return body if status == 200 else (body, status)


@bp.get("/<int:meeting_id>")
def detail(meeting_id: int) -> Rendered:
    """The meeting: when, where, the agenda in order and, once decided, the minutes."""
    return _render_detail(_meeting(meeting_id))


@bp.get("/<int:meeting_id>.ics")
def calendar(meeting_id: int) -> Response:
    """The meeting's calendar file."""
    return calendar_response(get_session(), _meeting(meeting_id))


@bp.post("/<int:meeting_id>/reschedule")
def reschedule(meeting_id: int) -> Rendered | Response:
    """A chair moves the meeting (date and/or place)."""
    meeting = _meeting(meeting_id)
    form = RescheduleForm()
    if not form.validate():
        return _render_detail(meeting, 422, reschedule_form=form)
    try:
        meeting_service.reschedule(
            session=get_session(), actor=_actor(), meeting_id=meeting_id,
            data=form.to_data(), now=clock.now(),
        )  # fmt: skip
    except Forbidden as refused:
        _refuse(refused)
    except Invalid as refused:
        form.apply_errors(refused.errors)
        return _render_detail(meeting, 422, reschedule_form=form)
    except Conflict as refused:
        return _render_detail(meeting, 409, problem=[translate(refused.message)])
    flash(_("The meeting was rescheduled."), "success")
    return redirect(url_for(".detail", meeting_id=meeting_id), 303)


@bp.post("/<int:meeting_id>/cancel")
def cancel(meeting_id: int) -> Rendered | Response:
    """A chair cancels the meeting; it stays listed, marked cancelled."""
    _meeting(meeting_id)
    form = CancelMeetingForm()
    try:
        meeting_service.cancel(
            session=get_session(), actor=_actor(), meeting_id=meeting_id,
            reason=form.reason.data or "", now=clock.now(),
        )  # fmt: skip
    except Forbidden as refused:
        _refuse(refused)
    except Conflict as refused:
        return _render_detail(_meeting(meeting_id), 409, problem=[translate(refused.message)])
    flash(_("The meeting was cancelled."), "success")
    return redirect(url_for(".detail", meeting_id=meeting_id), 303)
