"""A streamed HTTP download of one resource, shared by the API, the lists and the portal.

The rows are read while the response is sent, from a session of the download's own: the
request (and its session) may be gone by then, and an unread response must not hold one.
"""

from collections.abc import Iterator
from typing import Any

from flask import Response
from sqlalchemy import Engine
from sqlmodel import Session

from tracker.db import get_engine
from tracker.exports import sources, writers
from tracker.exports.columns import RESOURCES
from tracker.models import User

CSV = "text/csv"


def _rows(
    engine: Engine, what: str, reader_id: int | None, filters: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    with Session(engine, expire_on_commit=False) as session:
        reader = session.get(User, reader_id) if reader_id is not None else None
        if reader is None and reader_id is not None:
            return
        yield from sources.rows(session, what, reader, **filters)


def _chunks(
    engine: Engine, what: str, kind: str, reader_id: int | None, filters: dict[str, Any]
) -> Iterator[str]:
    names = RESOURCES[what].names(public_only=reader_id is None)
    # The header (or "[") goes out before the session opens: a server, and the test client,
    # pull the first chunk at once, and a body left unread then holds no connection.
    rows = _rows(engine, what, reader_id, filters)
    try:
        if kind == "csv":
            yield from writers.csv_lines(rows, writers.EXCEL, names)
        else:
            yield from writers.json_chunks(rows, names)
    finally:
        rows.close()  # a body closed early gives its connection back now, not at collection


def response(what: str, kind: str, reader: User | None, **filters: Any) -> Response:
    """The download of `what` as `kind` (csv|json): what the reader sees, or public rows."""
    chunks = _chunks(get_engine(), what, kind, reader.id if reader else None, filters)
    media_type = CSV + "; charset=utf-8" if kind == "csv" else "application/json"
    return Response(
        chunks,
        mimetype=media_type,
        headers={"Content-Disposition": f'attachment; filename="{what}.{kind}"'},
    )
