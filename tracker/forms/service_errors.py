"""Service refusals shown on forms: messages in the user's language, on the right field."""

import re
from typing import Any

from flask_babel import gettext
from wtforms import FieldList, FormField
from wtforms.fields.core import Field

from workflows.definition import N_

# Messages of the input models (pydantic) rewritten for people, with the field they concern
# when the model reports them for the whole record.
_FRIENDLY: dict[str, tuple[str | None, str]] = {
    "String should have at least 1 character": (None, N_("This field is required.")),
    "title must not be blank": (None, N_("This field is required.")),
    "planned_end must not be before planned_start": (
        "planned_end",
        N_("The planned end must not be before the planned start."),
    ),
    "a measurement needs an indicator": ("indicator", N_("A measurement needs an indicator.")),
    "a measurement needs a value": ("value", N_("A measurement needs a value.")),
    "the entry needs a text": ("body", N_("Write the entry.")),
}
# Service messages that carry data after a translatable prefix.
_PREFIXES = (
    N_("No active colleague with this email: "),
    N_("No measured value in the journal for: "),
    N_("Not an open gate of this board: "),
    N_("Not one of the experiment's stop criteria: "),
)
_TOO_LONG = re.compile(r"(?:String|List) should have at most (\d+) (?:characters|items)")


def translate(message: str) -> str:
    """A service or input-model message in the user's language."""
    friendly = _FRIENDLY.get(message)
    if friendly:
        return gettext(friendly[1])
    for prefix in _PREFIXES:
        if message.startswith(prefix):
            return gettext(prefix) + message[len(prefix) :]
    too_long = _TOO_LONG.match(message)
    if too_long:
        return gettext("Too long: at most %(count)s.", count=int(too_long.group(1)))
    return gettext(message)


class ServiceErrorsMixin:
    """Puts a service's {"field.0.sub": [messages]} errors back on the form's fields."""

    def _field_at(self, path: list[str], row_map: dict[str, list[int]]) -> Field | None:
        field: Any = getattr(self, path[0], None)
        # Hidden fields (the version) cannot show a message: it goes on top of the form.
        if not isinstance(field, Field) or getattr(field.widget, "input_type", "") == "hidden":
            return None
        rest = path[1:]
        if isinstance(field, FieldList) and rest and rest[0].isdigit():
            rows = row_map.get(path[0], list(range(len(field.entries))))
            position = int(rest[0])
            if position >= len(rows):
                return field
            field = field.entries[rows[position]]
            rest = rest[1:]
            if isinstance(field, FormField) and rest:
                return field.form._fields.get(rest[0], field)
        return field

    def apply_errors(self, errors: dict[str, list[str]], row_map: dict | None = None) -> None:
        """Attach each message to its field; messages about the whole record go on top."""
        for key, messages in errors.items():
            for message in messages:
                target_name, _text = _FRIENDLY.get(message, (None, message))
                path = (target_name or key).split(".")
                field = self._field_at(path, row_map or {})
                if field is None:
                    self.form_errors.append(translate(message))  # type: ignore[attr-defined]
                else:
                    field.errors = [*field.errors, translate(message)]

    def error_items(self) -> list[tuple[str, str, str]]:
        """(field id, label, message) for every field error, nested rows included."""
        items = []
        for field in self:  # type: ignore[attr-defined]
            items.extend((field.id, field.label.text, error) for error in _flat(field.errors))
            if isinstance(field, FieldList):
                for row in field.entries:
                    for leaf in row.form:
                        items.extend((leaf.id, leaf.label.text, e) for e in _flat(leaf.errors))
        return items


def _flat(errors: Any) -> list[str]:
    if isinstance(errors, dict):
        return []
    return [error for error in errors if isinstance(error, str)]
