"""`tracker boards create`: chairs and members by email, quorum, default board, one-line errors."""

from sqlmodel import select

from tests.conftest import NOW
from tests.factories import make_user
from tracker.models import Board, BoardMember
from tracker.services import users as user_service

ORG = "Préfecture A"


def create(runner, *extra):
    return runner.invoke(args=["boards", "create", "--organisation", ORG, *extra])


def one_line_error(result) -> str:
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def members_of(session, board: Board) -> dict[str, bool]:
    rows = session.exec(select(BoardMember).where(BoardMember.board_id == board.id)).all()
    return {row.user_id: row.is_chair for row in rows}


def test_creates_the_first_board_as_the_default(runner, session, world):
    result = create(
        runner,
        "--name", "Comité d'innovation",
        "--chair", "reviewer@a.example",
        "--member", "admin@a.example",
        "--member", "colleague@a.example",
        "--quorum", "3",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    session.rollback()
    board = session.exec(select(Board)).one()
    assert (board.name, board.quorum, board.is_default) == ("Comité d'innovation", 3, True)
    assert board.organisation_id == world.org_a.id and board.created_by == world.admin_a.id
    assert members_of(session, board) == {
        world.reviewer_a.id: True,
        world.admin_a.id: False,
        world.colleague_a.id: False,
    }
    assert f"board id {board.id}" in result.stdout and "(default)" in result.stdout


def test_default_moves_only_when_asked(runner, session, world):
    base = ["--chair", "reviewer@a.example", "--member", "admin@a.example"]
    assert create(runner, "--name", "Premier", *base).exit_code == 0
    assert create(runner, "--name", "Second", *base).exit_code == 0
    assert create(runner, "--name", "Troisième", "--default", *base).exit_code == 0
    session.rollback()
    defaults = session.exec(select(Board.name).where(Board.is_default)).all()
    assert defaults == ["Troisième"]


def test_several_chairs_and_the_default_quorum(runner, session, world):
    result = create(
        runner, "--name", "Bureau", "--chair", "reviewer@a.example", "--chair", "admin@a.example"
    )
    assert result.exit_code == 0, result.output
    session.rollback()
    board = session.exec(select(Board)).one()
    assert board.quorum == 2
    assert set(members_of(session, board).values()) == {True}


def test_an_unknown_email_is_one_line(runner, session, world):
    line = one_line_error(create(runner, "--name", "X", "--chair", "nobody@a.example"))
    assert "nobody@a.example" in line
    session.rollback()
    assert session.exec(select(Board)).all() == []


def test_a_colleague_of_another_organisation_is_refused(runner, world):
    line = one_line_error(create(runner, "--name", "X", "--chair", "reviewer@b.example"))
    assert "reviewer@b.example" in line


def test_a_quorum_above_the_members_is_one_line(runner, world):
    line = one_line_error(
        create(runner, "--name", "X", "--chair", "reviewer@a.example", "--quorum", "2")
    )
    assert "quorum" in line


def test_a_name_in_use_is_one_line(runner, world):
    args = ["--name", "Comité", "--chair", "reviewer@a.example", "--quorum", "1"]
    assert create(runner, *args).exit_code == 0
    assert "name" in one_line_error(create(runner, *args))


def test_an_unknown_organisation_is_one_line(runner, world):
    result = runner.invoke(
        args=["boards", "create", "--organisation", "Nulle part", "--name", "X", "--chair", "a@b.c"]
    )
    assert "Nulle part" in one_line_error(result)


def test_an_organisation_without_admin_is_one_line(runner, session, world):
    org = user_service.get_or_create_organisation(session=session, name="Mairie C", now=NOW)
    session.commit()
    make_user(session, org, "reviewer@c.example", "reviewer", NOW)
    result = runner.invoke(
        args=[
            "boards", "create", "--organisation", "Mairie C",
            "--name", "X", "--chair", "reviewer@c.example", "--quorum", "1",
        ]
    )  # fmt: skip
    assert "no active admin" in one_line_error(result)


def test_a_chair_is_required_and_the_quorum_positive(runner, world):
    missing = create(runner, "--name", "X")
    assert missing.exit_code == 2 and "--chair" in missing.output
    zero = create(runner, "--name", "X", "--chair", "reviewer@a.example", "--quorum", "0")
    assert zero.exit_code == 2 and "--quorum" in zero.output
