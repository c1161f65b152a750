"""Review boards: list and read your organisation's boards; admins create them."""

from typing import Any

from flask import url_for

from tracker import clock
from tracker.api import gate_serializers
from tracker.api.auth import current_user
from tracker.api.gate_schemas import BoardCreateBody, BoardOut
from tracker.api.registry import Reply, operation
from tracker.db import get_session
from tracker.services import boards as board_service

TAG = "boards"


@operation(
    "GET",
    "/boards",
    summary="List your organisation's review boards",
    tag=TAG,
    replies={200: Reply("The boards, the default first.", list[BoardOut])},
)
def list_boards() -> tuple[Any, int]:
    """Each experiment is reviewed by one board: its own, else the organisation's default."""
    session = get_session()
    rows = board_service.list_(session=session, actor=current_user())
    return gate_serializers.boards(session, rows), 200


@operation(
    "POST",
    "/boards",
    summary="Create a review board (admins)",
    tag=TAG,
    body=BoardCreateBody,
    replies={
        201: Reply("The new board.", BoardOut, headers={"Location": "The URL of the new board."})
    },
    problems=(403, 409),
    description=(
        "Chairs and members are emails of active colleagues; chairs vote like the others. "
        "The first board of an organisation becomes its default. 403 for non-admins; 422 "
        "for an unknown email, a quorum above the number of members or a name in use."
    ),
)
def create_board(*, body: BoardCreateBody) -> tuple[Any, int, dict[str, str]]:
    """Create a board in the admin's organisation."""
    session = get_session()
    board = board_service.create_board(
        session=session,
        actor=current_user(),
        data=body.model_dump(exclude_unset=True),
        now=clock.now(),
    )
    location = url_for("api.get_board", board_id=board.id)
    return gate_serializers.board(session, board), 201, {"Location": location}


@operation(
    "GET",
    "/boards/{board_id}",
    summary="Read a review board",
    tag=TAG,
    replies={200: Reply("The board and its members.", BoardOut)},
    problems=(404,),
)
def get_board(board_id: int) -> tuple[Any, int]:
    """Boards of other organisations are 404."""
    session = get_session()
    board = board_service.get(session=session, actor=current_user(), board_id=board_id)
    return gate_serializers.board(session, board), 200
