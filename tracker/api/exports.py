"""Exports: GET /exports/{what}.csv|.json, what the token's owner may see, streamed.

The CSV is the Excel-friendly one (UTF-8 with BOM, `;`); the JSON an array of objects with the
same keys as the CSV columns. The experiment exports take the list's filters.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Response
from pydantic import BaseModel, ConfigDict, Field, create_model

from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.api.schemas import State, Theme
from tracker.exports import download
from tracker.exports.columns import RESOURCES, Resource
from tracker.exports.download import CSV

TAG = "exports"
_TYPES: dict[str, Any] = {
    "string": str,
    "integer": int,
    "number": float,
    "boolean": bool,
    "date": date,
    "datetime": str,
    "array": list[Any],
}


class ExportQuery(BaseModel):
    """The experiment list's filters (the other resources take none)."""

    model_config = ConfigDict(extra="forbid")

    state: State | None = Field(default=None, description="Only experiments in this state.")
    territory: str | None = Field(default=None, max_length=200, description="Exact, any case.")
    q: str | None = Field(default=None, max_length=200, description="Words in title or text.")
    theme: Theme | None = Field(default=None, description="Only experiments of this theme.")


def row_model(resource: Resource) -> type[BaseModel]:
    """The JSON object of one exported row (documentation of the .json export)."""
    fields: dict[str, Any] = {
        c.name: (_TYPES[c.type] | None, Field(description=c.description)) for c in resource.columns
    }
    name = "Export" + resource.name.title() + "Row"
    return create_model(name, **fields)  # type: ignore[call-overload, no-any-return]


def _export(resource: Resource, kind: str, query: ExportQuery | None) -> Response:
    filters = query.model_dump(exclude_none=True) if query else {}
    return download.response(resource.name, kind, current_user(), **filters)


def _declare(resource: Resource, kind: str) -> None:
    reply = (
        Reply(f"{resource.title}: CSV (UTF-8 with BOM, `;`).", media_type=CSV)
        if kind == "csv"
        else Reply(f"{resource.title}: the same columns as keys.", list[row_model(resource)])
    )
    filtered = resource.name == "experiments"

    def view(*, query: ExportQuery | None = None) -> Response:
        return _export(resource, kind, query)

    view.__name__ = f"export_{resource.name}_{kind}"
    view.__doc__ = f"The {resource.title.lower()} you may see, as {kind.upper()}, streamed."
    declare: Callable[..., Any] = operation(
        "GET",
        f"/exports/{resource.name}.{kind}",
        summary=f"Export {resource.title.lower()} ({kind.upper()})",
        tag=TAG,
        query=ExportQuery if filtered else None,
        replies={200: reply},
        problems=(400, 422) if filtered else (),
    )
    declare(view)


for _resource in RESOURCES.values():
    for _kind in ("csv", "json"):
        _declare(_resource, _kind)
