"""WTForms forms (Flask-WTF, CSRF on every form). Labels are English msgids, lazily translated."""

from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l

try:
    from wtforms.fields.choices import SelectChoice
except ImportError:  # WTForms < 3.3 only knows (value, label) pairs
    SelectChoice = None

ROLE_CHOICES = [
    ("agent", _l("Agent")),
    ("reviewer", _l("Reviewer")),
    ("admin", _l("Administrator")),
]


def select_choices(pairs: Iterable[tuple[str, Any]]) -> list[Any]:
    """`choices=` for a SelectField from (value, label) pairs.

    WTForms 3.3 deprecates plain tuples (a warning, hence an error under pytest).
    """
    if SelectChoice is None:
        return list(pairs)
    return [SelectChoice(value, label) for value, label in pairs]
