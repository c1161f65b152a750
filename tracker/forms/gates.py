"""Gate forms: a vote on the board's scorecard, a chair's decision, withdraw, scaling report.

The two requests (pilot gate, decision gate) are in tracker.forms.gate_requests.

As everywhere, the forms only parse; the services check the rules, and their Invalid errors
come back on the fields through `apply_errors` (gate errors are renamed to field names first).
"""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    TextAreaField,
)
from wtforms.fields.core import Field
from wtforms.validators import Optional
from wtforms.widgets import HiddenInput

from tracker.forms import select_choices
from tracker.forms.boards import scorecard_label
from tracker.forms.experiments import NOT_A_DATE
from tracker.forms.service_errors import ServiceErrorsMixin
from tracker.views.experiments_labels import STOP_REASON_LABELS
from tracker.views.gates_labels import (
    DECISION_LABELS,
    RESTART_LABELS,
    ROUTE_LABELS,
)
from workflows.experiment import STOP_REASONS
from workflows.gate import DECISIONS_BY_KIND

CHOOSE_DECISION = _l("Choose a decision.")
CHOOSE_VOTE = _l("Choose a recommendation.")
YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]
# Shown only when the organisation has a right-to-fail charter (the service requires it then).
CHARTER_ACKNOWLEDGED = _l("I have read the organisation's right-to-fail charter and commit to it")


def text_lines(text: str | None) -> list[str]:
    """The non-blank lines of a textarea, stripped (one item per line)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def clean_text(text: str | None) -> str:
    """A textarea's text with Unix line ends and no surrounding blanks."""
    return (text or "").replace("\r\n", "\n").strip()


class GateErrorsMixin(ServiceErrorsMixin):
    """Service error keys ("pilot_plan.territory", "scores.cost") renamed to this form's fields."""

    renames: dict[str, str] = {}

    def apply_gate_errors(self, errors: dict[str, list[str]]) -> None:
        """Attach the service's errors, renamed, to the fields (the rest on top of the form)."""
        renamed: dict[str, list[str]] = {}
        for key, messages in errors.items():
            name = key
            for prefix, replacement in self.renames.items():
                if key.startswith(prefix):
                    name = replacement + key[len(prefix) :]
            renamed.setdefault(name, []).extend(messages)
        self.apply_errors(renamed)


SCORE_CHOICES = [("", _l("Choose a score")), *[(str(n), str(n)) for n in range(1, 6)]]


def vote_form(scorecard: list[dict], kind: str, **kwargs: Any) -> Any:
    """A vote form for this gate: its recommendations, one field per scorecard criterion."""

    class VoteForm(GateErrorsMixin, FlaskForm):
        renames = {"scores.": "score_"}
        criteria = scorecard

        recommendation = RadioField(
            _l("Your recommendation"),
            choices=select_choices((d, DECISION_LABELS[d]) for d in DECISIONS_BY_KIND[kind]),
            validate_choice=False,
        )
        comment = TextAreaField(_l("Comment"), render_kw={"rows": 3})

        def validate(self, extra_validators: Any = None) -> bool:
            """A recommendation must be chosen; the scores are checked by the service."""
            valid = super().validate(extra_validators)
            if not self.recommendation.data:
                self.recommendation.errors = [*self.recommendation.errors, str(CHOOSE_VOTE)]
                valid = False
            return valid

        def score_fields(self) -> list[Field]:
            """The scorecard's fields, in the board's order."""
            return [self[f"score_{item['key']}"] for item in self.criteria]

        def to_data(self) -> dict[str, Any]:
            """The vote as the service takes it; blanks stay out so the service names them."""
            scores: dict[str, Any] = {}
            for item in self.criteria:
                value = self[f"score_{item['key']}"].data
                if item["kind"] == "knockout" and value in ("yes", "no"):
                    scores[item["key"]] = value == "yes"
                elif item["kind"] == "scored" and value and value.isdigit():
                    scores[item["key"]] = int(value)
            return {
                "recommendation": self.recommendation.data or "",
                "scores": scores,
                "comment": clean_text(self.comment.data),
            }

    for item in scorecard:
        if item["kind"] == "knockout":
            field: Field = RadioField(
                scorecard_label(item), choices=select_choices(YES_NO), validate_choice=False
            )
        else:
            field = SelectField(
                scorecard_label(item), choices=select_choices(SCORE_CHOICES), validate_choice=False
            )
        setattr(VoteForm, f"score_{item['key']}", field)
    return VoteForm(**kwargs)


class DecisionForm(GateErrorsMixin, FlaskForm):
    """A chair's decision; each decision reads only the fields it needs."""

    decision = RadioField(_l("Decision"), validate_choice=False)
    rationale = TextAreaField(_l("Rationale (required)"), render_kw={"rows": 4})
    conditions = TextAreaField(_l("Conditions of the go (one per line)"), render_kw={"rows": 3})
    route = SelectField(
        _l("Scaling route"),
        choices=select_choices([("", _l("Choose a route")), *ROUTE_LABELS.items()]),
        validate_choice=False,
    )
    scaling_plan = TextAreaField(_l("Scaling plan"), render_kw={"rows": 3})
    restart_at = RadioField(
        _l("Restart point"),
        choices=select_choices(RESTART_LABELS.items()),
        validate_choice=False,
    )
    changes = TextAreaField(_l("What changes, and why"), render_kw={"rows": 3})
    stop_reason = SelectField(
        _l("Stop reason"),
        choices=select_choices(
            [("", _l("Choose a reason")), *[(r, STOP_REASON_LABELS[r]) for r in STOP_REASONS]]
        ),
        validate_choice=False,
    )
    review_date = DateField(_l("New review date (hold)"), validators=[Optional()])
    charter_acknowledged = BooleanField(CHARTER_ACKNOWLEDGED)
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])

    def __init__(self, *args: Any, kind: str = "pilot", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.decision.choices = select_choices(
            (d, DECISION_LABELS[d]) for d in DECISIONS_BY_KIND[kind]
        )

    def validate(self, extra_validators: Any = None) -> bool:
        """Parse every field; a decision must be chosen, a bad date gets a readable message."""
        valid = super().validate(extra_validators)
        if self.review_date.errors:
            self.review_date.errors = [str(NOT_A_DATE)]
        if not self.decision.data:
            self.decision.errors = [*self.decision.errors, str(CHOOSE_DECISION)]
            valid = False
        return valid

    def to_data(self) -> dict[str, Any]:
        """The decision as the service takes it."""
        data: dict[str, Any] = {
            "decision": self.decision.data or "",
            "rationale": clean_text(self.rationale.data),
            "conditions": text_lines(self.conditions.data),
            "route": self.route.data or None,
            "scaling_plan": clean_text(self.scaling_plan.data),
            "restart_at": self.restart_at.data or None,
            "changes": clean_text(self.changes.data),
            "stop_reason": self.stop_reason.data or None,
            "review_date": self.review_date.data,
            "charter_acknowledged": bool(self.charter_acknowledged.data),
            "version": self.version.data,
        }
        return data


class WithdrawForm(FlaskForm):
    """The team withdraws its open gate, optionally saying why."""

    reason = TextAreaField(_l("Why withdraw (optional)"), render_kw={"rows": 2})


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token (mark a condition met)."""


class ScalingReportForm(FlaskForm):
    """A chair closes the scaling with its report."""

    scaling_report = TextAreaField(_l("Scaling report"), render_kw={"rows": 4})
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
