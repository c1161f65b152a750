"""Engine per application, one session per request, SQLite pragmas."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g, has_request_context
from sqlalchemy import Engine, create_engine, event
from sqlmodel import Session
from werkzeug.wrappers import Response

_ENGINE_KEY = "tracker.engine"


def make_engine(url: str, echo: bool = False) -> Engine:
    """An engine for SQLite (WAL, busy timeout, foreign keys) or PostgreSQL."""
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # SQLite's own lower() folds ASCII only ("Île" stays "Île"): case-insensitive filters
    # and ILIKE (compiled to lower() LIKE lower()) need Unicode folding for French names.
    dbapi_connection.create_function(  # type: ignore[attr-defined]
        "lower", 1, _unicode_lower, deterministic=True
    )


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def init_app(app: Flask) -> None:
    """Create the engine and close the request session at teardown."""
    app.extensions[_ENGINE_KEY] = make_engine(
        app.config["TRACKER"]["DATABASE_URL"], app.config["TRACKER"]["SQL_ECHO"]
    )
    app.teardown_appcontext(_close_session)
    if app.config["TRACKER"].get("COUNT_QUERIES"):
        _count_queries(app)


def _count_queries(app: Flask) -> None:
    """Count the SQL statements of each request and answer them in X-Query-Count."""

    def count(*_args: object) -> None:
        # Jobs and CLI commands run outside requests: only requests are counted.
        if has_request_context():
            g.query_count = g.get("query_count", 0) + 1

    def reset() -> None:
        # Tests may keep one app context (one g) across requests: start each at zero.
        g.query_count = 0

    def header(response: Response) -> Response:
        response.headers["X-Query-Count"] = str(g.get("query_count", 0))
        return response

    event.listen(get_engine(app), "before_cursor_execute", count)
    app.before_request(reset)
    app.after_request(header)


def get_engine(app: Flask | None = None) -> Engine:
    """The engine of the current (or given) application."""
    return (app or current_app).extensions[_ENGINE_KEY]


def get_session() -> Session:
    """The session of the current request or app context, opened on first use."""
    if "db_session" not in g:
        g.db_session = Session(get_engine(), expire_on_commit=False)
    return g.db_session


@contextmanager
def session_scope(app: Flask | None = None) -> Iterator[Session]:
    """A standalone session for CLI commands and jobs, rolled back unless committed."""
    with Session(get_engine(app), expire_on_commit=False) as session:
        yield session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
