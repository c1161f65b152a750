"""The operation registry: each endpoint is declared once, and routed and documented from it."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, wraps
from typing import Any

from flask import Blueprint, Response, jsonify
from pydantic import BaseModel, TypeAdapter
from werkzeug.exceptions import NotFound

from tracker.api import inputs

blueprint = Blueprint("api", __name__)

JSON = "application/json"
# Ids are 32-bit integer columns: a larger number in a URL is simply not found (404),
# instead of an out-of-range error from the database.
MAX_ID = 2**31 - 1


@dataclass(frozen=True)
class Reply:
    """One documented response: its model (a pydantic type), description and media type."""

    description: str
    model: Any = None
    media_type: str = JSON
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Operation:
    """One endpoint as the document shows it and as the wrapper enforces it."""

    method: str
    path: str
    endpoint: str
    summary: str
    description: str
    tag: str
    public: bool
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    replies: dict[int, Reply]
    problems: tuple[int, ...]
    # The media type of a body the view reads itself (e.g. text/csv), documented as a string.
    raw_body: str | None = None

    @property
    def rule(self) -> str:
        """The Flask rule: every path parameter is an integer id (its range checked on call)."""
        # Not int(min=, max=): werkzeug answers 405 instead of 404 when a value is out of range
        # and another method's rule has the same path.
        return self.path.replace("{", "<int:").replace("}", ">")

    @property
    def path_params(self) -> list[str]:
        """The names of the path parameters, in order."""
        # A parameter may be followed by a suffix in its segment (`/meetings/{meeting_id}.ics`).
        return re.findall(r"\{(\w+)\}", self.path)


OPERATIONS: list[Operation] = []


def find(endpoint: str | None) -> Operation | None:
    """The operation behind a Flask endpoint name (`api.<name>`), if any."""
    for op in OPERATIONS:
        if f"{blueprint.name}.{op.endpoint}" == endpoint:
            return op
    return None


def _problems(
    public: bool, body: type[BaseModel] | None, extra: tuple[int, ...], path: str
) -> tuple:
    codes = set(extra)
    if "{" in path:
        codes.add(404)  # an id nobody has, or that the caller may not see
    if not public:
        codes.add(401)
    if body is not None:
        codes.update({400, 415, 422})
    return tuple(sorted(codes))


def operation(
    method: str,
    path: str,
    *,
    summary: str,
    replies: dict[int, Reply],
    tag: str,
    description: str = "",
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    problems: tuple[int, ...] = (),
    public: bool = False,
    raw_body: str | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare, route and document an endpoint.

    The view receives the path parameters, then `body=` and `query=` as validated models, and
    returns `(payload, status)` or `(payload, status, headers)`; the payload is dumped with
    the model declared for that status, or returned as is when it is a Response.
    """

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        op = Operation(
            method=method,
            path=path,
            endpoint=view.__name__,
            summary=summary,
            description=description or (view.__doc__ or "").strip(),
            tag=tag,
            public=public,
            body=body,
            query=query,
            replies=replies,
            problems=_problems(public, body, problems, path),
            raw_body=raw_body,
        )

        @wraps(view)
        def wrapper(**path_values: Any) -> Response:
            if any(not 1 <= value <= MAX_ID for value in path_values.values()):
                raise NotFound()
            kwargs = dict(path_values)
            if op.body is not None:
                kwargs["body"] = inputs.body_as(op.body)
            if op.query is not None:
                kwargs["query"] = inputs.query_as(op.query)
            return _respond(op, view(**kwargs))

        OPERATIONS.append(op)
        blueprint.add_url_rule(op.rule, op.endpoint, wrapper, methods=[method])
        return wrapper

    return decorator


@cache
def adapter(model: Any) -> TypeAdapter:
    """One TypeAdapter per response type (building them is costly)."""
    return TypeAdapter(model)


def _respond(op: Operation, result: Any) -> Response:
    if isinstance(result, Response):
        return result
    payload, status, *rest = result
    reply = op.replies[status]
    data = adapter(reply.model).dump_python(payload, mode="json")
    response = jsonify(data)
    response.status_code = status
    for name, value in (rest[0] if rest else {}).items():
        response.headers[name] = value
    return response
