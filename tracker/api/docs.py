"""GET /openapi.json and GET /docs: the document, and an HTML page generated from it.

Both are public: they describe the API, not anyone's data. The page uses no JavaScript and
no CDN, so it works under the strict Content-Security-Policy.
"""

import json
from typing import Any

from flask import Response, current_app, jsonify, render_template, request

from tracker.api import openapi
from tracker.api.problems import GUARD_TYPE, TYPES
from tracker.api.registry import Reply, operation

CONSTRAINTS = ("minLength", "maxLength", "minimum", "maximum", "maxItems", "default")

PROBLEM_TYPES = {
    TYPES[401]: "No token, an unknown or revoked one, or a deactivated account.",
    TYPES[403]: "You may see the experiment but not do this.",
    TYPES[404]: "Unknown, or invisible to you: an internal experiment of another organisation.",
    TYPES[409]: "Stale version (reload and retry), or a step impossible from the current state.",
    TYPES[422]: "Invalid input: `errors` maps each field to its messages.",
    GUARD_TYPE: "A step whose conditions are missing: `reasons` lists each one.",
    TYPES[429]: "Too many requests: wait and retry.",
}


def _server_url() -> str:
    return request.script_root + current_app.extensions.get("tracker.api_prefix", "/api/v1")


@operation(
    "GET",
    "/openapi.json",
    summary="This API's OpenAPI 3.1 document",
    tag="documentation",
    public=True,
    replies={200: Reply("The OpenAPI document.", dict[str, Any])},
)
def openapi_document() -> Response:
    """Generated from the same declarations that route and validate every operation."""
    return jsonify(openapi.document(_server_url()))


@operation(
    "GET",
    "/docs",
    summary="This API's documentation page",
    tag="documentation",
    public=True,
    replies={200: Reply("An HTML page.", media_type="text/html")},
)
def docs() -> Response:
    """Every operation with its parameters, request and response schemas, as HTML."""
    document = openapi.document(_server_url())
    page = render_template(
        "api/docs.html",
        document=document,
        server=document["servers"][0]["url"],
        operations=_operations(document),
        schemas=_schemas(document),
        problem_types=PROBLEM_TYPES,
    )
    return Response(page, mimetype="text/html")


def describe(schema: dict[str, Any]) -> list[tuple[str, str | None]]:
    """A schema as readable parts: (text, anchor of a component schema or None)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return [(name, f"schema-{name}")]
    if "anyOf" in schema:
        parts: list[tuple[str, str | None]] = []
        for index, option in enumerate(schema["anyOf"]):
            parts += ([(" or ", None)] if index else []) + describe(option)
        return parts
    if "enum" in schema:
        return [("one of: " + ", ".join(str(value) for value in schema["enum"]), None)]
    kind = schema.get("type")
    if kind == "array":
        return [("array of ", None)] + describe(schema.get("items", {}))
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return [("object of ", None)] + describe(schema["additionalProperties"])
    if kind:
        return [(f"{kind} ({schema['format']})" if "format" in schema else str(kind), None)]
    return [("any", None)]


def _notes(schema: dict[str, Any]) -> str:
    return ", ".join(f"{key}: {json.dumps(schema[key])}" for key in CONSTRAINTS if key in schema)


def _operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    operations = []
    for path, methods in document["paths"].items():
        for method, spec in methods.items():
            body = spec.get("requestBody", {}).get("content", {}).get("application/json")
            operations.append(
                {
                    "id": spec["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": spec["summary"],
                    "description": spec.get("description", ""),
                    "public": spec.get("security") == [],
                    "parameters": [
                        {**p, "parts": describe(p["schema"]), "notes": _notes(p["schema"])}
                        for p in spec.get("parameters", [])
                    ],
                    "body": describe(body["schema"]) if body else None,
                    "responses": [
                        {
                            "status": status,
                            "description": reply["description"],
                            "media_types": [
                                (media, describe(content["schema"]))
                                for media, content in reply.get("content", {}).items()
                            ],
                        }
                        for status, reply in spec["responses"].items()
                    ],
                }
            )
    return operations


def _schemas(document: dict[str, Any]) -> list[dict[str, Any]]:
    schemas = []
    for name, schema in document["components"]["schemas"].items():
        required = set(schema.get("required", []))
        schemas.append(
            {
                "name": name,
                "description": schema.get("description", ""),
                "closed": schema.get("additionalProperties") is False,
                "properties": [
                    {
                        "name": prop_name,
                        "required": prop_name in required,
                        "parts": describe(prop),
                        "notes": _notes(prop),
                        "description": prop.get("description", ""),
                    }
                    for prop_name, prop in schema.get("properties", {}).items()
                ],
            }
        )
    return schemas
