"""The board form: who sits on it, its quorum, its scorecard and the evidence expected."""

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import HiddenInput

from tracker.forms import select_choices
from tracker.forms.service_errors import ServiceErrorsMixin
from tracker.models.board import DEFAULT_EVIDENCE_LEVELS, DEFAULT_SCORECARD
from tracker.views.gates_labels import EVIDENCE_LEVEL_LABELS

# The default criteria's labels, so that a board created in French gets French labels.
DEFAULT_LABELS = {
    "legal_ok": _l("Legally possible (derogations identified)"),
    "user_value": _l("Value for users"),
    "evidence_strength": _l("Strength of the evidence"),
    "feasibility": _l("Feasibility"),
    "cost": _l("Cost"),
    "partner_commitment": _l("Partner commitment"),
}
BAD_LINE = _l("Line %(number)s: write “key | label | knockout” or “key | label | scored”.")


_DEFAULT_ENGLISH = {item["key"]: item["label"] for item in DEFAULT_SCORECARD}


def scorecard_label(item: dict[str, str]) -> str:
    """A criterion's label; the untouched default criteria are read in the reader's language."""
    if _DEFAULT_ENGLISH.get(item["key"]) == item["label"]:
        return str(DEFAULT_LABELS[item["key"]])
    return item["label"]


def _emails(text: str | None) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", text or "") if part]


def default_scorecard_text() -> str:
    """The default scorecard, one criterion a line, labels in the reader's language."""
    return "\n".join(
        f"{item['key']} | {DEFAULT_LABELS.get(item['key'], item['label'])} | {item['kind']}"
        for item in DEFAULT_SCORECARD
    )


def _levels() -> list[Any]:
    return select_choices((str(level), text) for level, text in EVIDENCE_LEVEL_LABELS.items())


class BoardForm(ServiceErrorsMixin, FlaskForm):
    """Create a review board; members and chairs are colleagues' email addresses."""

    name = StringField(_l("Name"), render_kw={"maxlength": 200, "required": True})
    chairs = TextAreaField(_l("Chairs"), render_kw={"rows": 2})
    members = TextAreaField(_l("Members"), render_kw={"rows": 3})
    quorum = IntegerField(
        _l("Quorum (votes needed before a decision)"),
        default=2,
        validators=[Optional(), NumberRange(min=1, max=100)],
    )
    is_default = BooleanField(_l("Default board of the organisation"))
    scorecard = TextAreaField(_l("Scorecard"), render_kw={"rows": 7})
    evidence_pilot = SelectField(_l("Evidence expected at the pilot gate"), validate_choice=False)
    evidence_decision = SelectField(
        _l("Evidence expected at the decision gate"), validate_choice=False
    )
    meeting_cadence = StringField(_l("Meeting cadence (optional)"), render_kw={"maxlength": 100})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.evidence_pilot.choices = _levels()
        self.evidence_decision.choices = _levels()
        if not self.is_submitted():
            self.scorecard.data = default_scorecard_text()
            self.evidence_pilot.data = str(DEFAULT_EVIDENCE_LEVELS["pilot"])
            self.evidence_decision.data = str(DEFAULT_EVIDENCE_LEVELS["decision"])

    def _scorecard(self) -> list[dict[str, str]] | None:
        """Parse "key | label | kind" lines; None (with a field error) when a line is wrong."""
        items = []
        for number, line in enumerate((self.scorecard.data or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 3 or parts[2] not in ("knockout", "scored"):
                self.scorecard.errors = [*self.scorecard.errors, str(BAD_LINE % {"number": number})]
                return None
            items.append({"key": parts[0], "label": parts[1], "kind": parts[2]})
        return items

    def to_data(self) -> dict[str, Any] | None:
        """The service's input, or None when the scorecard text cannot be read."""
        scorecard = self._scorecard()
        if scorecard is None:
            return None
        levels = {"pilot": self.evidence_pilot.data, "decision": self.evidence_decision.data}
        data = {
            "name": (self.name.data or "").strip(),
            "chairs": _emails(self.chairs.data),
            "members": _emails(self.members.data),
            "quorum": self.quorum.data if self.quorum.data is not None else 2,
            "is_default": bool(self.is_default.data),
            "scorecard": scorecard,
            "evidence_levels": {k: int(v) for k, v in levels.items() if v and v.isdigit()},
            "meeting_cadence": (self.meeting_cadence.data or "").strip(),
        }
        if not scorecard:
            del data["scorecard"]  # an emptied scorecard falls back to the default one
        return data


class BoardMemberForm(ServiceErrorsMixin, FlaskForm):
    """Add a colleague to a board (or make a member a chair), by email."""

    email = StringField(_l("Email of the colleague"), render_kw={"maxlength": 320})
    chair = BooleanField(_l("Chair of the board"))


class BoardChoiceForm(FlaskForm):
    """Which board reviews the experiment (empty: the organisation's default)."""

    board_id = SelectField(_l("Review board"), validate_choice=False)
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])

    def set_boards(self, boards: list[Any], default_name: str) -> None:
        """The organisation's boards as choices, the default first."""
        default = str(_l("The default board (%(name)s)", name=default_name))
        self.board_id.choices = select_choices(
            [("", default), *[(str(board.id), board.name) for board in boards]]
        )

    def chosen(self) -> int | None:
        """The chosen board's id, or None for the default."""
        value = (self.board_id.data or "").strip()
        return int(value) if value.isdigit() else None
