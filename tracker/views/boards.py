"""Review board pages: the organisation's boards, creating one (admins), a board's page."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlmodel import col, select
from werkzeug.wrappers import Response

from tracker import clock
from tracker.db import get_session
from tracker.forms.boards import BoardForm, BoardMemberForm
from tracker.forms.service_errors import translate
from tracker.models import Experiment, Gate, User
from tracker.services import boards as board_service
from tracker.services.errors import Conflict, Forbidden, Invalid, NotFound
from tracker.services.permissions import can_view

bp = Blueprint("boards", __name__, url_prefix="/boards")

Rendered = str | tuple[str, int]


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every board page is for signed-in users."""


def _actor() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined,no-any-return]


def _require_admin() -> None:
    if _actor().role != "admin":
        abort(403)


@bp.get("/")
def index() -> str:
    """The boards of my organisation."""
    boards = board_service.list_(session=get_session(), actor=_actor())
    return render_template("boards/list.html", boards=boards)


def _render_form(form: BoardForm, status: int = 200) -> Rendered:
    body = render_template("boards/form.html", form=form)
    return body if status == 200 else (body, status)


@bp.get("/new")
def new() -> Rendered:
    """The form of a new review board (admins)."""
    _require_admin()
    return _render_form(BoardForm())


@bp.post("/")
def create() -> Rendered | Response:
    """Create a review board (admins)."""
    _require_admin()
    form = BoardForm()
    data = form.to_data() if form.validate() else None
    if data is None:
        return _render_form(form, 422)
    try:
        board = board_service.create_board(
            session=get_session(), actor=_actor(), data=data, now=clock.now()
        )
    except Forbidden:
        abort(403)
    except Invalid as refused:
        form.apply_errors(refused.errors)
        return _render_form(form, 422)
    except Conflict as refused:
        form.form_errors.append(translate(refused.message))
        return _render_form(form, 409)
    flash(_("The review board was created."), "success")
    return redirect(url_for(".detail", board_id=board.id), 303)


@bp.get("/<int:board_id>")
def detail(board_id: int) -> Rendered:
    """A board: its members, its scorecard and the gates it reviews (those I may see)."""
    return _render_detail(board_id)


@bp.post("/<int:board_id>/members")
def add_member(board_id: int) -> Rendered | Response:
    """An admin adds a colleague to the board, or makes a member a chair."""
    _require_admin()
    form = BoardMemberForm()
    try:
        board_service.add_member(
            session=get_session(), actor=_actor(), board_id=board_id,
            email=(form.email.data or "").strip(), chair=bool(form.chair.data), now=clock.now(),
        )  # fmt: skip
    except NotFound:
        abort(404)
    except Forbidden:
        abort(403)
    except Invalid as refused:
        form.apply_errors(refused.errors)
        return _render_detail(board_id, member_form=form, status=422)
    flash(_("The board member was saved."), "success")
    return redirect(url_for(".detail", board_id=board_id), 303)


def _render_detail(
    board_id: int, member_form: BoardMemberForm | None = None, status: int = 200
) -> Rendered:
    session = get_session()
    try:
        board = board_service.get(session=session, actor=_actor(), board_id=board_id)
    except NotFound:
        abort(404)
    rows = session.exec(
        select(Gate, Experiment)
        .join(Experiment, col(Experiment.id) == Gate.experiment_id)
        .where(Gate.board_id == board.id)
        .order_by(col(Gate.id).desc())
    ).all()
    gates = [(gate, experiment) for gate, experiment in rows if can_view(_actor(), experiment)]
    body = render_template(
        "boards/detail.html",
        board=board,
        members=board_service.members(session=session, board=board),
        gates=gates,
        member_form=member_form or BoardMemberForm(formdata=None),
    )
    return body if status == 200 else (body, status)
