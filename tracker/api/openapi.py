"""The OpenAPI 3.1 document, generated from the operation registry and the pydantic models.

Each model's JSON schema is made with `ref_template="#/components/schemas/{model}"` and its
`$defs` are collected into components.schemas, so every model appears once and is referenced.
"""

from functools import lru_cache
from typing import Any

from pydantic import BaseModel, TypeAdapter

from tracker.api.problems import MEDIA_TYPE as PROBLEM_MEDIA_TYPE
from tracker.api.registry import JSON, MAX_ID, OPERATIONS, Operation, Reply
from tracker.api.schemas import Problem

REF = "#/components/schemas/{model}"
SECURITY_SCHEME = "bearerAuth"
TAGS = ("experiments", "workflow", "history", "documentation")

PROBLEM_DESCRIPTIONS = {
    400: "Malformed request: the body is not JSON.",
    401: "No token, or an unknown or revoked one, or a deactivated account.",
    403: "You may see this experiment but not do this.",
    404: "Unknown, or not visible to you (internal to another organisation).",
    409: "The version you sent is stale, or the step is not possible from the current state.",
    413: "The body is larger than the limit.",
    415: "The body is not sent with the documented media type.",
    422: "Invalid input (`errors` maps fields to messages) or a missing condition (`reasons`).",
    429: "Too many requests.",
}

DESCRIPTION = (
    "The JSON API of Droit à l'essai. Authenticate with a personal token "
    "(`tracker tokens create --email E`) sent as `Authorization: Bearer <token>`. "
    "Errors are `application/problem+json`. Writes to an experiment carry the `version` "
    "you read: a stale one is refused with 409, never silently overwritten."
)


class _Schemas:
    """Collects component schemas while the paths are written."""

    def __init__(self) -> None:
        self.components: dict[str, Any] = {}

    def of(self, model: Any, mode: str) -> dict[str, Any]:
        """A schema for a pydantic type: a $ref for models, inline for lists and the like."""
        if isinstance(model, type) and issubclass(model, BaseModel):
            schema = model.model_json_schema(ref_template=REF, mode=mode)  # type: ignore[arg-type]
            self._collect(schema)
            self.components[model.__name__] = schema
            return {"$ref": REF.format(model=model.__name__)}
        schema = TypeAdapter(model).json_schema(ref_template=REF, mode=mode)  # type: ignore[arg-type]
        self._collect(schema)
        return schema

    def _collect(self, schema: dict[str, Any]) -> None:
        for name, definition in schema.pop("$defs", {}).items():
            self.components.setdefault(name, definition)


def _path_parameters(op: Operation) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        }
        for name in op.path_params
    ]


def _absent_is_null(prop: dict[str, Any]) -> dict[str, Any]:
    # An optional query parameter is simply left out: show its type without "or null".
    options = [o for o in prop.get("anyOf", []) if o != {"type": "null"}]
    if len(options) == 1:
        prop = {**{k: v for k, v in prop.items() if k != "anyOf"}, **options[0]}
    if prop.get("default", 0) is None:
        prop = {k: v for k, v in prop.items() if k != "default"}
    return prop


def _query_parameters(op: Operation) -> list[dict[str, Any]]:
    if op.query is None:
        return []
    schema = op.query.model_json_schema(ref_template=REF)
    required = set(schema.get("required", []))
    parameters = []
    for name, prop in schema["properties"].items():
        prop = _absent_is_null({k: v for k, v in prop.items() if k not in {"title", "description"}})
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": name in required,
                "description": op.query.model_fields[name].description or "",
                "schema": prop,
            }
        )
    return parameters


def _reply(reply: Reply, schemas: _Schemas) -> dict[str, Any]:
    schema = schemas.of(reply.model, "serialization") if reply.model is not None else {}
    if reply.media_type != JSON and not schema:
        schema = {"type": "string"}
    answer: dict[str, Any] = {
        "description": reply.description,
        "content": {reply.media_type: {"schema": schema}},
    }
    if reply.headers:
        answer["headers"] = {
            name: {"description": text, "schema": {"type": "string"}}
            for name, text in reply.headers.items()
        }
    return answer


def _problem_reply(status: int, schemas: _Schemas) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "description": PROBLEM_DESCRIPTIONS.get(status, "Error."),
        "content": {PROBLEM_MEDIA_TYPE: {"schema": schemas.of(Problem, "serialization")}},
    }
    if status == 401:
        answer["headers"] = {
            "WWW-Authenticate": {"description": "Bearer", "schema": {"type": "string"}}
        }
    return answer


def _operation(op: Operation, schemas: _Schemas) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "operationId": op.endpoint,
        "summary": op.summary,
        "tags": [op.tag],
    }
    if op.description:
        spec["description"] = op.description
    parameters = _path_parameters(op) + _query_parameters(op)
    if parameters:
        spec["parameters"] = parameters
    if op.body is not None:
        spec["requestBody"] = {
            "required": True,
            "content": {JSON: {"schema": schemas.of(op.body, "validation")}},
        }
    elif op.raw_body is not None:
        spec["requestBody"] = {
            "required": True,
            "content": {op.raw_body: {"schema": {"type": "string"}}},
        }
    responses = {str(status): _reply(reply, schemas) for status, reply in op.replies.items()}
    for status in op.problems:
        responses[str(status)] = _problem_reply(status, schemas)
    spec["responses"] = responses
    if op.public:
        spec["security"] = []
    return spec


@lru_cache(maxsize=8)
def document(server_url: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document of every registered operation, for a server at this URL."""
    schemas = _Schemas()
    paths: dict[str, dict[str, Any]] = {}
    ordered = sorted(OPERATIONS, key=lambda op: TAGS.index(op.tag) if op.tag in TAGS else len(TAGS))
    for op in ordered:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, schemas)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Droit à l'essai", "version": "1.0.0", "description": DESCRIPTION},
        "servers": [{"url": server_url}],
        "tags": [{"name": tag} for tag in dict.fromkeys(op.tag for op in ordered)],
        "paths": paths,
        "components": {
            "schemas": dict(sorted(schemas.components.items())),
            "securitySchemes": {
                SECURITY_SCHEME: {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A personal token: `tracker tokens create --email E`.",
                }
            },
        },
        "security": [{SECURITY_SCHEME: []}],
    }
