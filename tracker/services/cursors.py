"""Opaque keyset cursors: the sort key of the last row of a page, as URL-safe base64 JSON.

One encoding for every paginated list. A cursor that is not ours (edited, truncated, from
another list) is a clear 422 naming the `cursor` field, never a database error.
"""

import base64
import binascii
import json
from datetime import date, datetime
from typing import Any

from tracker.services.errors import Invalid
from workflows.definition import N_

# Ids and offsets must fit the integer columns they are compared with.
_MAX_INT = 2**63 - 1


def encode(*values: Any) -> str:
    """A cursor holding these values (dates and datetimes as ISO text)."""
    raw = [v.isoformat() if isinstance(v, date | datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")


def _parse(kind: type, value: Any) -> Any:
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_INT:
            raise ValueError(value)
        return value
    if kind is str:
        if not isinstance(value, str):
            raise ValueError(value)
        return value
    if kind is datetime:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:  # the columns hold aware UTC times
            raise ValueError(value)
        return moment
    if kind is date:
        return date.fromisoformat(value)
    raise TypeError(kind)


def decode(cursor: str, *kinds: type) -> tuple[Any, ...]:
    """The values of a cursor made by `encode`, checked against the expected kinds."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        # validate=True: a character outside the alphabet is an error, not silently dropped.
        values = json.loads(base64.b64decode(padded.encode(), altchars=b"-_", validate=True))
        if not isinstance(values, list) or len(values) != len(kinds):
            raise ValueError(cursor)
        return tuple(_parse(kind, value) for kind, value in zip(kinds, values, strict=True))
    except (ValueError, TypeError, json.JSONDecodeError, UnicodeDecodeError, binascii.Error):
        raise Invalid(errors={"cursor": [N_("This cursor is not valid.")]}) from None
