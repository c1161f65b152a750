"""Reading an experiments CSV in the export's format: decoding, separator, header, cells.

The reader accepts what the writers produce (UTF-8 with or without BOM, `;` or `,`) and
reports every problem with its line and column; it never touches the database.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tracker.exports.columns import EXPERIMENTS
from tracker.exports.writers import unescape
from workflows.definition import N_

# What an import may change; the other exported columns are read-only and ignored.
WRITABLE = (
    "title",
    "visibility",
    "territory",
    "theme",
    "problem",
    "hypothesis",
    "target_users",
    "success_criteria",
    "stop_criteria",
    "planned_start",
    "planned_end",
    "team",
)
KNOWN = set(EXPERIMENTS.names())
TYPES = {c.name: c.type for c in EXPERIMENTS.columns}


@dataclass
class Problem:
    """One refusal: the line (1 is the header; 0 the whole file), the column, the message."""

    line: int
    column: str | None
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, translate: Any = None) -> str:
        """The problem in one line (translated when a gettext function is given)."""
        if translate is not None:
            message = translate(self.message, **self.params)
        else:
            message = self.message % self.params if self.params else self.message
        where = f"line {self.line}" if self.line else "file"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {message}"


@dataclass
class Row:
    """One data row: its first line in the file and its typed cells (present columns only)."""

    line: int
    values: dict[str, Any]
    raw: tuple[str, ...]


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _decode(data: bytes, max_bytes: int) -> tuple[str | None, Problem | None]:
    if len(data) > max_bytes:
        message = N_("The file is larger than %(limit)s bytes: split it.")
        return None, Problem(0, None, message, {"limit": max_bytes})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, Problem(0, None, N_("The file is not UTF-8 text."))
    if "\x00" in text:
        return None, Problem(0, None, N_("The file is not a CSV text file."))
    if not text.strip():
        return None, Problem(0, None, N_("The file is empty."))
    return text, None


def _cell(name: str, text: str) -> Any:
    """A typed value, or raises ValueError with a message id."""
    kind = TYPES[name]
    if kind == "array":
        if not text.strip():
            return []
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            raise ValueError(N_('Expected a JSON array, such as ["a", "b"].')) from None
        if not isinstance(value, list):
            raise ValueError(N_('Expected a JSON array, such as ["a", "b"].'))
        return value
    if kind == "integer":
        if not text.strip():
            return None
        if not text.strip().isdigit() or len(text.strip()) > 10:
            raise ValueError(N_("Expected a whole number."))
        return int(text)
    if kind == "date":
        if not text.strip():
            return None
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            raise ValueError(N_("Expected a date as YYYY-MM-DD.")) from None
    return unescape(text)


def _header(names: list[str]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for name in names:
        if name not in KNOWN:
            problems.append(Problem(1, name or "?", N_("Unknown column.")))
        elif name in seen:
            problems.append(Problem(1, name, N_("This column appears twice.")))
        seen.add(name)
    if "title" not in seen:
        problems.append(Problem(1, "title", N_("This column is required.")))
    if "id" in seen and "version" not in seen:
        problems.append(Problem(1, "version", N_("Updates (an id) need the version column.")))
    return problems


def parse(data: bytes, *, max_bytes: int, max_rows: int) -> Parsed:
    """The rows of the file with their typed values, or the problems found."""
    parsed = Parsed()
    text, problem = _decode(data, max_bytes)
    if text is None:
        parsed.problems.append(problem)  # type: ignore[arg-type]
        return parsed
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        names = [name.strip() for name in next(reader)]
        parsed.problems.extend(_header(names))
        if parsed.problems:
            return parsed
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if not any(cell.strip() for cell in cells):
                continue
            if len(parsed.rows) >= max_rows:
                message = N_("More than %(limit)s rows: split the file.")
                parsed.problems.append(Problem(line, None, message, {"limit": max_rows}))
                return parsed
            parsed.rows.append(_row(line, names, cells, parsed.problems))
    except csv.Error as error:
        message = N_("This line is not valid CSV (%(error)s).")
        parsed.problems.append(Problem(reader.line_num, None, message, {"error": str(error)}))
    return parsed


def _row(line: int, names: list[str], cells: list[str], problems: list[Problem]) -> Row:
    if len(cells) != len(names):
        message = N_("Expected %(expected)s cells, found %(found)s.")
        problems.append(Problem(line, None, message, {"expected": len(names), "found": len(cells)}))
    values: dict[str, Any] = {}
    for name, text in zip(names, cells, strict=False):
        try:
            values[name] = _cell(name, text)
        except ValueError as error:
            problems.append(Problem(line, name, str(error)))
    return Row(line=line, values=values, raw=tuple(cells))
