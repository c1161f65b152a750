"""CSV and JSON, written row by row (generators): a large export is never one list in memory.

Decisions (documented in the README, read back by the import):
- CSV for people (UI, API, CLI) is Excel-friendly for French users: UTF-8 with a BOM and `;`
  as the separator (French Excel splits on `;`, as the decimal separator is the comma).
  Numbers keep the dot. The open-data package uses plain UTF-8 and `,` (data.gouv.fr practice).
- Cells are safe against formula injection: a text starting with = + - @ (or a tab or carriage
  return) gets a leading apostrophe; a text starting with an apostrophe followed by one of those
  (or another apostrophe) gets one too, so `unescape` gives back exactly what was written.
- Lists are JSON arrays inside the cell; dates are YYYY-MM-DD; times are UTC, ISO 8601, `Z`.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


@dataclass(frozen=True)
class Dialect:
    """How a CSV file is written: separator and byte order mark."""

    delimiter: str
    bom: bool


EXCEL = Dialect(delimiter=";", bom=True)
OPEN_DATA = Dialect(delimiter=",", bom=False)


def escape(text: str) -> str:
    """The text, made inert for spreadsheets (see the module docstring)."""
    if text[:1] in TRIGGERS or (text[:1] == "'" and text[1:2] in (*TRIGGERS, "'")):
        return "'" + text
    return text


def unescape(text: str) -> str:
    """The inverse of `escape`."""
    if text[:1] == "'" and text[1:2] in (*TRIGGERS, "'"):
        return text[1:]
    return text


def plain(value: Any) -> Any:
    """A value as JSON carries it: dates and times as ISO text, UTC with `Z`."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def cell(value: Any) -> str:
    """One CSV cell."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return escape(str(value))


def csv_lines(rows: Iterable[dict[str, Any]], dialect: Dialect, names: list[str]) -> Iterator[str]:
    """The CSV text, a line (header, then one row) at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(names)
    yield (BOM if dialect.bom else "") + flush()
    for row in rows:
        writer.writerow([cell(row.get(name)) for name in names])
        yield flush()


def json_chunks(rows: Iterable[dict[str, Any]], names: list[str]) -> Iterator[str]:
    """A JSON array of objects with the same keys as the CSV columns, a row at a time."""
    yield "["
    for index, row in enumerate(rows):
        item = {name: plain(row.get(name)) for name in names}
        yield ("," if index else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]\n"
